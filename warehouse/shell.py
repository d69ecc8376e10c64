"""The analyst's SQL session (`syria-etl sql`): the warehouse attached read-only, views ready.

Three ways in:

* `run_script(con, sql)` runs one or more `;`-separated statements and returns the result of
  the last one that returns rows (`-c` and `-f`);
* `duckdb_cli_command(data_dir)` is the `duckdb` shell (the `duckdb-cli` package, or any
  `duckdb` on PATH of the same version as the Python package) started with an init file that
  loads the extensions from their PyPI packages and attaches the warehouse read-only;
* `repl(con, ...)` is the fallback: a line-editing loop (readline history in
  `~/.syria_etl_history`) where a statement ends with `;`, with `.tables`, `.views`,
  `.schema NAME`, `.help` and `.quit`.

`export(frame, fmt, path)` writes a result as csv, json, markdown or parquet; lists and
structs in csv and markdown cells are written as JSON (Arabic kept as is, not escaped).
Read-only is enforced by DuckDB (the lake is attached READ_ONLY): a write fails with its error.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

import duckdb
import polars as pl

from warehouse.catalog import CATALOG_ALIAS, session_sql

FORMATS = ("csv", "json", "markdown", "parquet")
HISTORY_FILE = Path.home() / ".syria_etl_history"
HELP = """\
Statements end with ';' and may span lines. Tables and views by bare name, e.g.
  SELECT * FROM daily_attention ORDER BY day DESC LIMIT 7;
.tables          tables of the warehouse
.views           analyst views, with what each answers
.schema NAME     columns of a table or view
.help            this text
.quit            leave (also Ctrl-D)"""


def run_script(con: duckdb.DuckDBPyConnection, sql: str) -> pl.DataFrame | None:
    """Run every statement of `sql`; the rows of the last query among them (SELECT, FROM,
    EXPLAIN, SHOW …), or None when none is a query (`SET`, `PRAGMA threads=1`)."""
    result: pl.DataFrame | None = None
    for statement in con.extract_statements(sql):
        relation = con.execute(statement)
        if statement.expected_result_type == [duckdb.ExpectedResultType.QUERY_RESULT]:
            result = relation.pl()
    return result


def _cell(value: Any) -> Any:
    """A cell as text for flat formats: lists and structs as JSON, the rest unchanged."""
    if isinstance(value, pl.Series):
        value = value.to_list()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def _flat(frame: pl.DataFrame) -> pl.DataFrame:
    """Nested columns (lists, structs) as JSON text."""
    nested = [name for name, dtype in frame.schema.items() if dtype.is_nested()]
    if not nested:
        return frame
    return frame.with_columns(
        pl.col(name).map_elements(_cell, return_dtype=pl.String) for name in nested
    )


def to_markdown(frame: pl.DataFrame) -> str:
    """A GitHub-flavoured Markdown table of the whole frame."""

    def text(value: Any) -> str:
        if value is None:
            return ""
        return str(_cell(value)).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(frame.columns) + " |", "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(text(v) for v in row) + " |" for row in frame.iter_rows()]
    return "\n".join(lines) + "\n"


def export(frame: pl.DataFrame, fmt: str, path: Path | None, stdout: IO[str]) -> None:
    """Write `frame` as `fmt` to `path`, or to `stdout` (parquet needs a path)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if path is None:
            raise ValueError("parquet is binary: give a file with -o")
        frame.write_parquet(path)
        return
    if fmt == "csv":
        text = _flat(frame).write_csv()
    elif fmt == "json":
        text = json.dumps(frame.to_dicts(), ensure_ascii=False, default=str, indent=1) + "\n"
    else:
        text = to_markdown(frame)
    if path is None:
        stdout.write(text)
    else:
        path.write_text(text, encoding="utf-8")


