"""Vocabularies the models check values against, as CSV (a package so that they are installed)."""
