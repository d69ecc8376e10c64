"""The DuckDB/DuckLake warehouse: connection and catalog, DDL derived from `schemas/`,
idempotent loaders, analyst views (`warehouse/sql/`) and data-quality metrics."""
