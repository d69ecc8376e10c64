"""Benchmark and evaluation scripts (run each as `python bench/<name>.py`); a package so that
the tests import them as `bench.<name>` instead of loading them by file path."""
