"""The dictionaries' manifest and version: a changed word gives rows a new version."""

from __future__ import annotations

import re

from transforms.dictionaries import (
    dictionary_version,
    load_actor_aliases,
    load_places,
    load_source_spellings,
    stale_manifest,
)


def test_manifest_records_the_current_contents() -> None:
    stale = stale_manifest()
    assert stale == [], (
        f"dictionaries changed without a new manifest entry: {stale}; "
        "run `.venv/bin/python -m transforms.dictionaries --stamp` and commit the manifest"
    )


def test_version_names_release_and_contents() -> None:
    assert re.fullmatch(r"\d{4}\.\d{2}\.\d{2}\+[0-9a-f]{8}", dictionary_version())


def test_dictionaries_load_with_their_ids() -> None:
    pcodes = {p.pcode for p in load_places()}
    assert {"SY", *(f"SY{n:02d}" for n in range(1, 15)), "LB", "TR"} <= pcodes
    assert {"syrian_gov_assad", "hts", "isis", "sdf"} <= {a.actor_id for a in load_actor_aliases()}
    assert {"reuters", "sohr", "local_sources"} <= {s.source_id for s in load_source_spellings()}
