"""A deterministic writer for the crash and concurrency tests (run as a script, not collected).

`python tests/warehouse/crash_loader.py DATA_DIR BATCHES [PER_BATCH]` renders generated aawsat
pages (`localsite.corpus`), and sends each batch through the real pipeline without HTTP:
archive → parse → clean & enrich → validate (`flows.pipeline.process_batch`) → one load
transaction (`warehouse.load.load_batch`), under the writer lock. Everything is a pure
function of the batch number (URLs, bodies, fetch instants, run id), so a rerun after a kill
must produce exactly the tables of an uninterrupted run. Prints `loaded N` after each batch.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from flows.pipeline import process_batch
from localsite.corpus import article_path, make_article, render
from sources import aawsat
from sources.base import DiscoveredUrl
from sources.http import FetchResult
from warehouse.catalog import writing
from warehouse.ddl import ensure_tables
from warehouse.load import load_batch

START = datetime(2026, 11, 1, tzinfo=UTC)


def fetched(batch: int, per_batch: int) -> list[tuple[DiscoveredUrl, FetchResult, None]]:
    """The batch's pages as the fetch stage would hand them over."""
    out = []
    for i in range(batch * per_batch, (batch + 1) * per_batch):
        article = make_article(0, 6_000_000 + i)
        url = aawsat.PUBLIC_ORIGIN + quote(article_path(article))
        result = FetchResult(
            url=url,
            final_url=url,
            status=200,
            headers={"content-type": "text/html; charset=utf-8"},
            body=render(article),
            fetched_at=START + timedelta(minutes=batch, seconds=i % per_batch),
        )
        out.append((DiscoveredUrl(url, "sitemap"), result, None))
    return out


def main(data_dir: Path, batches: int, per_batch: int) -> None:
    with writing(data_dir, "crash_loader", wait=60) as con:
        ensure_tables(con)
        (data_dir / "schema-ready").touch()  # readers may poll from now on
        for batch in range(batches):
            outcome = process_batch(
                aawsat,
                fetched(batch, per_batch),
                warc_root=data_dir,
                warc_name=f"crash-{batch:03d}",
                run_id="crash-test",
                now=START + timedelta(minutes=batch),
            )
            load_batch(con, outcome.batch)
            print(f"loaded {batch + 1}", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 20)
