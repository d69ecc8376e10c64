"""`syria-etl sql`: statements, exports, the Python shell and the real `duckdb` shell, on a
warehouse on disk attached read-only."""

from __future__ import annotations

import io
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import duckdb
import polars as pl
import pytest
from typer.testing import CliRunner

from flows.cli import app
from warehouse.catalog import connect
from warehouse.ddl import ensure_tables
from warehouse.report import open_read_only
from warehouse.shell import duckdb_binary, export, repl, run_script, to_markdown

HEADLINES = {
    "aawsat:1": "اشتباكات في ريف درعا الشمالي",
    "aawsat:2": "قصف على أطراف إدلب",
    "aawsat:3": "التضخم في مصر يرتفع",
}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A warehouse with three articles over two days (only the columns the tests read)."""
    directory = tmp_path_factory.mktemp("shell") / "wh"
    con = connect(directory)
    ensure_tables(con)
    con.execute(
        "INSERT INTO articles (article_id, site, published_date, published_at, headline, "
        "is_syria, tags, paragraphs, word_count) VALUES "
        "('aawsat:1', 'aawsat', DATE '2025-03-10', TIMESTAMPTZ '2025-03-10 06:00:00+00', "
        f"'{HEADLINES['aawsat:1']}', true, ['سوريا', 'درعا'], [], 100), "
        "('aawsat:2', 'aawsat', DATE '2025-03-12', TIMESTAMPTZ '2025-03-12 06:00:00+00', "
        f"'{HEADLINES['aawsat:2']}', true, ['سوريا'], [], 80), "
        "('aawsat:3', 'aawsat', DATE '2025-03-12', TIMESTAMPTZ '2025-03-12 07:00:00+00', "
        f"'{HEADLINES['aawsat:3']}', false, [], [], 60)"
    )
    con.close()
    yield directory


@pytest.fixture
def con(data_dir: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = open_read_only(data_dir)
    yield connection
    connection.close()


def test_a_script_returns_the_rows_of_its_last_query(con: duckdb.DuckDBPyConnection) -> None:
    frame = run_script(
        con,
        "SET threads = 1; SELECT 1 AS one; "
        "SELECT day, syria_articles FROM daily_attention ORDER BY day;",
    )
    assert frame is not None
    assert [str(d) for d in frame.get_column("day")] == ["2025-03-10", "2025-03-11", "2025-03-12"]
    assert frame.get_column("syria_articles").to_list() == [1, 0, 1]
    assert run_script(con, "SET threads = 1;") is None


def test_the_warehouse_is_read_only(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(duckdb.Error, match=r"read-only|read only"):
        run_script(con, "DELETE FROM articles;")


def test_exports_keep_arabic_and_write_lists_as_json(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    frame = run_script(con, "SELECT article_id, headline, tags FROM articles ORDER BY 1")
    assert frame is not None
    out = io.StringIO()
    export(frame, "csv", None, out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "article_id,headline,tags"
    assert lines[1] == f'aawsat:1,{HEADLINES["aawsat:1"]},"[""سوريا"", ""درعا""]"'
    out = io.StringIO()
    export(frame, "json", None, out)
    assert json.loads(out.getvalue())[1] == {
        "article_id": "aawsat:2",
        "headline": HEADLINES["aawsat:2"],
        "tags": ["سوريا"],
    }
    assert "\\u" not in out.getvalue()  # Arabic written as itself
    markdown = to_markdown(frame).splitlines()
    assert markdown[:2] == ["| article_id | headline | tags |", "|---|---|---|"]
    assert markdown[2] == f'| aawsat:1 | {HEADLINES["aawsat:1"]} | ["سوريا", "درعا"] |'
    target = tmp_path / "articles.parquet"
    export(frame, "parquet", target, io.StringIO())
    assert pl.read_parquet(target).equals(frame)
    with pytest.raises(ValueError, match="-o"):
        export(frame, "parquet", None, io.StringIO())


def test_the_python_shell_runs_statements_over_lines_and_survives_errors(
    con: duckdb.DuckDBPyConnection,
) -> None:
    shown: list[pl.DataFrame] = []
    said: list[str] = []
    failures = repl(
        con,
        shown.append,
        said.append,
        lines=[
            ".views",
            "SELECT headline",
            "FROM articles WHERE is_syria ORDER BY article_id;",
            "SELECT * FROM no_such_table;",
            ".schema articles",
            "SELECT count(*) AS n FROM articles;",
            ".quit",
            "SELECT 'never run';",
        ],
        history=None,
    )
    assert failures == 1
    views = shown[0].get_column("view_name").to_list()
    assert {"daily_attention", "revisions", "data_quality"} <= set(views)
    assert shown[1].get_column("headline").to_list() == [
        HEADLINES["aawsat:1"],
        HEADLINES["aawsat:2"],
    ]
    assert any("no_such_table" in s for s in said if s.startswith("error:"))
    assert "published_date" in shown[2].get_column("column_name").to_list()
    assert shown[3].item() == 3
    assert len(shown) == 4


def test_the_duckdb_shell_opens_the_warehouse_with_our_extensions(
    data_dir: Path, tmp_path: Path
) -> None:
    binary = duckdb_binary()
    assert binary is not None, "the duckdb-cli package (a dependency) provides the shell"
    from warehouse.shell import duckdb_cli_command

    command = duckdb_cli_command(data_dir, binary, tmp_path / "init.sql")
    done = subprocess.run(
        [*command, "-csv", "-c", "SELECT count(*) AS n FROM daily_attention"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-2:] == ["n", "3"]


def test_the_command_runs_c_and_f_and_exports(data_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "sql",
            "--data-dir",
            str(data_dir),
            "-c",
            "SELECT headline FROM articles WHERE NOT is_syria",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"headline": HEADLINES["aawsat:3"]}]
    script = tmp_path / "q.sql"
    script.write_text(
        "-- syria articles per day\nSELECT day, syria_articles FROM daily_attention ORDER BY day;",
        encoding="utf-8",
    )
    target = tmp_path / "out.md"
    result = runner.invoke(
        app,
        ["sql", "--data-dir", str(data_dir), "-f", str(script), "--format", "markdown",
         "-o", str(target)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").splitlines()[2:] == [
        "| 2025-03-10 | 1 |",
        "| 2025-03-11 | 0 |",
        "| 2025-03-12 | 1 |",
    ]
    bad = runner.invoke(app, ["sql", "--data-dir", str(data_dir), "-c", "SELEC 1"])
    assert bad.exit_code == 1 and "error" in bad.output
    missing = runner.invoke(app, ["sql", "--data-dir", str(tmp_path / "none"), "-c", "SELECT 1"])
    assert missing.exit_code == 1 and "no warehouse" in missing.output


def test_piped_statements_go_through_the_python_shell(data_dir: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["sql", "--data-dir", str(data_dir)],
        input="SELECT count(*) AS syria FROM articles WHERE is_syria;\n",
    )
    assert result.exit_code == 0, result.output
    assert "syria" in result.output and "2" in result.output
