"""`--task-runner dask`: the ingest of the local site on Dask loads exactly what the default
runner loads (tables compared by checksums over sorted keys and content), whether the flow was
put on a DaskTaskRunner with its own LocalCluster (the CLI) or only given `task_runner="dask"`
and `dask_address` as parameters (a served or work-pool deployment; here a running cluster the
module shares)."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prefect import flow, task
from prefect.task_runners import ThreadPoolTaskRunner
from prefect_dask import DaskTaskRunner
from typer.testing import CliRunner

from flows.cli import app
from flows.enrich import enrich_flow
from flows.ingest import ingest_flow
from flows.reparse import import_warc_flow, reparse_flow
from flows.stages import (
    LOCAL_CLUSTER,
    BatchQueue,
    Sealed,
    StageClock,
    Workers,
    make_task_runner,
    with_runner,
)
from warehouse.catalog import connect
from warehouse.report import table_checksums

# table → (sort key, content): run-specific columns (run ids, clocks) left out.
CHECKSUMS = {
    "articles": (
        "article_id",
        "content_sha1, headline, body_text, is_syria, published_date, word_count, "
        "dictionary_version",
    ),
    "article_versions": ("article_id, content_sha1", "valid_to IS NULL"),
    "raw_pages": ("url", "requested_url, status, content_length"),
    "url_state": ("url", "state, reason, article_id, content_sha1, attempts"),
    "quarantine": ("url, stage, reason", "article_id"),
    "article_places": ("article_id, pcode", "mentions, implied, first_offset"),
    "article_actors": ("article_id, actor_id", "mentions, alias_seen"),
    "article_sources": ("article_id, source_id, how", "mentions"),
    "article_quotes": ("article_id, char_offset", "speaker, quote"),
    "article_dates": ("article_id, char_offset", "phrase, resolved_date"),
}


def checksums(data_dir: Path) -> dict[str, tuple[int, str]]:
    """(rows, md5 of the rows sorted by key) per table."""
    con = connect(data_dir, read_only=True)
    try:
        return table_checksums(con, CHECKSUMS)
    finally:
        con.close()


class Collect(logging.Handler):
    """Keeps the messages of one logger."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


Run = tuple[Path, dict[str, Any], float, list[str]]
Runs = dict[str, Run]
BATCH = 5  # pages a batch: the 27 pages of the local site make 6 batches