def duckdb_binary() -> str | None:
    """The `duckdb` shell of the same version as the Python package, or None."""
    here = Path(sys.executable).parent / "duckdb"
    candidate = str(here) if here.exists() else shutil.which("duckdb")
    if candidate is None:
        return None
    try:
        out = subprocess.run(
            [candidate, "--version"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except OSError:
        return None
    # Extensions are built per version: another version could not load ours.
    return candidate if f"v{duckdb.__version__} " in out + " " else None


def init_sql(data_dir: Path) -> str:
    """What the `duckdb` shell runs first: the statements that open the warehouse read-only
    in Python (UTC, our extensions from their packages, S3 secret, ATTACH, USE)."""
    return "".join(f"{statement};\n" for statement in session_sql(data_dir, read_only=True))


def duckdb_cli_command(data_dir: Path, binary: str, init_file: Path) -> list[str]:
    """The command line of the `duckdb` shell on the warehouse (init file written by caller)."""
    init_file.write_text(init_sql(data_dir), encoding="utf-8")
    return [binary, "-init", str(init_file)]


def run_duckdb_cli(data_dir: Path, binary: str) -> int:
    """Run the `duckdb` shell on the warehouse until the analyst leaves; its exit code."""
    with tempfile.TemporaryDirectory(prefix="syria-etl-sql-") as tmp:
        command = duckdb_cli_command(data_dir, binary, Path(tmp) / "init.sql")
        return subprocess.run(command, check=False).returncode


_DOT = re.compile(r"^\.(\w+)\s*(.*)$")


def _dot_command(con: duckdb.DuckDBPyConnection, line: str) -> pl.DataFrame | str | None:
    """The answer to a dot command; None means leave."""
    m = _DOT.match(line.strip())
    command, arg = (m[1], m[2].strip()) if m else ("", "")
    if command in ("quit", "exit", "q"):
        return None
    if command == "tables":
        return con.execute(
            "SELECT table_name, comment FROM duckdb_tables() "
            "WHERE database_name = current_database() ORDER BY 1"
        ).pl()
    if command == "views":
        return con.execute(
            "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal "
            "AND database_name = current_database() ORDER BY 1"
        ).pl()
    if command == "schema" and arg:
        return con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() "
            "WHERE database_name = current_database() AND table_name = ? ORDER BY column_index",
            [arg],
        ).pl()
    return HELP


def _history(path: Path) -> Callable[[], None]:
    """Line editing and history when `readline` exists; returns the function that saves it."""
    try:
        import readline
    except ImportError:  # pragma: no cover - Windows without pyreadline
        return lambda: None
    with contextlib.suppress(OSError):
        readline.read_history_file(path)
    readline.set_history_length(2000)

    def save() -> None:
        with contextlib.suppress(OSError):
            readline.write_history_file(path)

    return save


def repl(
    con: duckdb.DuckDBPyConnection,
    show: Callable[[pl.DataFrame], None],
    say: Callable[[str], None],
    lines: Iterable[str] | None = None,
    history: Path | None = HISTORY_FILE,
) -> int:
    """Read statements until `.quit` or end of input; errors are shown and the loop goes on.

    `lines` replaces the terminal (tests, piped input); returns the number of failed statements.
    """
    interactive = lines is None
    save = _history(history) if interactive and history is not None else (lambda: None)
    source = iter(lines) if lines is not None else None
    failures = 0
    buffer: list[str] = []
    say(f"syria-etl sql: the warehouse read-only ({CATALOG_ALIAS}); .help for help")
    try:
        while True:
            prompt = "   ...> " if buffer else "syria> "
            try:
                line = input(prompt) if source is None else next(source)
            except (EOFError, StopIteration):
                break
            if not buffer and line.strip().startswith("."):
                answer = _dot_command(con, line)
                if answer is None:
                    break
                if isinstance(answer, pl.DataFrame):
                    show(answer)
                else:
                    say(answer)
                continue
            buffer.append(line)
            if not line.rstrip().endswith(";"):
                continue
            sql, buffer = "\n".join(buffer), []
            try:
                frame = run_script(con, sql)
            except duckdb.Error as exc:
                failures += 1
                say(f"error: {exc}")
                continue
            if frame is not None:
                show(frame)
                say(f"({frame.height} rows)")
    finally:
        save()
    if buffer and "".join(buffer).strip():
        say("error: the last statement has no ';' and was not run")
        failures += 1
    return failures


def isatty() -> bool:
    """Whether the session talks to a person at a terminal."""
    return sys.stdin.isatty() and sys.stdout.isatty() and os.environ.get("TERM") != "dumb"
