"""The deployments: what `syria-etl serve` serves and what `prefect.yaml` declares agree."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from flows.deploy import INGEST_CRON, WORK_POOL, runner_deployment, specs
from sources.registry import OUTLETS

PREFECT_YAML = Path(__file__).resolve().parents[2] / "prefect.yaml"


def as_declared(spec: Any) -> dict[str, Any]:
    """A spec in prefect.yaml's terms."""
    return {
        "name": spec.name,
        "entrypoint": spec.entrypoint,
        "parameters": spec.parameters,
        "tags": list(spec.tags),
        "cron": spec.cron,
        "one_at_a_time": spec.one_at_a_time,
    }


def from_yaml(entry: dict[str, Any]) -> dict[str, Any]:
    schedules = entry.get("schedules") or []
    limit = entry.get("concurrency_limit") or {}
    assert entry["work_pool"]["name"] == WORK_POOL
    return {
        "name": entry["name"],
        "entrypoint": entry["entrypoint"],
        "parameters": entry.get("parameters") or {},
        "tags": entry.get("tags") or [],
        "cron": schedules[0]["cron"] if schedules else None,
        "one_at_a_time": limit == {"limit": 1, "collision_strategy": "CANCEL_NEW"},
    }


def test_prefect_yaml_declares_exactly_the_served_deployments() -> None:
    declared = yaml.safe_load(PREFECT_YAML.read_text(encoding="utf-8"))["deployments"]
    assert sorted((from_yaml(d) for d in declared), key=lambda d: d["name"]) == sorted(
        (as_declared(s) for s in specs()), key=lambda d: d["name"]
    )


def test_every_outlet_is_ingested_every_30_minutes_one_run_at_a_time() -> None:
    by_name = {s.name: s for s in specs()}
    for outlet in OUTLETS:
        ingest = by_name[f"ingest-{outlet}"]
        assert ingest.cron == INGEST_CRON and ingest.one_at_a_time
        assert ingest.parameters == {"source": outlet, "task_runner": "default"}
        assert {"syria-etl", "ingest", outlet} == set(ingest.tags)
        assert by_name[f"backfill-{outlet}"].cron is None
        assert by_name[f"reparse-{outlet}"].cron is None
    assert by_name["dq-report"].cron == "15 5 * * *"
    assert by_name["maintain"].cron == "30 3 * * 0"
    on_demand = {n for n, s in by_name.items() if s.cron is None}
    assert {"import-warc", "import-events", "enrich"} <= on_demand


def test_served_deployments_carry_schedule_limit_and_parameters() -> None:
    [spec] = [s for s in specs(["aawsat"], "http://127.0.0.1:8000", "/srv/syria") if
              s.name == "ingest-aawsat"]  # fmt: skip
    deployment = runner_deployment(spec)
    assert deployment.name == "ingest-aawsat"
    assert deployment.parameters == {
        "source": "aawsat",
        "base_url": "http://127.0.0.1:8000",
        "data_dir": "/srv/syria",
        "task_runner": "default",
    }
    [schedule] = deployment.schedules
    assert schedule.schedule.cron == INGEST_CRON
    assert deployment.concurrency_limit == 1
    assert deployment.concurrency_options.collision_strategy == "CANCEL_NEW"
    assert set(deployment.tags) == {"syria-etl", "ingest", "aawsat"}
    reparse = runner_deployment(next(s for s in specs(["aawsat"]) if s.name == "reparse-aawsat"))
    assert not reparse.schedules and reparse.concurrency_limit is None


def test_the_parsing_deployments_choose_their_task_runner() -> None:
    parsing = {"ingest", "backfill", "reparse", "import-warc"}
    chosen = specs(["aawsat"], task_runner="dask", dask_address="tcp://10.0.0.5:8786")
    for spec in chosen:
        stage = spec.name.removesuffix("-aawsat")
        runner = {k: spec.parameters.get(k) for k in ("task_runner", "dask_address")}
        if stage in parsing:
            assert runner == {"task_runner": "dask", "dask_address": "tcp://10.0.0.5:8786"}
            # the flow takes them as parameters: a served or work-pool run honours them
            deployment = runner_deployment(spec)
            assert deployment.parameters["task_runner"] == "dask"
            schema = deployment._parameter_openapi_schema.properties  # what the server is sent
            assert {"task_runner", "dask_address"} <= set(schema)
        else:
            assert runner == {"task_runner": None, "dask_address": None}
    assert {s.name.removesuffix("-aawsat") for s in chosen} >= parsing
    with pytest.raises(ValueError, match="unknown task runner 'ray'"):
        specs(["aawsat"], task_runner="ray")
    with pytest.raises(ValueError, match="needs --task-runner dask"):
        specs(["aawsat"], dask_address="tcp://10.0.0.5:8786")
