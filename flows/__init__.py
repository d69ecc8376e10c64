"""Prefect flows, their thin tasks, deployments and the `syria-etl` command line."""
