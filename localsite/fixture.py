"""The fixture site's page templates (`tests/site/build.py`), loaded for on-the-fly pages.

Contract: `templates()` returns a private copy of the generator module, so generated pages
share the exact HTML of the committed fixture pages (`article_current(a)` takes an article
dict in the form of `tests/site/aawsat_pages.py`). The copy is loaded once per process
without leaving `tests/site` on `sys.path`, and its page furniture (header, footer, sidebar,
CSS, ad setup, icons) is memoised: those functions take no article data, so their output is
the same for every page. The committed files and `tests/site/test_site_build.py` are not
affected: they run their own copy of the generator.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import sys
import threading
from pathlib import Path
from types import ModuleType

SITE_ROOT = Path(__file__).resolve().parent.parent / "tests" / "site"

# Functions of build.py whose result depends only on hashable arguments, never on an article.
_FURNITURE = (
    "svg_sprite",
    "icon",
    "css_text",
    "gtm_head",
    "ad_setup",
    "mega_menu",
    "header_current",
    "footer_current",
    "most_read_block",
    "newsletter_box",
    "sidebar",
)
_lock = threading.Lock()
_loaded: dict[Path, ModuleType] = {}


def templates(root: Path = SITE_ROOT) -> ModuleType:
    """The page generator of the fixture site in `root` (loaded once, furniture memoised)."""
    with _lock:
        module = _loaded.get(root)
        if module is None:
            module = _load(root)
            _loaded[root] = module
        return module


def _load(root: Path) -> ModuleType:
    """Execute `root/build.py` as a private module, with `root` on sys.path only meanwhile."""
    build = root / "build.py"
    spec = importlib.util.spec_from_file_location(f"_localsite_build_{len(_loaded)}", build)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load the site generator {build}")
    module = importlib.util.module_from_spec(spec)
    saved = list(sys.path)
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = saved
    for name in _FURNITURE:
        setattr(module, name, functools.cache(getattr(module, name)))
    return module


@functools.cache
def templates_digest(root: Path = SITE_ROOT) -> str:
    """A digest of the generator and its data: part of every generated page's ETag."""
    sha = hashlib.sha1()
    for name in ("build.py", "aawsat_pages.py"):
        sha.update((root / name).read_bytes())
    return sha.hexdigest()[:12]
