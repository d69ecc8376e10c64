"""Fixtures of the warehouse tests: an empty warehouse on disk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from warehouse.catalog import connect
from warehouse.ddl import ensure_tables


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A new DuckLake warehouse under the test's temporary folder, with every table."""
    connection = connect(tmp_path / "wh")
    ensure_tables(connection)
    yield connection
    connection.close()
