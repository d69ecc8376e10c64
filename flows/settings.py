"""One settings object read from the environment (prefix `SYRIA_ETL_`); paths derive from
`data_dir`. Run-level knobs (source, base URL, page limits) are flow parameters instead."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

PREFIX = "SYRIA_ETL_"


@dataclass(frozen=True)
class Settings:
    """Configuration shared by every flow and command."""

    data_dir: Path = Path("data")
    contact_url: str = "https://github.com/syria-coverage/syria-etl"
    rate_per_host: float = 1.0
    concurrency: int = 4
    timeout: float = 20.0
    max_retries: int = 3
    backoff_base: float = 1.0
    max_bytes: int = 5_000_000
    batch_size: int = 200
    max_listing_pages: int = 5
    layout_change_threshold: float = 0.2
    # Seconds a writing flow waits for another writer of the same warehouse before giving up.
    lock_wait: float = 300.0

    @property
    def user_agent(self) -> str:
        """An honest User-Agent naming the project and where to reach its operators."""
        return f"syria-etl/0.1 (+{self.contact_url})"

    @property
    def warc_root(self) -> Path:
        """Where WARC files live (`<data_dir>/warc/YYYY/MM/…`)."""
        return self.data_dir

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Defaults, then `SYRIA_ETL_*` variables, then explicit non-None overrides."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = os.environ.get(PREFIX + f.name.upper())
            if raw is None:
                continue
            default = getattr(cls, f.name)
            values[f.name] = type(default)(raw) if not isinstance(default, Path) else Path(raw)
        settings = cls(**values)
        return replace(settings, **{k: v for k, v in overrides.items() if v is not None})
