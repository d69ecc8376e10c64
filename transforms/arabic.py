"""Arabic text: cleaning for storage and normalisation for matching, in Python and in Polars.

Two different contracts live here:

* `clean_text` / `clean_text_expr` / `clean_list_expr` produce the text that is **stored**. The
  text is the data, so they only remove what a reader cannot see: Unicode is put in NFC, tatweel
  (U+0640) goes, zero-width and bidi controls go (U+200B, U+200D-U+200F, U+202A-U+202E,
  U+2066-U+2069, U+FEFF, plus U+061C ARABIC LETTER MARK, U+2060 WORD JOINER and U+00AD SOFT
  HYPHEN, which are invisible controls of the same kind), every Unicode space becomes a space,
  runs of whitespace collapse to one space and the ends are stripped; an empty result is None.
  Letters, hamza forms, diacritics (harakat, shadda, tanween) and punctuation are never touched.
* `normalize_for_match` / `normalize_for_match_expr` produce a **search key** that is never
  stored as the text: NFKC (presentation forms and ligatures back to letters), diacritics
  (U+064B-U+065F, U+0670, Quranic marks) and tatweel removed, alef forms أ إ آ ٱ → ا, ى → ي,
  ة → ه (also Persian ی → ي and ک → ك), Eastern digits → 0-9, quotation marks removed (so that
  `لـ«رويترز»` becomes the single word `لرويترز`), every other punctuation mark or symbol
  → space, whitespace collapsed, Latin lower-cased. `fold_arabic` is the same without the
  punctuation step and without lower-casing, for parsers that need `:` `-` `[` `]`.

Why not a library for this: `pyarabic` (checked against it in
`tests/transforms/test_arabic_library.py`) folds hamza forms to a bare hamza (`إدلب` → `ءدلب`,
while `ادلب` stays), so the two common spellings of a place never meet; its `strip_tashkeel`
leaves the superscript alef (U+0670) and Quranic marks, it has no NFKC step for presentation
forms and no bidi/zero-width handling, and it works on Python strings only, where this module
gives every function a Polars twin that runs vectorised. The tests keep our classes a superset
of pyarabic's (every pyarabic diacritic is removed here too).

`match_tokens(text)` splits a text into matching keys with their offsets in the text itself (for
the enrichment matcher): a word is a run between spaces and punctuation, quotation marks inside
a word are dropped (`لـ«رويترز»` is `لرويترز`), and a word's key is cached (news vocabulary is
small, so normalising each distinct word once makes this cheap).

Known edge cases:

* ZWNJ (U+200C) is kept by `clean_text` only between two Arabic-script letters, where it
  changes how the word is drawn (Persian and Kurdish names and quotes: `می‌خواهم`); elsewhere
  (next to a space, punctuation, Latin or at an end) it is invisible residue and is removed.
  `normalize_for_match` always removes it.
* NFC composes alef + combining hamza (U+0627 U+0654) into أ and reorders stacked marks into
  canonical order: the same text in its canonical encoding, shown identically.
* Tatweel removal turns the abbreviations `هـ` and `مـ` into `ه` and `م`.
* `hamza` on waw/ya (ؤ ئ) is kept by `normalize_for_match`: `مسؤول` and `مسئول` are distinct
  keys (add a rule here if search recall across that spelling matters).
* Python (`re`) and Polars (Rust `regex`) apply the same explicit character classes, so the
  Python function and its Polars twin give the same string (tested); `\\s` and `\\w` are not
  used because the two engines define them differently.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
import unicodedata
from collections.abc import Iterable, Sequence

import polars as pl

TATWEEL = "\u0640"
ZWNJ = "\u200c"

_INVISIBLE = r"[\u00ad\u061c\u200b\u200d-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
_INVISIBLE_OR_ZWNJ = r"[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
_SPACES = r"[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+"
# Arabic-script letters and the marks that may sit between a letter and a ZWNJ.
_AR_LETTER = (
    r"\u0620-\u065f\u0670-\u06d3\u06d5-\u06ed\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff"
    r"\ufb50-\ufdff\ufe70-\ufefc"
)
_ZWNJ_NOT_AFTER_LETTER = rf"(^|[^{_AR_LETTER}\u200c])\u200c+"
_ZWNJ_NOT_BEFORE_LETTER = rf"\u200c+([^{_AR_LETTER}\u200c]|$)"
_DIACRITICS = r"[\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]"
_QUOTES = r"[\"'`\u00ab\u00bb\u00b4\u2018-\u201f\u2039\u203a\u2032\u2033\u275b-\u275e]"
_ALEF_FORMS = r"[\u0622\u0623\u0625\u0671]"

ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
EASTERN_ARABIC_INDIC_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_DIGIT_FROM = list(ARABIC_INDIC_DIGITS + EASTERN_ARABIC_INDIC_DIGITS)
_DIGIT_TO = list("0123456789" * 2)
_DIGIT_TABLE = str.maketrans(dict(zip(_DIGIT_FROM, _DIGIT_TO, strict=True)))

# (pattern, replacement) pairs of single letters folded by the matching key.
_LETTER_FOLDS: tuple[tuple[str, str], ...] = (
    (_ALEF_FORMS, "\u0627"),  # أ إ آ ٱ → ا
    (r"[\u0649\u06cc]", "\u064a"),  # ى ی → ي
    (r"\u0629", "\u0647"),  # ة → ه
    (r"\u06a9", "\u0643"),  # ک → ك
)


def _escape(cp: int) -> str:
    """Render a code point as a regex escape both Python `re` and Rust `regex` read."""
    return f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\U{cp:08x}"


def _class_ranges(code_points: Iterable[int]) -> str:
    """The inside of a regex character class holding these code points (ascending)."""
    ranges: list[tuple[int, int]] = []
    for cp in code_points:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    return "".join(_escape(a) if a == b else f"{_escape(a)}-{_escape(b)}" for a, b in ranges)


def _punctuation_ranges(exclude: str = "") -> str:
    """The inside of a character class of every Unicode punctuation mark and symbol (P*, S*)."""
    code_points: Iterable[int] = (*range(0x0000, 0x10000), *range(0x1F000, 0x1FC00))
    return _class_ranges(
        cp
        for cp in code_points
        if not 0xD800 <= cp <= 0xDFFF
        and unicodedata.category(chr(cp))[0] in "PS"
        and chr(cp) not in exclude
    )


_PUNCTUATION = "[" + _punctuation_ranges() + "]+"

_RE_INVISIBLE = re.compile(_INVISIBLE)
_RE_INVISIBLE_OR_ZWNJ = re.compile(_INVISIBLE_OR_ZWNJ)
_RE_ZWNJ_NOT_AFTER = re.compile(_ZWNJ_NOT_AFTER_LETTER)
_RE_ZWNJ_NOT_BEFORE = re.compile(_ZWNJ_NOT_BEFORE_LETTER)
_RE_ZWNJ_RUN = re.compile(r"\u200c+")
_RE_SPACES = re.compile(_SPACES)
_RE_DIACRITICS = re.compile(_DIACRITICS)
_RE_QUOTES = re.compile(_QUOTES)
_RE_PUNCTUATION = re.compile(_PUNCTUATION)
_RE_LETTER_FOLDS = tuple((re.compile(p), r) for p, r in _LETTER_FOLDS)


def clean_text(s: str | None) -> str | None:
    """Remove invisible characters and tatweel, normalise spaces; None for empty or None."""
    if s is None:
        return None
    s = unicodedata.normalize("NFC", s)
    s = s.replace(TATWEEL, "")
    s = _RE_INVISIBLE.sub("", s)
    s = _RE_ZWNJ_NOT_AFTER.sub(r"\g<1>", s)
    s = _RE_ZWNJ_NOT_BEFORE.sub(r"\g<1>", s)
    s = _RE_ZWNJ_RUN.sub(ZWNJ, s)
    s = _RE_SPACES.sub(" ", s).strip(" ")
    return s or None


def clean_text_expr(expr: pl.Expr) -> pl.Expr:
    """Polars twin of `clean_text` for a String expression (empty strings become null)."""
    out = (
        expr.str.normalize("NFC")
        .str.replace_all(TATWEEL, "", literal=True)
        .str.replace_all(_INVISIBLE, "")
        .str.replace_all(_ZWNJ_NOT_AFTER_LETTER, "${1}")
        .str.replace_all(_ZWNJ_NOT_BEFORE_LETTER, "${1}")
        .str.replace_all(r"\u200c+", ZWNJ)
        .str.replace_all(_SPACES, " ")
        .str.strip_chars(" ")
    )
    return pl.when(out != "").then(out)  # named after the input; "" and null → null


def clean_list_expr(expr: pl.Expr) -> pl.Expr:
    """Clean every element of a List(String) expression and drop the elements left empty."""
    return expr.list.eval(clean_text_expr(pl.element()).drop_nulls())


def to_western_digits(s: str) -> str:
    """Replace Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹) digits with 0-9."""
    return s.translate(_DIGIT_TABLE)


def to_western_digits_expr(expr: pl.Expr) -> pl.Expr:
    """Polars twin of `to_western_digits`."""
    return expr.str.replace_many(_DIGIT_FROM, _DIGIT_TO)


def fold_arabic(s: str) -> str:
    """Matching-oriented folding of letters, marks and digits that keeps punctuation."""
    s = unicodedata.normalize("NFKC", s)
    s = s.replace(TATWEEL, "")
    s = _RE_INVISIBLE_OR_ZWNJ.sub("", s)
    s = _RE_DIACRITICS.sub("", s)
    for pattern, replacement in _RE_LETTER_FOLDS:
        s = pattern.sub(replacement, s)
    s = to_western_digits(s)
    return _RE_SPACES.sub(" ", s).strip(" ")


def fold_arabic_expr(expr: pl.Expr) -> pl.Expr:
    """Polars twin of `fold_arabic`."""
    out = (
        expr.str.normalize("NFKC")
        .str.replace_all(TATWEEL, "", literal=True)
        .str.replace_all(_INVISIBLE_OR_ZWNJ, "")
        .str.replace_all(_DIACRITICS, "")
    )
    for pattern, replacement in _LETTER_FOLDS:
        out = out.str.replace_all(pattern, replacement)
    out = to_western_digits_expr(out)
    return out.str.replace_all(_SPACES, " ").str.strip_chars(" ")


def normalize_for_match(s: str) -> str:
    """Search key: folded letters, no diacritics, quotes or punctuation, lower-case Latin."""
    s = fold_arabic(s)
    s = _RE_QUOTES.sub("", s)
    s = _RE_PUNCTUATION.sub(" ", s)
    return _RE_SPACES.sub(" ", s).strip(" ").lower()


def normalize_for_match_expr(expr: pl.Expr) -> pl.Expr:
    """Polars twin of `normalize_for_match`."""
    return (
        fold_arabic_expr(expr)
        .str.replace_all(_QUOTES, "")
        .str.replace_all(_PUNCTUATION, " ")
        .str.replace_all(_SPACES, " ")
        .str.strip_chars(" ")
        .str.to_lowercase()
    )


_CONJUNCTIONS = ("", "و", "ف")
_PREPOSITIONS = ("", "ب", "ل", "ك")


def clitic_forms(word: str) -> frozenset[str]:
    """Forms of a normalised word with proclitics: و/ف, then ب/ل/ك (ل + ال is written لل)."""
    forms: set[str] = set()
    for conj in _CONJUNCTIONS:
        for prep in _PREPOSITIONS:
            if prep == "ل" and word.startswith("ال"):
                forms.add(conj + "لل" + word[2:])
            else:
                forms.add(conj + prep + word)
    return frozenset(forms)


# Token boundaries for offset-keeping matching: white space and every punctuation mark or symbol
# except quotation marks and tatweel, which `normalize_for_match` deletes inside a word
# (`لـ«رويترز»` is one token, `لرويترز`).
_QUOTE_CHARS = "\"'`\u00ab\u00bb\u00b4\u2039\u203a\u2032\u2033" + "".join(
    chr(c) for c in (*range(0x2018, 0x2020), *range(0x275B, 0x275F))
)
_RE_TOKEN = re.compile("[^" + _SPACES[1:-2] + _punctuation_ranges(exclude=_QUOTE_CHARS) + "]+")
_TANWEEN = frozenset("\u064b\u064c\u064d")
NO_MATCH_KEY = "\ue000"  # a key no dictionary entry has: tokens that must never match


@functools.lru_cache(maxsize=1 << 18)
def token_keys(token: str) -> tuple[str, ...]:
    """Matching keys of one raw token (usually one; none for a token of marks only).

    A word carrying tanween (`درعاً` "a shield") is never a proper name, so its key carries
    `NO_MATCH_KEY`, which no dictionary spelling has.
    """
    if not _TANWEEN.isdisjoint(token):
        words = normalize_for_match(token).split()
        return tuple(w + NO_MATCH_KEY for w in words) or (NO_MATCH_KEY,)
    return tuple(normalize_for_match(token).split())


def match_tokens(text: str) -> list[tuple[str, int, int]]:
    """(matching key, start, end) of every word of `text`, offsets into `text` itself.

    The span runs from the word's first to its last character that the key keeps, then over
    the diacritics or tatweel right after it: `«داعش»` spans `داعش`, `دمشقَ` all of it.
    """
    _table, _outside, deleted, marks = _fast_table()
    out: list[tuple[str, int, int]] = []
    for m in _RE_TOKEN.finditer(text):
        word = m.group()
        keys = token_keys(word)
        if not keys:
            continue
        kept = [i for i, c in enumerate(word) if not deleted.match(c)]
        first, last = (kept[0], kept[-1] + 1) if kept else (0, len(word))
        while last < len(word) and word[last] in marks:
            last += 1
        for key in keys:
            out.append((key, m.start() + first, m.start() + last))
    return out


# The fast path of matching: one `str.translate` over the whole text instead of a key per word.
# Every character of these blocks whose matching form is one character, a space or nothing is
# in the table; any other character (a ligature such as `ﻻ`, an emoji) sends the text to the
# word-by-word path of `match_tokens`, which gives the same keys.
_FAST_BLOCKS = (
    (0x0000, 0x0250), (0x0300, 0x0370), (0x0600, 0x0780), (0x08A0, 0x0900),
    (0x2000, 0x2070), (0x20A0, 0x20D0), (0x2100, 0x2200), (0x3000, 0x3040),
    (0xFB50, 0xFE00), (0xFE70, 0xFF00),
)  # fmt: skip


@functools.cache
def _fast_table() -> tuple[dict[int, str | None], re.Pattern[str], re.Pattern[str], str]:
    """(translate table, regex of characters outside it, regex of deleted ones, marks)."""
    table: dict[int, str | None] = {}
    for low, high in _FAST_BLOCKS:
        for cp in range(low, high):
            if 0xD800 <= cp <= 0xDFFF:
                continue
            c = chr(cp)
            if c in _TANWEEN:
                table[cp] = NO_MATCH_KEY
                continue
            folded = normalize_for_match("\u0628" + c + "\u0628")
            if folded == "\u0628\u0628":
                table[cp] = None
            elif folded == "\u0628 \u0628":
                table[cp] = " "
            elif len(folded) == 3 and folded[0] == folded[2] == "\u0628":
                table[cp] = folded[1]
    outside = re.compile("[^" + _class_ranges(sorted(table)) + "]")
    deleted_chars = [chr(cp) for cp, v in table.items() if v is None]
    deleted = re.compile("[" + _class_ranges(sorted(map(ord, deleted_chars))) + "]")
    marks = "".join(c for c in deleted_chars if c not in _QUOTE_CHARS)
    return table, outside, deleted, marks


class KeyMap:
    """The way back from a position of a text's matching keys (`fast_keys`) to its offset in the
    text: calling it with a key position gives the offset of the character it comes from.

    The keys are the text translated character by character, less the characters the keys
    delete (diacritics, tatweel, quotation marks) and less the extra spaces of each run of
    spaces (padded with one space at each end). Each pair of lists holds, for each dropped run
    (`spaces`) or character (`deleted`), where in the shorter string it was (ascending, after a
    leading -1) and how many characters were dropped up to the end of it (after a leading 0):
    `spaces`/`space_shift` map a key position to the translated text, `deleted`/`deleted_shift`
    that to the text.
    """

    __slots__ = ("deleted", "deleted_shift", "space_shift", "spaces")

    def __init__(
        self,
        spaces: list[int],
        space_shift: list[int],
        deleted: list[int],
        deleted_shift: list[int],
    ) -> None:
        self.spaces, self.space_shift = spaces, space_shift
        self.deleted, self.deleted_shift = deleted, deleted_shift

    def __call__(self, i: int) -> int:
        """The offset in the text of the character at key position i."""
        j = i + self.space_shift[bisect.bisect_right(self.spaces, i) - 1] - 1
        return j + self.deleted_shift[bisect.bisect_right(self.deleted, j) - 1]


FastKeys = tuple[str, KeyMap]


def fast_keys(text: str) -> FastKeys | None:
    """` key key … ` of a text in one pass and a map from its positions to the text's, or None
    when the text has a character only the word-by-word path (`match_tokens`) handles.

    The keys are those of `match_tokens`, separated by single spaces and padded with one space
    at each end; the map takes the position of a key character to its offset in `text`.
    """
    if _fast_table()[1].search(text):
        return None
    return _keys_and_map(text.translate(_marked_table()))


def fast_keys_many(texts: Sequence[str | None]) -> list[FastKeys | None]:
    """`fast_keys` of many texts, the character work done by Polars in one vectorised pass."""
    _table, outside, deleted, _marks = _fast_table()
    sources, targets = _fast_replacements()
    series = pl.Series(list(texts), dtype=pl.String).fill_null("")
    frame = pl.DataFrame({"text": series}).select(
        pl.col("text").str.contains(outside.pattern).alias("outside"),
        pl.col("text").str.replace_many(sources, targets).str.replace_all(deleted.pattern, _GONE),
    )
    return [
        None if out else _keys_and_map(marked)
        for out, marked in zip(
            frame.get_column("outside").to_list(), frame.get_column("text").to_list(), strict=True
        )
    ]


@functools.cache
def _fast_replacements() -> tuple[list[str], list[str]]:
    """The one-character changes of the fast table, as (from, to) lists for Polars."""
    table = _fast_table()[0]
    changed = [(chr(cp), v) for cp, v in table.items() if v is not None and v != chr(cp)]
    return [a for a, _ in changed], [b for _, b in changed]


# Stands for each character the keys delete until `_keys_and_map` removes it: a private-use
# character outside the fast table, so a text that holds one never takes the fast path.
_GONE = "\ue001"


@functools.cache
def _marked_table() -> dict[int, str | None]:
    """The fast table with `_GONE` for each character it deletes."""
    return {cp: _GONE if v is None else v for cp, v in _fast_table()[0].items()}


_RE_SPACE_RUN_GROUP = re.compile(r"(  +)")


def _keys_and_map(marked: str) -> FastKeys:
    """The keys of a translated text whose deleted characters are `_GONE`, and the map back.

    The runs are found by `split` and placed by the running sums of the pieces' lengths: no
    match object per run.
    """
    parts = marked.split(_GONE)
    # The k-th deleted character stood where the text without them has the first k+1 pieces.
    deleted = [-1, *itertools.accumulate(map(len, parts[:-1]))]
    deleted_shift = list(range(len(parts)))
    parts = _RE_SPACE_RUN_GROUP.split(" " + "".join(parts) + " ")
    if len(parts) == 1:
        return parts[0], KeyMap([-1], [0], deleted, deleted_shift)
    # Each run keeps one space: in the keys, the run is one space after its piece.
    pieces = list(itertools.accumulate(map(len, parts[0::2])))
    runs = range(1, len(parts) // 2 + 1)
    extra = list(map(operator.sub, itertools.accumulate(map(len, parts[1::2])), runs))
    spaces = [-1, *map(operator.add, pieces, runs)]
    return " ".join(parts[0::2]), KeyMap(spaces, [0, *extra], deleted, deleted_shift)


def fast_marks() -> str:
    """Characters the keys drop that belong to the word before them (diacritics, tatweel…)."""
    return _fast_table()[3]
