"""Syria relevance of an article, from a bundled dictionary of Syrian places and actors.

Contract: `syria_relevance(headline, body)` is a score in [0, 1]; `enrich_relevance(df)` adds
`syria_relevance` (Float64) and `is_syria` (Boolean, `syria_relevance >= SYRIA_THRESHOLD`,
i.e. 0.4) from the `headline` and `body_text` columns (null counts as empty text).

Dictionary: `transforms/data/syria_terms.csv` (`term_ar, kind, weight, pcode`): the country and
its adjective forms (p-code SY), the 14 governorates with OCHA p-codes (SY01-SY14), about a
hundred towns, camps, crossings and regions (their p-code is left empty: community codes are not
available offline), and Syria-specific actors. `weight` (0-1) is how surely a term means Syria:
1 for unambiguous names, lower for names that are also common words (`تدمر` "destroys",
`الميادين` "the squares" and a TV channel, `الزهراء`, `نوى`). A row with weight 0 is a
**blocker**: a longer phrase that contains a Syrian name but means something else (`حماة الوطن`,
an Egyptian party; `حصة الأسد`, "the lion's share"); it consumes its words so the shorter term
does not match.

Matching runs on `normalize_for_match` words (so `حماة`/`حماه`, `إدلب`/`ادلب` are one key) and is
whole-word: a term matches only whole tokens, optionally with proclitics on its first word
(و/ف, then ب/ل/ك; ل + ال is written لل: `وبدرعا`, `للرقة`, `والسوريين`). Consequences:

* `حماة` does not match `حمام`/`حمامات`, `الرقة` does not match `الرقابة`, `حلب` not `حلبة`.
* `ال` is never added to a listed name: the dictionary lists the definite forms it needs
  (`السوري`, `السورية`, ...), because `ال` turns names into words: `النبل` (nobility),
  `الحمص` (the chickpeas), `الدوما` (the Russian Duma).
* A word carrying tanween (`درعاً` "a shield") is never a place name, so it never matches.
* At one position the longest term wins: `قوات سوريا الديمقراطية` is one actor, not also
  `سوريا`; `ريف دمشق` is SY03, not SY01.

Score: S = 3 × (sum of weights of distinct terms in the headline) + sum over body terms of
weight × sqrt(mentions); relevance = 1 - exp(-S / 5). A single `سوريا` in the body scores 0.18,
two distinct strong terms 0.33, one in the headline (and again in the body) 0.55, a news story
set in Syria close to 1. The square root rewards breadth (several Syrian places and actors)
over one repeated, possibly ambiguous word.
"""

from __future__ import annotations

import csv
import functools
import io
import math
from collections import Counter
from dataclasses import dataclass
from importlib import resources

import polars as pl

from transforms.arabic import clitic_forms, normalize_for_match

SYRIA_THRESHOLD = 0.4
HEADLINE_WEIGHT = 3.0
SATURATION = 5.0
KINDS = ("country", "governorate", "city", "actor", "other")

_TANWEEN = str.maketrans({"\u064b": "\ue000", "\u064c": "\ue000", "\u064d": "\ue000"})


@dataclass(frozen=True)
class SyriaTerm:
    """One dictionary row."""

    term_ar: str
    kind: str
    weight: float
    pcode: str | None


@dataclass(frozen=True)
class _Candidate:
    """A term that may start at a token: the words that must follow and the proclitic length."""

    term: SyriaTerm
    rest: tuple[str, ...]
    prefix_len: int


@functools.cache
def load_syria_terms() -> tuple[SyriaTerm, ...]:
    """Read `data/syria_terms.csv` (cached: it is package data, never changes)."""
    text = resources.files("transforms.data").joinpath("syria_terms.csv").read_text("utf-8")
    terms: list[SyriaTerm] = []
    for row in csv.DictReader(io.StringIO(text)):
        if row["kind"] not in KINDS:
            raise ValueError(f"syria_terms.csv: unknown kind {row['kind']!r} for {row['term_ar']}")
        terms.append(
            SyriaTerm(
                term_ar=row["term_ar"].strip(),
                kind=row["kind"],
                weight=float(row["weight"]),
                pcode=row["pcode"].strip() or None,
            )
        )
    return tuple(terms)


@functools.cache
def _index() -> dict[str, tuple[_Candidate, ...]]:
    """Map every accepted form of a term's first word to the terms it may start."""
    index: dict[str, list[_Candidate]] = {}
    for term in load_syria_terms():
        words = normalize_for_match(term.term_ar).split()
        first, rest = words[0], tuple(words[1:])
        for form in clitic_forms(first):
            candidate = _Candidate(term, rest, prefix_len=len(form) - len(first))
            index.setdefault(form, []).append(candidate)
    return {
        form: tuple(sorted(cands, key=lambda c: (-len(c.rest), c.prefix_len, -c.term.weight)))
        for form, cands in index.items()
    }


def _tokens(text: str) -> list[str]:
    """Matching words of a text; words with tanween keep a marker so they match no name."""
    return normalize_for_match(text.translate(_TANWEEN)).split()


def match_syria_terms(text: str | None) -> list[SyriaTerm]:
    """Dictionary terms found in a text, left to right, longest match first, blockers dropped."""
    if not text:
        return []
    tokens = _tokens(text)
    index = _index()
    found: list[SyriaTerm] = []
    i = 0
    while i < len(tokens):
        step = 1
        for cand in index.get(tokens[i], ()):
            end = i + 1 + len(cand.rest)
            if tuple(tokens[i + 1 : end]) == cand.rest:
                if cand.term.weight > 0:
                    found.append(cand.term)
                step = end - i
                break
        i += step
    return found


def syria_relevance(headline: str | None, body: str | None) -> float:
    """Saturating Syria score in [0, 1]; headline terms weigh three times a body mention."""
    score = HEADLINE_WEIGHT * sum(t.weight for t in set(match_syria_terms(headline)))
    mentions = Counter(match_syria_terms(body))
    score += sum(t.weight * math.sqrt(n) for t, n in mentions.items())
    return round(min(1.0, max(0.0, 1.0 - math.exp(-score / SATURATION))), 4)


def enrich_relevance(df: pl.DataFrame) -> pl.DataFrame:
    """Add `syria_relevance` (Float64) and `is_syria` from `headline` and `body_text`."""
    scores = [
        syria_relevance(headline, body)
        for headline, body in zip(
            df.get_column("headline").cast(pl.String).to_list(),
            df.get_column("body_text").cast(pl.String).to_list(),
            strict=True,
        )
    ]
    relevance = pl.Series("syria_relevance", scores, dtype=pl.Float64)
    return df.with_columns(relevance, (relevance >= SYRIA_THRESHOLD).alias("is_syria"))
