"""Deployments and schedules, declared once: `specs()` is the list; `syria-etl serve` serves
it from one process (no work pool needed), and `prefect.yaml` declares the same deployments
for a process work pool (`prefect deploy --all`); a test checks that the two agree.

- `ingest-<outlet>` for every outlet: every 30 minutes (UTC), one run at a time: a run that
  would overlap the previous one is cancelled by Prefect's concurrency limit (`CANCEL_NEW`,
  logged as such) and the next slot picks the work up;
- `dq-report`: daily, the data-quality summary and the HTML report of the last 30 days;
- `maintain`: weekly (Sunday 03:30 UTC), merge files, expire snapshots, delete old files;
- on demand (from the UI or `prefect deployment run`): `backfill-<outlet>` (ingest with
  `since`/`until`), `reparse-<outlet>`, `import-warc`, `import-events`, `enrich`.

Every deployment is tagged `syria-etl`, its stage, and its outlet where it has one. Writers
never run together whatever the schedules: they share the warehouse's writer lock.

The deployments that parse (ingest, backfill, reparse, import-warc) carry the parameter
`task_runner` (`default`, or `dask`: parse on Dask, `flows.stages.Workers`) and, with `dask`, an
optional `dask_address` (a running scheduler; else a LocalCluster per run): set them here
(`specs(task_runner=…)`), in `prefect.yaml`, or per run in the UI.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy

from sources.registry import OUTLETS

INGEST_CRON = "*/30 * * * *"
REPORT_CRON = "15 5 * * *"
MAINTAIN_CRON = "30 3 * * 0"
WORK_POOL = "syria-etl-process"


@dataclass(frozen=True)
class Spec:
    """One deployment: its flow (module:function), schedule, parameters and tags."""

    name: str
    entrypoint: str
    cron: str | None
    parameters: dict[str, Any] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    description: str = ""

    @property
    def one_at_a_time(self) -> bool:
        """Scheduled runs never overlap (a concurrency limit of one, new runs cancelled)."""
        return self.cron is not None


def specs(
    outlets: Sequence[str] | None = None,
    base_url: str | None = None,
    data_dir: str | None = None,
    task_runner: str = "default",
    dask_address: str | None = None,
) -> list[Spec]:
    """The deployments for these outlets (default: every registered outlet); the parsing ones
    run on `task_runner` (`default` or `dask`, at `dask_address` when given)."""
    from flows.stages import make_task_runner

    make_task_runner(task_runner, dask_address)  # a bad choice fails here, not in every run
    where = {"data_dir": data_dir} if data_dir else {}
    runner = {
        "task_runner": task_runner,
        **({"dask_address": dask_address} if dask_address else {}),
    }
    out: list[Spec] = []
    for outlet in outlets or list(OUTLETS):
        site = {"source": outlet, **({"base_url": base_url} if base_url else {}), **where}
        parsing = {**site, **runner}
        out += [
            Spec(f"ingest-{outlet}", "flows/ingest.py:ingest_flow", INGEST_CRON, parsing,
                 ("syria-etl", "ingest", outlet),
                 f"Discover and load new {outlet} pages every 30 minutes (UTC)."),
            Spec(f"backfill-{outlet}", "flows/ingest.py:ingest_flow", None,
                 {**parsing, "since": None, "until": None}, ("syria-etl", "backfill", outlet),
                 f"Walk {outlet}'s sitemaps and listings back over a date range."),
            Spec(f"reparse-{outlet}", "flows/reparse.py:reparse_flow", None,
                 {"source": outlet, **where, **runner}, ("syria-etl", "reparse", outlet),
                 "Rebuild the articles from the WARC archive with the current parser."),
        ]  # fmt: skip
    out += [
        Spec("import-warc", "flows/reparse.py:import_warc_flow", None, {**where, **runner},
             ("syria-etl", "import"), "Load responses from WARC files made elsewhere."),
        Spec("import-events", "flows/events.py:import_events_flow", None, {**where},
             ("syria-etl", "import"), "Import UCDP GED or ACLED exports."),
        Spec("enrich", "flows/enrich.py:enrich_flow", None, {**where},
             ("syria-etl", "enrich"), "Re-annotate articles after a dictionary change."),
        Spec("dq-report", "flows/report.py:report_flow", REPORT_CRON, {**where},
             ("syria-etl", "report"), "Daily data-quality summary and the HTML report."),
        Spec("maintain", "flows/maintain.py:maintain_flow", MAINTAIN_CRON, {**where},
             ("syria-etl", "maintain"), "Weekly: merge files, expire snapshots, clean up."),
    ]  # fmt: skip
    return out


def _flow(entrypoint: str) -> Any:
    """The flow object an entrypoint names."""
    import importlib

    path, name = entrypoint.split(":")
    module = path.removesuffix(".py").replace("/", ".")
    return getattr(importlib.import_module(module), name)


def runner_deployment(spec: Spec) -> Any:
    """The deployment `serve` runs for a spec."""
    limit = (
        ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW)
        if spec.one_at_a_time
        else None
    )
    return _flow(spec.entrypoint).to_deployment(
        name=spec.name,
        cron=spec.cron,
        concurrency_limit=limit,
        parameters=spec.parameters,
        description=spec.description,
        tags=list(spec.tags),
    )


def serve_all(
    outlets: Sequence[str] | None,
    base_url: str | None,
    data_dir: str | None,
    task_runner: str = "default",
    dask_address: str | None = None,
) -> None:  # pragma: no cover - blocks until interrupted
    """Serve every deployment from this process; stopping it does not pause the schedules."""
    from prefect import serve

    deployments = specs(outlets, base_url, data_dir, task_runner, dask_address)
    serve(*(runner_deployment(s) for s in deployments), pause_on_shutdown=False)
