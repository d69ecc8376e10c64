"""The local news site: serves `tests/site/www/` on 127.0.0.1 for tests, benchmarks and the demo.

Not part of the pipeline: nothing in `flows/`, `sources/`, `transforms/` or `warehouse/`
imports it except the CLI command `syria-etl site serve` and the demo.
"""

from localsite.server import SITE_ROOT, LocalSite, running_site

__all__ = ["SITE_ROOT", "LocalSite", "running_site"]
