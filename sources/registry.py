"""Outlet modules by name."""

from __future__ import annotations

import functools
import importlib
from types import ModuleType
from urllib.parse import urlsplit

OUTLETS = {
    "aawsat": "sources.aawsat",
    "enabbaladi": "sources.enabbaladi",
    "sana": "sources.sana",
    "aljazeera": "sources.aljazeera",
    "alarabiya": "sources.alarabiya",
    "bbcarabic": "sources.bbcarabic",
}


def get_outlet(name: str) -> ModuleType:
    """The outlet module for `name` (see `sources.base.Outlet` for what it provides)."""
    try:
        return importlib.import_module(OUTLETS[name])
    except KeyError:
        raise ValueError(f"unknown source {name!r}; known: {', '.join(sorted(OUTLETS))}") from None


@functools.cache
def _outlets_by_host() -> dict[str, ModuleType]:
    """Every registered outlet module, by each host it serves."""
    out: dict[str, ModuleType] = {}
    for name in OUTLETS:
        module = get_outlet(name)
        for host in getattr(module, "HOSTS", ()):
            out.setdefault(host.lower(), module)
    return out


def outlet_for_host(host: str | None) -> ModuleType | None:
    """The outlet module serving this host, if any."""
    return _outlets_by_host().get(host.lower()) if host else None


def outlet_for_url(url: str | None) -> ModuleType | None:
    """The outlet module whose hosts include the URL's host, if any (None if malformed)."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:  # e.g. "http://[broken"
        return None
    return outlet_for_host(host)
