"""Per-stage counts and timings at the end of ingest, reparse and enrich (log lines and the
`<flow>-stages` artifact), and `rich` progress bars only on a terminal."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from prefect.artifacts import Artifact
from prefect.client.schemas.objects import Artifact as ArtifactResponse
from prefect.settings import PREFECT_API_URL

from flows.enrich import enrich_flow
from flows.ingest import ingest_flow
from flows.pipeline import BatchOutcome
from flows.reparse import reparse_flow
from flows.stages import INGEST_STAGES, StageClock, progress, reason_key
from warehouse.load import Batch

SECONDS = r" in \d+\.\d\d s"
ESCAPE = "\x1b["


class FakeTerminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def stage_lines(text: str) -> list[str]:
    """The `stage …` lines of captured log text, message part only."""
    return [m.group(0) for m in re.finditer(r"stage [a-z]+: [^\n]*? in \d+\.\d\d s", text)]


@pytest.fixture(scope="module")
def ingested(
    prefect_harness: None, site_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    return tmp_path_factory.mktemp("warehouse")


def test_ingest_logs_one_line_per_stage_and_no_escape_codes_off_a_terminal(
    ingested: Path,
    site_url: str,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level("INFO")
    assert not sys.stderr.isatty()
    summary = ingest_flow(base_url=site_url, data_dir=str(ingested), rate_per_host=100.0)
    lines = stage_lines(caplog.text)
    assert [line.split(":")[0] for line in lines] == [f"stage {s}" for s in INGEST_STAGES]
    counts = summary["counts"]
    expected = [
        rf"stage discover: discovered {counts['discovered']}{SECONDS}",
        rf"stage plan: planned {counts['discovered']} \(fetch {counts['fetched']}, "
        rf"skipped {counts['skipped']}\){SECONDS}",
        rf"stage fetch: fetched {counts['fetched']} \(2xx {counts['fetched']}\){SECONDS}",
        rf"stage process: parsed {counts['loaded'] + counts['quarantined']}, "
        rf"quarantined 1 \(no_body 1\){SECONDS}",
        rf"stage load: loaded {counts['loaded']}{SECONDS}",
    ]
    for pattern, line in zip(expected, lines, strict=True):
        assert re.fullmatch(pattern, line), (pattern, line)
    out, err = capfd.readouterr()
    assert ESCAPE not in err and ESCAPE not in out and ESCAPE not in caplog.text
    artifact = Artifact.get("ingest-stages")
    assert isinstance(artifact, ArtifactResponse) and artifact.type == "markdown"
    assert f"| fetch | fetched {counts['fetched']} (2xx {counts['fetched']}) |" in str(
        artifact.data
    )
    assert Artifact.get("ingest-counts") is not None  # what existed stays


def test_reparse_draws_a_bar_on_a_terminal_and_logs_its_stages(
    ingested: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level("INFO")
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    summary = reparse_flow(data_dir=str(ingested))
    monkeypatch.undo()
    drawn = terminal.getvalue()
    assert ESCAPE in drawn and "reparse aawsat" in drawn
    lines = stage_lines(caplog.text)
    assert [line.split(":")[0] for line in lines] == [
        "stage discover",
        "stage process",
        "stage load",
    ]
    assert lines[0].startswith(f"stage discover: discovered {summary['counts']['discovered']} ")
    assert lines[2].startswith(f"stage load: loaded {summary['counts']['loaded']} ")
    assert ESCAPE not in caplog.text
    assert Artifact.get("reparse-stages") is not None


def test_cli_logs_stages_without_escape_codes_when_piped(ingested: Path) -> None:
    """The real non-interactive case: `syria-etl reparse` with stderr a pipe."""
    env = {**os.environ, "PREFECT_API_URL": str(PREFECT_API_URL.value()), "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-m", "flows.cli", "reparse", "--data-dir", str(ingested)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = stage_lines(done.stderr)
    assert [line.split(":")[0] for line in lines] == [
        "stage discover",
        "stage process",
        "stage load",
    ]
    assert ESCAPE not in done.stderr and ESCAPE not in done.stdout


def test_enrich_logs_its_stages(ingested: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO")
    summary = enrich_flow(data_dir=str(ingested), rebuild=True)
    n = summary["counts"]["loaded"]
    lines = stage_lines(caplog.text)
    assert re.fullmatch(rf"stage discover: discovered {n}{SECONDS}", lines[0])
    assert re.fullmatch(rf"stage process: enriched {n}, quarantined 0{SECONDS}", lines[1])
    assert re.fullmatch(rf"stage load: loaded {n}{SECONDS}", lines[2])
    assert Artifact.get("enrich-stages") is not None


def test_progress_writes_nothing_off_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = io.StringIO()
    monkeypatch.setattr(sys, "stderr", plain)
    with progress("ingest aawsat", 10) as bar:
        bar.advance(10)
    assert plain.getvalue() == ""
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress("ingest aawsat", 10) as bar:
        bar.advance(10)
    assert ESCAPE in terminal.getvalue()


def outcome(loaded: int, reasons: list[tuple[str, str]]) -> BatchOutcome:
    """A batch outcome with `loaded` articles and quarantine rows (stage, reason)."""
    rows: list[dict[str, Any]] = [
        {"stage": stage, "reason": reason, "url": f"https://aawsat.com/x/{i}"}
        for i, (stage, reason) in enumerate(reasons)
    ]
    frame = pl.DataFrame(rows, schema={"stage": pl.Utf8, "reason": pl.Utf8, "url": pl.Utf8})
    counts = Counter(loaded=loaded, quarantined=sum(1 for s, _ in reasons if s != "enrich"))
    return BatchOutcome(Batch(quarantine=frame), counts, Counter())


def test_stage_clock_lines_and_markdown() -> None:
    clock = StageClock("ingest", INGEST_STAGES)
    clock.count("discover", "discovered", 5)
    with clock.time("fetch"):
        clock.fetched([])
    clock.processed(
        outcome(
            2,
            [
                ("parse", "no_body"),
                ("validate", "failed checks: headline_arabic; word_count"),
                ("enrich", "article_places: failed checks: pcode_known"),
            ],
        )
    )
    lines = clock.lines()
    assert lines[0] == "stage discover: discovered 5 in 0.00 s"
    assert lines[2] == "stage fetch: fetched 0 in 0.00 s"
    assert lines[3] == (
        "stage process: parsed 4, quarantined 3 "
        "(enrich: failed checks 1, no_body 1, validate: failed checks 1) in 0.00 s"
    )
    assert lines[4] == "stage load: loaded 2 in 0.00 s"
    markdown = clock.markdown("run-1")
    assert "| discover | discovered 5 | 0.00 |" in markdown
    assert markdown.count("\n| ") == 6  # header and one row per stage
    assert reason_key("parse", "layout_changed") == "layout_changed"


def test_a_span_measures_futures_from_first_submit_to_last_result() -> None:
    clock = StageClock("reparse", {"process": ("parsed",)})
    clock.mark("process")
    clock.mark("process")
    stage = clock.stages["process"]
    assert stage.first is not None and stage.last is not None
    assert stage.total_seconds() == pytest.approx(stage.last - stage.first)
