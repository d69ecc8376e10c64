"""Validate a collected frame against a model and split it into valid and rejected rows.

Pandera on Polars reports row-level failures with a row `index`; those rows are rejected with
their failed checks, columns and values. A failure without a row index (a missing column, a
wrong dtype that cannot be coerced) is a bug in the pipeline, not bad data, and is raised.
"""

from __future__ import annotations

import json

import pandera.polars as pa
import polars as pl
from pandera.errors import SchemaError, SchemaErrors


def polars_schema(model: type[pa.DataFrameModel]) -> dict[str, pl.DataType]:
    """Column name → Polars dtype as the model declares it."""
    schema: dict[str, pl.DataType] = {}
    for name, column in model.to_schema().columns.items():
        dtype = column.dtype.type
        schema[name] = dtype() if isinstance(dtype, type) else dtype
    return schema


def empty_frame(model: type[pa.DataFrameModel]) -> pl.DataFrame:
    """A frame with no rows and exactly the model's columns and dtypes."""
    return pl.DataFrame(schema=polars_schema(model))


REJECT_COLUMNS: dict[str, pl.DataType] = {
    "row": pl.Int64(),
    "checks": pl.List(pl.Utf8),
    "columns": pl.List(pl.Utf8),
    "failure_cases": pl.Utf8(),
}


def split_valid(
    model: type[pa.DataFrameModel], frame: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(valid rows as validated by `model`, one row per rejected input row with reasons)."""
    try:
        return model.validate(frame, lazy=True), pl.DataFrame(schema=REJECT_COLUMNS)
    except SchemaErrors as errors:
        cases = errors.failure_cases
    if cases.filter(pl.col("index").is_null()).height:
        raise SchemaError(
            model.to_schema(), frame, f"schema-level failure for {model.__name__}:\n{cases}"
        )
    rejected = (
        cases.with_columns(
            pl.col("index").cast(pl.Int64).alias("row"),
            pl.col("column").fill_null("<row>"),
            pl.col("failure_case").cast(pl.Utf8).str.slice(0, 300),
        )
        .group_by("row", maintain_order=True)
        .agg(
            pl.col("check").unique(maintain_order=True).alias("checks"),
            pl.col("column").unique(maintain_order=True).alias("columns"),
            pl.struct("column", "check", "failure_case").alias("cases"),
        )
        .with_columns(
            pl.col("cases")
            .map_elements(lambda s: json.dumps(s.to_list(), ensure_ascii=False), pl.Utf8)
            .alias("failure_cases")
        )
        .select(list(REJECT_COLUMNS))
        .sort("row")
    )
    keep = frame.with_row_index("_row").filter(~pl.col("_row").is_in(rejected["row"].implode()))
    valid = model.validate(keep.drop("_row"), lazy=True)
    return valid, rejected
