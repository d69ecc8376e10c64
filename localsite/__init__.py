"""The local news site: serves `tests/site/www/` on 127.0.0.1 for tests, benchmarks and the demo,
optionally with latency, a generated corpus of up to 100,000 articles and injected faults.

Not part of the pipeline: nothing in `flows/`, `sources/`, `transforms/` or `warehouse/`
imports it except the CLI command `syria-etl site serve` and the demo.
"""

from localsite.faults import FAULTS, Fault
from localsite.server import (
    SITE_ROOT,
    LocalSite,
    LoggedRequest,
    RequestLog,
    SiteServer,
    make_server,
    running_site,
    serving_site,
)

__all__ = [
    "FAULTS",
    "SITE_ROOT",
    "Fault",
    "LocalSite",
    "LoggedRequest",
    "RequestLog",
    "SiteServer",
    "make_server",
    "running_site",
    "serving_site",
]