def ingest(name: str, site_url: str, data_dir: Path, scheduler: str) -> Run:
    """One ingest of the local site: `default`; `dask`, the flow put on a DaskTaskRunner (a
    LocalCluster of its own) as the CLI does; `dask-parameter`, the flow as it is with
    `task_runner="dask"` and `dask_address=scheduler`, as a deployment runs it. (warehouse,
    summary, wall seconds, what the Dask task runner logged)."""
    dask_logger = logging.getLogger("prefect.task_runner.dask")
    collect = Collect()
    dask_logger.addHandler(collect)
    start = time.perf_counter()
    runner = name.removesuffix("-parameter")
    flow = ingest_flow if name.endswith("-parameter") else with_runner(ingest_flow, runner)
    address = scheduler if name.endswith("-parameter") else None
    try:
        summary = flow(
            base_url=site_url, data_dir=str(data_dir), rate_per_host=100.0, task_runner=runner,
            dask_address=address,
        )  # fmt: skip
    finally:
        dask_logger.removeHandler(collect)
    seconds = time.perf_counter() - start
    print(f"ingest of the local site, {name} runner: {seconds:.1f} s")
    return data_dir, summary, seconds, collect.messages


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A running LocalCluster shaped like the flows' own (workers preload `flows.stages`)."""
    from distributed import LocalCluster

    with LocalCluster(**LOCAL_CLUSTER) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def runs(
    prefect_harness: None,
    site_url: str,
    scheduler: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Runs:
    """The local site ingested once per runner, each into its own warehouse, in batches of
    `BATCH` pages, so the Dask run has several futures in flight and must load them in order."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SYRIA_ETL_BATCH_SIZE", str(BATCH))
        return {
            name: ingest(name, site_url, tmp_path_factory.mktemp(f"warehouse-{name}"), scheduler)
            for name in ("default", "dask", "dask-parameter")
        }


def test_dask_runner_loads_the_same_tables_as_the_default(
    runs: Runs,
) -> None:
    (default_dir, default, *_), (dask_dir, dask, *_) = runs["default"], runs["dask"]
    assert default["status"] == dask["status"] == "completed"
    assert default["counts"] == dask["counts"]
    assert default["counts"]["loaded"] >= 8 and default["counts"]["quarantined"] >= 1
    expected, got = checksums(default_dir), checksums(dask_dir)
    # six fetched batches: five whole, the last split between the two workers: seven WARC files
    assert list(dask_dir.rglob(f"{dask['run_id']}-00006*"))
    assert not list(dask_dir.rglob(f"{dask['run_id']}-00007*"))
    assert list(default_dir.rglob(f"{default['run_id']}-00005*"))  # inline: one a batch
    assert not list(default_dir.rglob(f"{default['run_id']}-00006*"))
    assert expected["articles"][0] == default["counts"]["loaded"]
    assert expected["article_places"][0] > 0  # the comparison covers real enrichment rows
    assert got == expected


def test_dask_run_really_ran_on_a_local_cluster(runs: Runs, scheduler: str) -> None:
    messages = runs["dask"][3]
    created = [m for m in messages if "Creating a new Dask cluster" in m]
    assert len(created) == 1 and "LocalCluster" in created[0]  # one cluster a run
    assert not any("8787" in m for m in messages)  # its HTTP server took a free port
    assert runs["default"][3] == []
    # by parameters alone: the runner the flow made itself connected to the scheduler given
    given = runs["dask-parameter"][3]
    assert any(f"Connecting to an existing Dask cluster at {scheduler}" in m for m in given)
    assert not any("Creating a new Dask cluster" in m for m in given)


def test_a_deployment_parameter_alone_puts_the_parse_stage_on_dask(runs: Runs) -> None:
    (default_dir, default, *_), (dask_dir, dask, *_) = runs["default"], runs["dask-parameter"]
    assert dask["status"] == "completed" and dask["counts"] == default["counts"]
    assert checksums(dask_dir) == checksums(default_dir)


def test_reparse_and_import_warc_on_dask_by_parameter(
    runs: Runs, scheduler: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SYRIA_ETL_BATCH_SIZE", str(BATCH))
    data_dir, ingested = runs["dask-parameter"][0], runs["dask-parameter"][1]
    before = checksums(data_dir)
    reparsed = reparse_flow(data_dir=str(data_dir), task_runner="dask", dask_address=scheduler)
    assert reparsed["counts"]["loaded"] == ingested["counts"]["loaded"]
    assert checksums(data_dir)["articles"] == before["articles"]
    files = sorted(str(p) for p in (runs["default"][0] / "warc").rglob("*.warc.gz"))
    dask_logger, collect = logging.getLogger("prefect.task_runner.dask"), Collect()
    dask_logger.addHandler(collect)
    try:  # no address: the flow makes a LocalCluster of its own
        imported = import_warc_flow(files=files, data_dir=str(tmp_path), task_runner="dask")
    finally:
        dask_logger.removeHandler(collect)
    assert any("Creating a new Dask cluster" in m for m in collect.messages)
    assert imported["counts"]["loaded"] == ingested["counts"]["loaded"]
    got = checksums(tmp_path)
    for table in ("articles", "article_places", "article_actors", "article_sources"):
        assert got[table] == before[table], table


def test_enrich_on_dask_changes_nothing_when_dictionaries_are_current(
    runs: Runs,
) -> None:
    data_dir = runs["dask"][0]
    before = checksums(data_dir)
    summary = with_runner(enrich_flow, "dask")(
        data_dir=str(data_dir), rebuild=True, task_runner="dask"
    )
    assert summary["counts"]["loaded"] == runs["dask"][1]["counts"]["loaded"]
    assert checksums(data_dir) == before


@task
def slow_batch(n: int) -> int:
    """Earlier batches take longer, so futures finish out of order."""
    time.sleep(0.05 * (6 - n))
    return n


@flow(task_runner=ThreadPoolTaskRunner(max_workers=6))  # type: ignore[arg-type]
def queue_flow(on_futures: bool) -> tuple[list[int], float]:
    """Six batches through a BatchQueue; what the consumer saw, in order."""
    seen: list[int] = []
    clock = StageClock("test", {"process": ("parsed",), "load": ("loaded",)})
    with BatchQueue(slow_batch, seen.append, clock, on_futures=on_futures, window=2) as queue:
        for n in range(6):
            queue.put(n)
    return seen, clock.stages["process"].total_seconds()


def test_batch_queue_consumes_futures_in_submission_order(prefect_harness: None) -> None:
    seen, seconds = queue_flow(True)
    assert seen == list(range(6))
    assert 0.25 < seconds < 1.05  # a span, overlapping: less than the 1.05 s of the sum
    inline, inline_seconds = queue_flow(False)
    assert inline == list(range(6)) and inline_seconds >= 1.05


def test_a_sealed_batch_travels_as_one_blob() -> None:
    pages = [("https://aawsat.com/a", "قصف على ريف إدلب".encode()), ("https://aawsat.com/b", b"")]
    sealed = Sealed(pages)
    assert isinstance(sealed.blob, bytes) and sealed.open() == pages
    assert sealed.__dask_tokenize__() != Sealed(pages).__dask_tokenize__()


def test_batches_go_whole_while_every_worker_has_one_and_split_at_the_end() -> None:
    workers = Workers("dask")  # not entered: no cluster; as if it had two worker threads
    workers._slots = 2
    batch = list(range(7))
    assert workers.parts(batch, remaining=3) == [batch]
    assert workers.parts(batch, remaining=2) == [batch]
    assert workers.parts(batch, remaining=1) == [[0, 1, 2, 3], [4, 5, 6]]
    workers._slots = 4
    assert workers.parts(batch, remaining=2) == [[0, 1, 2, 3], [4, 5, 6]]
    assert workers.parts(batch, remaining=1) == [[0, 1], [2, 3], [4, 5], [6]]
    assert workers.parts([1], remaining=1) == [[1]]
    with Workers() as inline:
        assert inline.parts(batch, remaining=1) == [batch]


def test_default_workers_run_inline_and_need_no_cluster() -> None:
    with Workers() as workers:
        assert not workers.on_futures and workers.runner is None
    with pytest.raises(ValueError, match="unknown task runner 'ray'"):
        Workers("ray")


def test_runner_choice() -> None:
    local = make_task_runner("dask")
    assert isinstance(local, DaskTaskRunner) and local.cluster_kwargs == LOCAL_CLUSTER
    remote = make_task_runner("dask", "tcp://127.0.0.1:8786")
    assert isinstance(remote, DaskTaskRunner) and remote.address == "tcp://127.0.0.1:8786"
    assert make_task_runner("default") is None
    assert with_runner(ingest_flow, "default") is ingest_flow
    with pytest.raises(ValueError, match="unknown task runner 'ray'"):
        make_task_runner("ray")
    with pytest.raises(ValueError, match="needs --task-runner dask"):
        make_task_runner("default", "tcp://127.0.0.1:8786")


def test_cli_rejects_an_unknown_runner(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["reparse", "--data-dir", str(tmp_path), "--task-runner", "ray"]
    )
    assert result.exit_code == 2
    assert "unknown task runner" in result.output
