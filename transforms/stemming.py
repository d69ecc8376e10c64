"""Light Arabic stemming for search keys: one key per word, the same for a query and a text.

Contract: `stem(word)` takes one word already passed through `normalize_for_match` (so
hamza forms, ta marbuta and alef maqsura are folded) and returns its search key; `search_key`
normalises and stems a whole text into space-separated keys; `search_keys_many` does the same
for many texts, the character work vectorised by Polars and each distinct word stemmed once.
Pure functions: no I/O, no state beyond a cache of stemmed words.

The rules (`LightStemmer`), chosen on `tests/data/search/stem_pairs.csv` by
`bench/search_stemmers.py` (recall on 110 pairs of query and inflected form first, then the
fewest collisions on 45 pairs of distinct words that must stay apart):

1. Proclitics, stripped from the front one unit at a time while at least `min_stem` (3)
   letters remain: the article `ال` and the letters و ف ب ك ل (so `وال`, `بال`, `لل`, `فب`…
   too). Stripping is greedy, not limited to one grammatical chain, which makes it
   consistent: a stem that itself begins with one of these letters (`لبنان`, `فصائل`,
   `وزير`) gets the same key bare and with a proclitic (`بلبنان`, `الفصائل`, `الوزير`),
   because the proclitic form passes through the bare form on its way down.
2. Suffixes, stripped from the end (longest first, up to three layers) while at least
   `min_stem` letters remain: sound plurals (ات ون ين), possessive pronouns (ها هم هن هما
   نا) and ه (the ta marbuta after normalisation, or "his"). A pronoun may leave the open ta
   marbuta ت (`حكومتها` → `حكوم`, as `حكومة`) or a construct plural's ي (`مقاتليها` →
   `مقاتل`), stripped too, but not the ت of ات (`قواته` → `قوات`) and not a ي before ه (a
   nisba's ta marbuta: `السورية` → `سوري`). A final ت of a feminine verb goes (`قصفت` →
   `قصف`), not the ت of ات.
3. Not stripped, by measurement: the nisba ي (`سوري` stays, and meets `السوريين` and
   `السورية`; stripping it merged `مدني`/`مدن`, `دولي`/`دول`, `سوري`/`سور`) and the dual
   ان (it cut names: `عدنان` → `عدن`, `سليمان` → `سليم`, `لبنان` → `لبن`).
4. A word with anything but Arabic letters (Latin, digits) is returned unchanged.

Known limits (measured in `bench/search_stemmers.py`): broken plurals never meet their
singular (`معركة`/`المعارك`, `قتيل`/`قتلى`); a stem beginning with و ف ب ك ل loses those
letters (`وزارة` → `زار`, meeting the verb `زار` "visited"; `لجنة` meets `جنة`; `كمال` meets
`مال`), and a stem that begins with two of them can lose a root letter differently in two
forms (`بلدة` → `لده`, `بلدات` → `دات`); a feminine noun meets its masculine (`شرطة`/`شرط`,
`منطقة`/`منطق`); a name ending like a plural loses it (`زيتون` → `زيت`). Verbs keep their
imperfect prefixes (`يقصف` is not `قصف`). The keys are search keys, never shown: the snippet
is cut from the original text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from transforms.arabic import normalize_for_match, normalize_for_match_expr

_ARABIC_WORD = re.compile(r"^[\u0621-\u064a]+$")
_PRONOUNS = ("هما", "ها", "هم", "هن", "نا", "ه")
_TA_MARBUTA_OPEN = "ت"


@dataclass(frozen=True)
class LightStemmer:
    """A light stemmer's rules; `stem` applies them to one normalised word."""

    min_stem: int = 3
    greedy_prefixes: bool = True
    single_prepositions: bool = True
    suffixes: tuple[str, ...] = ("هما", "ات", "ون", "ين", "ها", "هم", "هن", "نا", "ه")
    # Letters a pronoun leaves at the end of a noun: the open ta marbuta (`حكومتها`) and the
    # construct plural's ي (`مقاتليها`).
    after_pronoun: tuple[str, ...] = ("ت", "ي")
    final_t: bool = True
    max_suffix_layers: int = 3
    min_suffix_stem: int | None = None  # letters left by suffix stripping (default min_stem)

    def stem(self, word: str) -> str:
        """The search key of one word already normalised by `normalize_for_match`."""
        if not _ARABIC_WORD.match(word):
            return word
        return self._strip_suffixes(self._strip_prefixes(word))

    def _strip_prefixes(self, w: str) -> str:
        """Proclitics off the front, at least `min_stem` letters left."""
        m = self.min_stem
        if not self.greedy_prefixes:
            return self._strip_chain(w)
        letters = "وفبكل" if self.single_prepositions else "وف"
        while True:
            if w.startswith("ال") and len(w) - 2 >= m:
                w = w[2:]
            elif w[0] in letters and len(w) - 1 >= m:
                # Without single prepositions, ب ك ل go only as part of بال كال لل.
                w = w[1:]
            elif not self.single_prepositions and w[:3] in ("بال", "كال") and len(w) - 3 >= m:
                w = w[3:]
            elif not self.single_prepositions and w.startswith("لل") and len(w) - 2 >= m:
                w = w[2:]
            else:
                return w

    def _strip_chain(self, w: str) -> str:
        """One grammatical chain off the front: (و|ف)? (ب|ك|ل)? (ال)?, the longest that fits."""
        best = w
        preps = ("", "ب", "ك", "ل") if self.single_prepositions else ("",)
        for conj in ("", "و", "ف"):
            for prep in preps:
                for art in ("", "ال"):
                    chain = conj + ("لل" if prep == "ل" and art else prep + art)
                    if chain and w.startswith(chain) and len(w) - len(chain) >= self.min_stem:
                        rest = w[len(chain) :]
                        if len(rest) < len(best):
                            best = rest
        if not self.single_prepositions:
            for chain in ("بال", "كال", "لل", "فبال", "وبال", "ولل", "فلل"):
                if w.startswith(chain) and len(w) - len(chain) >= self.min_stem:
                    rest = w[len(chain) :]
                    if len(rest) < len(best):
                        best = rest
        return best

    def _left_by_pronoun(self, w: str, pronoun: str) -> bool:
        """The last letter of `w` is the ta marbuta or construct ي a pronoun left behind.

        Not the ت of ات (`قواته` keeps `قوات`); not a ي before ه, where ه is usually the ta
        marbuta of a nisba (`السورية`), not "his".
        """
        last = w[-1]
        if last not in self.after_pronoun:
            return False
        if last == "ت":
            return not w.endswith("ات")
        return pronoun != "ه"

    def _strip_suffixes(self, w: str) -> str:
        """Suffixes off the end, longest first, at least `min_suffix_stem` letters left."""
        m = self.min_stem if self.min_suffix_stem is None else self.min_suffix_stem
        for _ in range(self.max_suffix_layers):
            for suffix in self.suffixes:
                if w.endswith(suffix) and len(w) - len(suffix) >= m:
                    w = w[: -len(suffix)]
                    if suffix in _PRONOUNS and len(w) - 1 >= m and self._left_by_pronoun(w, suffix):
                        w = w[:-1]
                    break
            else:
                break
        final_t = self.final_t and w.endswith(_TA_MARBUTA_OPEN) and not w.endswith("ات")
        if final_t and len(w) - 1 >= m:
            w = w[:-1]
        return w


