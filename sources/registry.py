"""Outlet modules by name, and the module that owns a URL (its host and its path).

An outlet module declares `HOSTS` and `PATHS` (`sources.base.Outlet`): it owns a URL when the
host is one of its hosts and the percent-decoded path matches `PATHS` from the start. Two
modules may share a host with different paths; a URL no module owns (another host, or another
part of an outlet's host, such as `www.bbc.com/news/…` beside `www.bbc.com/arabic/…`) has no
outlet and goes to the generic extractor.
"""

from __future__ import annotations

import functools
import importlib
from types import ModuleType
from urllib.parse import unquote, urlsplit

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
def _outlets_by_host() -> dict[str, tuple[ModuleType, ...]]:
    """Every registered outlet module, by each host it serves (in `OUTLETS` order)."""
    out: dict[str, list[ModuleType]] = {}
    for name in OUTLETS:
        module = get_outlet(name)
        for host in getattr(module, "HOSTS", ()):
            out.setdefault(host.lower(), []).append(module)
    return {host: tuple(modules) for host, modules in out.items()}


def outlet_for_url(url: str | None) -> ModuleType | None:
    """The outlet module owning the URL (host and path, see the module docstring), if any.

    None for a URL that is empty, malformed or not http(s), and for one no outlet owns.
    """
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # e.g. "http://[broken"
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    path = unquote(parts.path) or "/"
    for module in _outlets_by_host().get(parts.hostname.lower(), ()):
        if module.PATHS.match(path):
            return module
    return None
