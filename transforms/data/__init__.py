"""Dictionaries shipped with `transforms/` as CSV files (a package so that they are installed)."""