STEMMER = LightStemmer()


@functools.lru_cache(maxsize=1 << 18)
def stem(word: str) -> str:
    """The search key of one normalised word under the chosen rules (`STEMMER`)."""
    return STEMMER.stem(word)


def search_key(text: str | None) -> str:
    """Normalise and stem a text into its search keys, separated by single spaces."""
    if not text:
        return ""
    return " ".join(stem(w) for w in normalize_for_match(text).split())


def search_keys_many(texts: Sequence[str | None]) -> list[str]:
    """`search_key` of many texts; Polars normalises and splits, each distinct word stems once."""
    words = (
        pl.Series("text", list(texts), dtype=pl.String)
        .fill_null("")
        .to_frame()
        .select(normalize_for_match_expr(pl.col("text")).str.split(" ").alias("words"))
        .get_column("words")
    )
    vocabulary = words.explode().drop_nulls().unique()
    keys = pl.Series([stem(w) for w in vocabulary.to_list()], dtype=pl.String)
    mapped = words.list.eval(
        pl.element().replace_strict(vocabulary, keys, default=pl.element(), return_dtype=pl.String)
    )
    return mapped.list.join(" ").str.strip_chars(" ").to_list()


__all__ = ["STEMMER", "LightStemmer", "search_key", "search_keys_many", "stem"]
