"""The fault matrix: the real ingest flow against the local site with every fault of
`localsite.faults.FAULTS` switched on (and a small generated corpus beside the fixture pages),
into a warehouse on disk. Each fault URL must end the run in the state the table expects.

Client knobs come from the environment as in production (`SYRIA_ETL_TIMEOUT`,
`SYRIA_ETL_BACKOFF_BASE`, `SYRIA_ETL_MAX_RETRIES`), small enough that the whole module stays
well under a minute once the Prefect harness is up.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from flows.ingest import ingest_flow
from localsite.faults import FAULT_BY_KIND, FAULTS, MAX_CLIENT_TIMEOUT
from localsite.server import SiteServer, serving_site
from schemas.ops import URL_OUTCOMES
from warehouse.catalog import connect

CORPUS = 40
CLIENT_ENV = {
    "SYRIA_ETL_TIMEOUT": "1.5",
    "SYRIA_ETL_BACKOFF_BASE": "0.05",
    "SYRIA_ETL_MAX_RETRIES": "2",  # the 429 and 503-twice pages need two retries
    "SYRIA_ETL_CONCURRENCY": "8",
}
RATE = 200.0


@dataclass
class FaultRuns:
    """Two ingest runs over the fault site, with the URL states seen after the first."""

    data_dir: Path
    server: SiteServer
    first: dict[str, Any] | BaseException
    second: dict[str, Any] | BaseException | None
    states_after_first: dict[str, tuple[str, str | None]]


def url_states(data_dir: Path) -> dict[str, tuple[str, str | None]]:
    con = connect(data_dir, read_only=True)
    try:
        rows = con.execute("SELECT url, state, reason FROM url_state").fetchall()
    finally:
        con.close()
    return {url: (state, reason) for url, state, reason in rows}


def query(data_dir: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = connect(data_dir, read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _run(server: SiteServer, data_dir: Path) -> dict[str, Any] | BaseException:
    try:
        return ingest_flow(base_url=server.url, data_dir=str(data_dir), rate_per_host=RATE)
    except Exception as exc:  # reported by test_both_runs_succeed, not as a fixture error
        return exc


@pytest.fixture(scope="module")
def runs(prefect_harness: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultRuns]:
    assert float(CLIENT_ENV["SYRIA_ETL_TIMEOUT"]) <= MAX_CLIENT_TIMEOUT
    data_dir = tmp_path_factory.mktemp("faults-warehouse")
    with (
        pytest.MonkeyPatch.context() as mp,
        serving_site(corpus=CORPUS, faults=True, seed=5) as server,
    ):
        for name, value in CLIENT_ENV.items():
            mp.setenv(name, value)
        first = _run(server, data_dir)
        states = url_states(data_dir) if not isinstance(first, BaseException) else {}
        # The changed-content page's sitemap lastmod is "now": a plain second run refetches it.
        second = _run(server, data_dir) if not isinstance(first, BaseException) else None
        yield FaultRuns(data_dir, server, first, second, states)


def summary_of(result: dict[str, Any] | BaseException | None) -> dict[str, Any]:
    if result is None or isinstance(result, BaseException):
        pytest.fail(f"the ingest run did not finish: {result!r}")
    return result


def test_both_runs_succeed(runs: FaultRuns) -> None:
    for result in (runs.first, runs.second):
        summary = summary_of(result)
        assert summary["status"] == "completed", summary
        assert summary["dq_failed"] == [], summary


def test_each_fault_url_ends_in_its_expected_state(runs: FaultRuns) -> None:
    summary_of(runs.first)
    mismatches = []
    for fault in FAULTS.values():
        state, reason = runs.states_after_first.get(fault.public_url, (None, None))
        if not fault.matches(state, reason):
            mismatches.append(
                f"{fault.kind}: {fault.public_url}\n    expected {fault.expected}, "
                f"got {state} ({reason})"
            )
    assert not mismatches, "fault URLs in the wrong state:\n" + "\n".join(mismatches)


def test_every_discovered_url_is_accounted_for(runs: FaultRuns) -> None:
    for result in (runs.first, runs.second):
        counts = summary_of(result)["counts"]
        outcomes = sum(counts.get(k, 0) for k in (*URL_OUTCOMES, "deferred"))
        assert outcomes == counts["discovered"], counts
    recorded = query(
        runs.data_dir,
        "SELECT discovered, loaded + unchanged + quarantined + failed + gone + skipped + deferred"
        " FROM runs ORDER BY started_at",
    )
    assert len(recorded) == 2 and all(d == total for d, total in recorded)
    first = summary_of(runs.first)["counts"]
    assert first["discovered"] >= len(FAULTS) + CORPUS
    assert set(runs.states_after_first) >= {f.public_url for f in FAULTS.values()}


def test_no_duplicate_rows(runs: FaultRuns) -> None:
    summary_of(runs.second)
    checks = {
        "articles": "SELECT count(*) - count(DISTINCT article_id) FROM articles",
        "url_state": "SELECT count(*) - count(DISTINCT url) FROM url_state",
        "article_versions": "SELECT count(*) - count(DISTINCT (article_id, content_sha1)) "
        "FROM article_versions",
        "open versions": "SELECT count(*) - count(DISTINCT article_id) FROM article_versions "
        "WHERE valid_to IS NULL",
    }
    duplicates = {name: query(runs.data_dir, sql)[0][0] for name, sql in checks.items()}
    assert duplicates == dict.fromkeys(checks, 0)


def test_windows_1256_headline_round_trips_exactly(runs: FaultRuns) -> None:
    summary_of(runs.first)
    fault = FAULT_BY_KIND["windows_1256"]
    rows = query(
        runs.data_dir,
        "SELECT headline FROM articles WHERE article_id = ?",
        [f"aawsat:{fault.nid}"],
    )
    assert rows == [(fault.headline,)]


def test_changed_content_gets_a_second_version_after_a_refetch(runs: FaultRuns) -> None:
    summary_of(runs.second)
    fault = FAULT_BY_KIND["changed_content"]
    versions = query(
        runs.data_dir,
        "SELECT content_sha1, valid_to IS NULL FROM article_versions WHERE article_id = ?"
        " ORDER BY valid_from",
        [f"aawsat:{fault.nid}"],
    )
    assert len(versions) == fault.versions_after_refetch
    assert [is_open for _, is_open in versions] == [False, True]
    current = query(
        runs.data_dir,
        "SELECT content_sha1 FROM articles WHERE article_id = ?",
        [f"aawsat:{fault.nid}"],
    )
    assert current == [(versions[-1][0],)]


def test_the_crawler_never_followed_a_refused_redirect(runs: FaultRuns) -> None:
    """Refused hops are not fetched: nothing reached 127.0.0.2 (it would show as a transport
    error) and the local site saw each redirecting URL, never a second host."""
    summary_of(runs.first)
    for kind in ("redirect_other_host", "redirect_private_ip"):
        fault = FAULT_BY_KIND[kind]
        state, reason = runs.states_after_first.get(fault.public_url, (None, None))
        assert not (reason or "").startswith("transport_error"), (kind, state, reason)
