"""News agencies and other cited sources: from a credit or an attribution to a `source_id`.

Contract: `normalize_agency(raw)` maps an image credit (`(أ.ف.ب)`, `AFP / Getty Images`) or the
name inside an attribution (`وفقاً لـ«رويترز»`) to one id of `transforms/data/agencies.csv`
(ap, afp, reuters, epa, sana, sohr, dpa, anadolu, getty), the first one in the text; unknown
or empty → None. `find_agencies(raw)` returns every id found, in order of appearance.

The table has one row per spelling (`source_id, name_en, pattern_ar`); `name_en` is matched as a
spelling too, and Latin abbreviations (AP, AFP, ...) sit in `pattern_ar` next to the Arabic ones.
Matching runs on `normalize_for_match` tokens, so hamza/alef variants, diacritics, tatweel,
quotes and dots do not matter, and a name glued to a proclitic (`لرويترز`, `وللأناضول`) is found.

Known edge cases:

* Dotted abbreviations are sequences of one-letter tokens after normalisation: `أ.ف.ب`,
  `أ ف ب`, `ا.ف.ب.` → `ا ف ب`. They match only as one-letter tokens (a proclitic ل/و is allowed on
  the first, `لـ«أ.ف.ب»`) or when the whole credit is the abbreviation written solid: the
  solid forms are ordinary words (`أب` father, `أبا`), so `أب` inside a sentence is not AP.
* The longest spelling wins at a position: `إ.ب.أ` is EPA, not AP followed by a stray letter,
  and `المرصد السوري لحقوق الإنسان` is one citation.
* `غيتي` / `Getty` is a photo agency, not a news source; it is kept so credits like
  `(أ.ف.ب) - غيتي` yield both ids from `find_agencies`.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from importlib import resources

from transforms.arabic import clitic_forms, normalize_for_match

_ABBREVIATION_PREFIXES = ("", "ل", "و")


@dataclass(frozen=True)
class _Table:
    """Lookup structures built from the agencies CSV."""

    solid: dict[str, tuple[str, int]]  # clitic form of a joined spelling → (id, token count)
    letters: tuple[tuple[tuple[str, ...], str], ...]  # abbreviation letters → id, longest first
    whole: dict[str, str]  # abbreviation written solid, matched only as the whole credit
    max_tokens: int


def _is_abbreviation(tokens: list[str]) -> bool:
    """An Arabic abbreviation: every token a single Arabic letter (`ا ف ب`)."""
    return all(len(t) == 1 and "\u0600" <= t <= "\u06ff" for t in tokens)


@functools.cache
def _table() -> _Table:
    """Load and index `data/agencies.csv` (cached: it is package data, never changes)."""
    text = resources.files("transforms.data").joinpath("agencies.csv").read_text("utf-8")
    solid: dict[str, tuple[str, int]] = {}
    letters: dict[tuple[str, ...], str] = {}
    whole: dict[str, str] = {}
    max_tokens = 1
    for row in csv.DictReader(io.StringIO(text)):
        for spelling in (row["pattern_ar"], row["name_en"]):
            tokens = normalize_for_match(spelling).split()
            if not tokens:
                continue
            joined = "".join(tokens)
            if _is_abbreviation(tokens):
                letters[tuple(tokens)] = row["source_id"]
                whole[joined] = row["source_id"]
                continue
            max_tokens = max(max_tokens, len(tokens))
            for form in clitic_forms(joined):
                solid.setdefault(form, (row["source_id"], len(tokens)))
    ordered = tuple(sorted(letters.items(), key=lambda kv: -len(kv[0])))
    return _Table(solid=solid, letters=ordered, whole=whole, max_tokens=max_tokens)


def _match_at(tokens: list[str], i: int, table: _Table) -> tuple[str, int] | None:
    """The longest spelling starting at token i, as (source_id, tokens consumed)."""
    best: tuple[str, int] | None = None
    for size in range(min(table.max_tokens, len(tokens) - i), 0, -1):
        hit = table.solid.get("".join(tokens[i : i + size]))
        if hit is not None:
            best = (hit[0], size)
            break
    for letters, source_id in table.letters:
        size = len(letters)
        window = tokens[i : i + size]
        if len(window) != size or window[1:] != list(letters[1:]):
            continue
        if any(window[0] == prefix + letters[0] for prefix in _ABBREVIATION_PREFIXES):
            if best is None or size > best[1]:
                best = (source_id, size)
            break
    return best


def find_agencies(raw: str | None) -> list[str]:
    """All agency ids cited in a credit or attribution text, in order, without repeats."""
    return list(_find_agencies(raw)) if raw else []


@functools.lru_cache(maxsize=4096)
def _find_agencies(raw: str) -> tuple[str, ...]:
    """`find_agencies`, cached: credits and bylines repeat from article to article."""
    return tuple(_scan(raw))


def _scan(raw: str) -> list[str]:
    if not raw:
        return []
    tokens = normalize_for_match(raw).split()
    if not tokens:
        return []
    table = _table()
    whole = table.whole.get("".join(tokens))
    if whole is not None:
        return [whole]
    found: list[str] = []
    i = 0
    while i < len(tokens):
        hit = _match_at(tokens, i, table)
        if hit is None:
            i += 1
            continue
        if hit[0] not in found:
            found.append(hit[0])
        i += hit[1]
    return found


def normalize_agency(raw: str | None) -> str | None:
    """Map a credit or attribution to its agency id (the first cited), None when unknown."""
    found = find_agencies(raw)
    return found[0] if found else None
