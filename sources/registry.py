"""Outlet modules by name."""

from __future__ import annotations

import importlib
from types import ModuleType

OUTLETS = {"aawsat": "sources.aawsat"}


def get_outlet(name: str) -> ModuleType:
    """The outlet module for `name` (see `sources.base.Outlet` for what it provides)."""
    try:
        return importlib.import_module(OUTLETS[name])
    except KeyError:
        raise ValueError(f"unknown source {name!r}; known: {', '.join(sorted(OUTLETS))}") from None
