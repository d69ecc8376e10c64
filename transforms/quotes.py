"""Direct quotations in Arabic news text and who said them.

Contract: `find_quotes(text)` returns one `Quote` per quotation in `text`, in order of
appearance: the quoted text without its quotation marks (`text[q.start:q.end] == q.quote`, outer
white space trimmed), the speaker's noun phrase as written (title + name) or None, and the
reporting verb as written (`قال`, `وأضاف`, `مضيفاً`) or None. Pure: the two dictionaries are
read once from package data (`transforms/data/reporting_verbs.csv`, `not_quotes.csv`); words are
matched on `normalize_for_match` keys (so `قالَ`, `إنَّه`, `أكّد` match their bare forms), but
every string returned is a slice of the input. Cost: a text without quotation marks returns at
once, and so does one whose spans are all short names (up to 3 words, not introduced: nothing
of rule 2 below around them, `_may_be_introduced`); otherwise one regex pass splits the text into
words up to the line of the last quotation mark, and each span looks only at its own sentence
(no loop over the verbs).

Spans. Quotation marks are `«…»`, `“…”` and straight `"…"`. Guillemets and curly quotes nest
(`«قال «لا» وغادر»` is one span; the inner marks stay in the quote); straight quotes pair in
order. A span never crosses a line break (each paragraph closes its own quotes), an unclosed
`«` is no quote, a span inside another is part of it, and an empty span is dropped.

Speech or name. A span is kept only when it is speech, decided in this order:

1. Preceded directly by a `name_before` word of `not_quotes.csv` (`لـ«رويترز»`, `تنظيم «داعش»`,
   `عملية «نبع السلام»`, `بمطلب «إخراج داعش»`, `حزب «العمال الكردستاني»`; proclitics و ف and
   ب ل ك on the word are allowed): a name or title, never speech.
2. The span is *introduced* when a reporting verb of `reporting_verbs.csv` (with و/ف; not
   after a `verb_blocker` such as `عدم ذكر`) stands before it in the same sentence (at most 25
   words back, after the previous quote), or when the span follows the previous quote with
   only `، وإنه` / `و` between them (a second complement of the same verb), or when a reporting
   verb follows it (`«…»، قال مسؤول محلي.`, `«…»، بحسب ما قال X`). It is *direct* when the
   word before it is the verb itself or `إن/أن` (with a pronoun: `إنَّه`, `أنها`) or a colon,
   and it *closes a clause* when punctuation or the end of the line follows it.
3. Up to 3 words: speech only when introduced, direct and closing a clause (`وأضاف: «لا».`,
   `قالت إن «الوضع خطير».`). So `«داعش»`, `«الشرق الأوسط»`, `«رباعي موسكو»`, a dateline
   `دمشق: «الشرق الأوسط»`, scare quotes (`اتفاقاً «استراتيجياً»`, `بما وصفه «الانتصارات
   الكبيرة»`, `مع روسيا و«قوات صديقة»`) and a name inside reported speech (`قال إن «قسد»
   انسحبت`) are names.
4. 4 words or more: speech after a colon (`وجاء في البيان: «…»`); when introduced, speech if
   it closes a clause, ends in `. ! ? ؟ …` or contains a clause word (`speech_cue` of
   `not_quotes.csv`: لا لم لن قد نحن التي …). Not introduced: speech from 5 words when it
   ends in a sentence mark or contains a clause word (a quote without a speaker); otherwise a
   long name or title (`«المرصد السوري لحقوق الإنسان»`, `مذكرة «التعاون الاستراتيجي …»`).

Speaker and verb.

* Verb then speaker: the words after the verb up to `،`, `:`, `(`, `إن/أن` (any form), a
  `speaker_end` word or phrase of `not_quotes.csv` (`في بيان`, `في تصريح لـ…`, `خلال`, `أمس`,
  `الخميس`, `الذي`, `إلى` …), a lone proclitic (`لـ«…»`) or another reporting verb:
  `قال الأمين العام لجامعة الدول العربية أحمد أبو الغيط، إنَّه «…»` → `الأمين العام لجامعة
  الدول العربية أحمد أبو الغيط` / `قال`; `وقال المرصد السوري في بيان: «…»` → `المرصد السوري`.
  A name in guillemets inside it is kept (`قال قائد في «الجيش الوطني» إن` → `قائد في «الجيش
  الوطني»`); a leading `لـ«…»` is skipped (`قال لـ«الشرق الأوسط» مصدر أمني إن` → `مصدر
  أمني`); a first word that is a preposition (`not_subject_start`: `لكنه أشار إلى أن`, `يرى في
  …`) means no speaker is named; more than 14 words: no speaker (None, not inherited).
* Subject then verb: when nothing follows a verb without proclitic, the words from the start of
  the sentence to the verb are the speaker if there are 1 to 10 of them, joined by spaces only,
  and they do not start with a `not_subject_start` word: `مصدر مقرب من لجان التفاوض قال
  لـ«الشرق الأوسط»: «…»`.
* Pronoun subject (`وقالت إن «…»`, `وأضاف: «…»`, `مضيفاً: «…»`): the previous speaker in the
  text: the nearest earlier reporting clause with a named subject, in the same sentence (the
  subject of `…، مضيفاً`) or introducing speech (`إن/أن` or `:` follows it in its sentence),
  back to the last quote with a speaker, else that quote's speaker; None when there is none.
  So `وأضاف` after `وقال المتحدث X إن …` (reported speech without quotation marks) continues X.
* A continuation (`«…»، وإنَّه «…»`) has the speaker and verb of the quote before it.
* A speech span with no verb (after a bare colon, or a long span alone) has speaker and verb None.

Known limits: a speaker in apposition after a comma (`قال المتحدث باسم الخارجية، السفير أحمد
أبو زيد، إن`) is cut at the comma, and one with `إلى/على/عن` is cut there (`المبعوث الأممي إلى
سوريا` → `المبعوث الأممي`); the object of `دعا` is taken for its subject when the subject is a
pronoun (`ودعت السكان إلى …` → `السكان`); a headline speaker without a verb (`أبو الغيط: «…»`)
is not taken; a quote running over several paragraphs is not found (each paragraph is scanned
on its own and an unclosed `«` is no quote); verbs with another meaning (`تابع` followed, `ذكر`
mentioned) can introduce a long span.
"""

from __future__ import annotations

import bisect
import csv
import functools
import io
import itertools
import re
from dataclasses import dataclass, field
from importlib import resources

from transforms.arabic import normalize_for_match

MAX_VERB_DISTANCE = 25  # words between a reporting verb and the quote it introduces
MAX_SPEAKER_WORDS = 14
MAX_SUBJECT_WORDS = 10
LOOKAHEAD_WORDS = 12  # words after a speaker searched for إن/أن or `:` (speech introduced)
MAX_BACKWARD_WORDS = 600  # words searched back for the previous speaker of a pronoun subject

_OPENING_MARKS = ("«", "“", '"')
_MARK_CHARS = '«»“”"'
# A word: Latin and Arabic-script letters and digits, with Arabic marks and tatweel inside it
# (explicit ranges: faster than `\w`, and the same words in news text).
_WORD_CLASS = (
    r"[0-9A-Za-z\u00c0-\u024f\u0621-\u065f\u0660-\u0669\u066e-\u06d3\u06d5-\u06ed"
    r"\u06f0-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]"
)
_WORD = re.compile(_WORD_CLASS + _WORD_CLASS + "*")  # `+`, written so that `re` scans faster
_WORD_CHARS = frozenset(chr(i) for i in range(0x10000) if _WORD.fullmatch(chr(i)))
# `[!?؟؛;\n]|\.(?=\s|$)`, written to begin with its characters: `re` then skips to them at once.
_BOUNDARY = re.compile(r"[!?؟؛;\n.](?:(?<!\.)|(?=\s|$))")
_SOFT_GAP = re.compile(r"[ \t\u00a0\u200b-\u200f\u202f]*")
_SOFT_CHARS = frozenset(" \t\u00a0\u200b\u200c\u200d\u200e\u200f\u202f")  # of `_SOFT_GAP`
_AFTER_GAP = re.compile(r"[ \t\u00a0\u200b-\u200f\u202f،,]*")
_NAME_AFTER_VERB = re.compile(r"[ \t\u00a0]*([^\s«]{1,2})[ \t\u00a0]*«[^«»\n]*»")
_CLOSES_CLAUSE = ".،,؛;:!?؟)…\n"
_SENTENCE_END = ".!?؟…"
_SPACES_AFTER = re.compile(r"[ \t\u00a0]*")
_FAR = 1 << 62
_OPEN_NAME = re.compile(r"[ \t\u00a0\u200b-\u200f\u202f]*«")
_CLOSE_NAME = re.compile(r"»[ \t\u00a0\u200b-\u200f\u202f]*")
_CONTINUATION_GAP = re.compile(r"[ \t\u00a0،,]*")


@dataclass(frozen=True)
class Quote:
    """One direct quotation: its text and offsets in the input, its speaker and verb."""

    quote: str
    start: int
    end: int
    speaker: str | None
    verb: str | None


@dataclass(frozen=True)
class _Lexicon:
    """The word lists of the two CSV files, as normalised keys."""

    verbs: frozenset[str]
    name_before: frozenset[str]
    speaker_end: frozenset[str]
    speaker_end_phrases: dict[str, tuple[tuple[str, ...], ...]]  # first word → the rest
    complementizers: frozenset[str]
    not_subject_start: frozenset[str]
    speech_cues: frozenset[str]
    verb_blockers: frozenset[str]
    after_leads: dict[str, tuple[tuple[str, ...], ...]]  # first word → the rest


def _read(name: str) -> list[dict[str, str]]:
    """Rows of one CSV file of `transforms/data`."""
    text = resources.files("transforms.data").joinpath(name).read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@functools.cache
def _lexicon() -> _Lexicon:
    """Load `reporting_verbs.csv` and `not_quotes.csv` (cached: package data never changes)."""
    verbs = frozenset(normalize_for_match(r["verb_ar"]) for r in _read("reporting_verbs.csv"))
    roles: dict[str, set[str]] = {}
    phrases: dict[str, dict[str, list[tuple[str, ...]]]] = {}
    for row in _read("not_quotes.csv"):
        words = tuple(normalize_for_match(row["word_ar"]).split())
        if not words:
            continue
        if len(words) == 1:
            roles.setdefault(row["role"], set()).add(words[0])
        else:
            phrases.setdefault(row["role"], {}).setdefault(words[0], []).append(words[1:])

    def words_of(role: str) -> frozenset[str]:
        return frozenset(roles.get(role, ()))

    def phrases_of(role: str) -> dict[str, tuple[tuple[str, ...], ...]]:
        return {k: tuple(v) for k, v in phrases.get(role, {}).items()}

    after = phrases_of("after_quote_lead")
    for word in words_of("after_quote_lead"):
        after[word] = (*after.get(word, ()), ())
    return _Lexicon(
        verbs=verbs,
        name_before=words_of("name_before"),
        speaker_end=words_of("speaker_end"),
        speaker_end_phrases=phrases_of("speaker_end"),
        complementizers=words_of("complementizer"),
        not_subject_start=words_of("not_subject_start"),
        speech_cues=words_of("speech_cue"),
        verb_blockers=words_of("verb_blocker"),
        after_leads=after,
    )


@functools.lru_cache(maxsize=1 << 16)
def _key(word: str) -> str:
    """Matching key of one word (news vocabulary is small: each distinct word once)."""
    return normalize_for_match(word)


def _in(key: str, words: frozenset[str], proclitics: str = "وف") -> bool:
    """`key` is one of `words`, bare or after one of `proclitics`."""
    return key in words or (len(key) > 2 and key[0] in proclitics and key[1:] in words)


def _with_prepositions(key: str, words: frozenset[str]) -> bool:
    """`key` is one of `words` after optional و/ف then optional ب/ل/ك."""
    if key in words:
        return True
    if key.startswith(("و", "ف")):
        key = key[1:]
        if key in words:
            return True
    return len(key) > 1 and key[0] in "بلك" and key[1:] in words


@dataclass
class _Doc:
    """A text with its words, sentence boundaries and lazily computed keys.

    Only the text before `cut` is split: nothing after the line of the last quotation mark
    decides a quote or its speaker.
    """

    text: str
    lex: _Lexicon
    cut: int
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    boundaries: list[int] = field(default_factory=list)
    _keys: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Split the text into words and find the sentence boundaries."""
        spans = [m.span() for m in _WORD.finditer(self.text, 0, self.cut)]
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]
        self.boundaries = [m.start() for m in _BOUNDARY.finditer(self.text, 0, self.cut + 1)]

    def key(self, i: int) -> str:
        """Matching key of word i."""
        k = self._keys.get(i)
        if k is None:
            k = self._keys[i] = _key(self.text[self.starts[i] : self.ends[i]])
        return k

    def word(self, i: int) -> str:
        """Word i as written."""
        return self.text[self.starts[i] : self.ends[i]]

    def first_word_at(self, pos: int) -> int:
        """Index of the first word starting at or after `pos`."""
        return bisect.bisect_left(self.starts, pos)

    def soft(self, a: int, b: int) -> bool:
        """Only spaces between offsets a and b."""
        return _SOFT_GAP.fullmatch(self.text, a, b) is not None

    def sentence_start(self, pos: int) -> int:
        """Offset just after the last sentence boundary before `pos` (0 if none)."""
        i = bisect.bisect_left(self.boundaries, pos)
        return self.boundaries[i - 1] + 1 if i else 0

    def sentence_end(self, pos: int) -> int:
        """Offset of the first sentence boundary at or after `pos` (the length if none)."""
        i = bisect.bisect_left(self.boundaries, pos)
        return self.boundaries[i] if i < len(self.boundaries) else len(self.text)

    def is_verb(self, i: int) -> bool:
        """Word i is a reporting verb (with optional و/ف), not a noun after `عدم` or `دون`."""
        if not _in(self.key(i), self.lex.verbs):
            return False
        return not (
            i > 0
            and self.key(i - 1) in self.lex.verb_blockers
            and self.soft(self.ends[i - 1], self.starts[i])
        )

    def is_complementizer(self, i: int) -> bool:
        """Word i is إن/أن in any form (with optional و/ف/ب)."""
        return _in(self.key(i), self.lex.complementizers, "وفب")

    def phrase_at(self, i: int, table: dict[str, tuple[tuple[str, ...], ...]]) -> int:
        """Words of the longest phrase of `table` starting at word i (0 if none)."""
        key = self.key(i)
        rests = table.get(key) or (table.get(key[1:]) if key.startswith(("و", "ف")) else None)
        best = 0
        for rest in rests or ():
            n = len(rest)
            if i + n >= len(self.starts):
                continue
            ok = all(self.key(i + 1 + k) == w for k, w in enumerate(rest[:-1]))
            if ok and (not rest or self.key(i + n).startswith(rest[-1])):
                best = max(best, n + 1)
        return best


@dataclass(frozen=True)
class _Speaker:
    """The subject of a reporting verb: its offsets, or a pronoun, or unknown."""

    start: int = -1
    end: int = -1
    status: str = "pronoun"  # "noun", "pronoun" (nothing named) or "unknown" (too long)
    reported: bool = False  # إن/أن or `:` follows in the sentence: the clause introduces speech


def _reports_speech(doc: _Doc, pos: int) -> bool:
    """إن/أن or a colon within a few words after `pos`, in the same sentence."""
    j = doc.first_word_at(pos)
    stop = min(j + LOOKAHEAD_WORDS, len(doc.starts))
    limit = doc.sentence_end(pos)
    if stop < len(doc.starts):
        limit = min(limit, doc.starts[stop])
    if doc.text.find(":", pos, limit) != -1:
        return True
    return any(doc.is_complementizer(i) for i in range(j, stop) if doc.starts[i] < limit)


def _ends_speaker(doc: _Doc, j: int) -> bool:
    """Word j cannot be part of a speaker: إن/أن, a verb, an end word or a lone proclitic."""
    key = doc.key(j)
    return (
        doc.is_complementizer(j)
        or doc.is_verb(j)
        or _in(key, doc.lex.speaker_end)
        or doc.phrase_at(j, doc.lex.speaker_end_phrases) > 0
        or len(key) == 1  # a detached proclitic: قال مسؤول لـ«رويترز»
    )


def _speaker_after(doc: _Doc, v: int, limit: int) -> _Speaker:
    """The noun phrase after reporting verb v (before offset `limit`), see the module docstring.

    A name in guillemets inside it is part of it (`قال قائد في «الجيش الوطني» إن`).
    """
    text = doc.text
    pos = doc.ends[v]
    m = _NAME_AFTER_VERB.match(text, pos)
    if m and m.end() <= limit and _key(m.group(1)) == "ل":
        pos = m.end()  # قال لـ«الشرق الأوسط» مصدر … : the outlet is not the speaker
    j = first = doc.first_word_at(pos)
    start = end = end_before_name = -1
    in_name = False
    while j < len(doc.starts) and doc.starts[j] < limit:
        gap_end = doc.starts[j]
        if doc.soft(pos, gap_end):
            pass
        elif in_name and _CLOSE_NAME.fullmatch(text, pos, gap_end):
            in_name = False
            end = pos + 1
        elif not in_name and _OPEN_NAME.fullmatch(text, pos, gap_end):
            close = text.find("»", gap_end, min(limit, doc.sentence_end(gap_end)))
            if close == -1 or text.find("«", gap_end, close) != -1:
                break
            in_name = True
            end_before_name = end
            if start < 0:
                start = gap_end - 1
        else:
            break
        if _ends_speaker(doc, j) or (j == first and _in(doc.key(j), doc.lex.not_subject_start)):
            break
        if start < 0:
            start = doc.starts[j]
        end = pos = doc.ends[j]
        j += 1
        if j - first > MAX_SPEAKER_WORDS:
            return _Speaker(status="unknown")
    if in_name:  # the name closes right after the last word, or the speaker stops before it
        end = pos + 1 if text.startswith("»", pos) else end_before_name
    reported = _reports_speech(doc, max(end, doc.ends[v]))
    if start < 0 or end <= start:
        return _Speaker(status="pronoun", reported=reported)
    return _Speaker(start, end, "noun", reported)


def _subject_before(doc: _Doc, v: int) -> _Speaker | None:
    """The subject written before verb v, from the start of its sentence (SVO), or None."""
    if doc.key(v) not in doc.lex.verbs:  # a verb with و/ف continues a sentence: no subject
        return None
    sentence = doc.sentence_start(doc.starts[v])
    k = v - 1
    nxt = doc.starts[v]
    while k >= 0 and doc.starts[k] >= sentence and v - k <= MAX_SUBJECT_WORDS:
        if not doc.soft(doc.ends[k], nxt):
            return None
        if doc.is_complementizer(k) or doc.is_verb(k) or _in(doc.key(k), doc.lex.speaker_end):
            return None
        nxt = doc.starts[k]
        k -= 1
    first = k + 1
    if first == v or not doc.soft(sentence, doc.starts[first]):
        return None  # no word, too many words, or the sentence goes on before them
    if _in(doc.key(first), doc.lex.not_subject_start):
        return None
    reported = _reports_speech(doc, doc.ends[v])
    return _Speaker(doc.starts[first], doc.ends[v - 1], "noun", reported)


@dataclass
class _State:
    """What the scan has seen so far: speech spans and the last quote with a speaker."""

    speech: list[tuple[int, int]] = field(default_factory=list)  # (open, close) offsets
    quotes: list[Quote] = field(default_factory=list)
    last_named: Quote | None = None
    speakers: dict[int, _Speaker] = field(default_factory=dict)
    barren: tuple[int, int] = (-2, 0)  # (floor, word): no speaker found before word down to floor


def _speaker_of(doc: _Doc, v: int, state: _State, limit: int) -> _Speaker:
    """The subject of verb v, after it (before offset `limit`) or before it; cached per verb."""
    sp = state.speakers.get(v)
    if sp is None:
        sp = _speaker_after(doc, v, limit)
        if sp.status == "pronoun":
            sp = _subject_before(doc, v) or sp
        state.speakers[v] = sp
    return sp


def _inside_speech(state: _State, pos: int) -> bool:
    """Offset `pos` is inside a speech span already found."""
    i = bisect.bisect_right(state.speech, (pos, _FAR)) - 1
    return i >= 0 and state.speech[i][0] <= pos <= state.speech[i][1]


def _next_speech(state: _State, pos: int, default: int) -> int:
    """Offset of the first speech span opening after `pos`, or `default`."""
    i = bisect.bisect_right(state.speech, (pos, _FAR))
    return min(state.speech[i][0], default) if i < len(state.speech) else default


def _previous_speaker(doc: _Doc, before: int, state: _State) -> str | None:
    """The nearest named speaker before word index `before` (see the module docstring)."""
    floor = state.last_named.start if state.last_named else -1
    limit = doc.starts[before] if before < len(doc.starts) else len(doc.text)
    sentence = doc.sentence_start(limit)
    i = before - 1
    lowest = max(0, before - MAX_BACKWARD_WORDS)
    if state.barren[0] == floor:  # an earlier search from there down to the floor found nothing
        lowest = max(lowest, state.barren[1])
    while i >= lowest and doc.starts[i] > floor:
        if doc.is_verb(i) and not _inside_speech(state, doc.starts[i]):
            sp = _speaker_of(doc, i, state, _next_speech(state, doc.starts[i], limit))
            if sp.status == "noun" and (sp.reported or doc.starts[i] >= sentence):
                return doc.text[sp.start : sp.end]
        i -= 1
    state.barren = (floor, before)
    return state.last_named.speaker if state.last_named else None


def _resolve(doc: _Doc, v: int, state: _State, limit: int) -> str | None:
    """Speaker text of verb v, inherited from the previous speaker for a pronoun subject."""
    sp = _speaker_of(doc, v, state, limit)
    if sp.status == "noun":
        return doc.text[sp.start : sp.end]
    if sp.status == "pronoun":
        return _previous_speaker(doc, v, state)
    return None


def _after_verb(doc: _Doc, close: int) -> int | None:
    """A reporting verb right after a closing mark (`«…»، قال X`, `بحسب ما قال X`), or None."""
    j = doc.first_word_at(close + 1)
    if j >= len(doc.starts) or _AFTER_GAP.fullmatch(doc.text, close + 1, doc.starts[j]) is None:
        return None
    j += doc.phrase_at(j, doc.lex.after_leads)
    if j < len(doc.starts) and doc.key(j) in doc.lex.verbs:
        return j
    return None


def _mark_offsets(text: str) -> list[int]:
    """Offsets of the quotation marks of `text`, in order (`str.find` per mark: much faster than
    a regex over a text with few of them)."""
    offsets = []
    for mark in _MARK_CHARS:
        i = text.find(mark)
        while i >= 0:
            offsets.append(i)
            i = text.find(mark, i + 1)
    offsets.sort()
    return offsets


def _pairs(text: str) -> list[tuple[int, int]]:
    """Top-level (open, close) offsets of the quotation marks of `text`, in order."""
    pairs: list[tuple[int, int]] = []
    guillemets: list[int] = []
    curly: list[int] = []
    straight = -1
    last = -1  # the previous mark: a line break since then closes nothing and opens afresh
    for i in _mark_offsets(text):
        c = text[i]
        if text.find("\n", last + 1, i) >= 0:
            guillemets.clear()
            curly.clear()
            straight = -1
        last = i
        if c == "«":
            guillemets.append(i)
        elif c == "“":
            curly.append(i)
        elif c == "»":
            if guillemets:
                pairs.append((guillemets.pop(), i))
        elif c == "”":
            if curly:
                pairs.append((curly.pop(), i))
        elif straight < 0:
            straight = i
        else:
            pairs.append((straight, i))
            straight = -1
    pairs.sort(key=lambda p: (p[0], -p[1]))
    top: list[tuple[int, int]] = []
    last_close = -1
    for opening, closing in pairs:
        if opening > last_close:
            top.append((opening, closing))
            last_close = closing
    return top


def _quote_at(doc: _Doc, o: int, c: int, state: _State) -> Quote | None:
    """The quote of the span between offsets o and c, or None when it is not speech."""
    text, lex = doc.text, doc.lex
    inner = text[o + 1 : c]
    stripped = inner.strip()
    if not stripped:
        return None
    qs = o + 1 + (len(inner) - len(inner.lstrip()))
    qe = qs + len(stripped)
    w0 = doc.first_word_at(o)  # first word of the quote, and index just after the words before
    n_words = doc.first_word_at(c) - w0

    closes = _closes_clause(text, c)
    if n_words <= 3 and not closes:
        return None  # a name inside a sentence (`على «قسد» في`): never speech

    before = w0 - 1
    if (
        before >= 0
        and doc.soft(doc.ends[before], o)
        and _with_prepositions(doc.key(before), lex.name_before)
    ):
        return None

    prev = state.quotes[-1] if state.quotes else None
    prev_end = state.speech[-1][1] + 1 if state.speech else 0
    window = max(doc.sentence_start(o), prev_end)
    colon = text[window:o].rstrip().endswith(":")

    verb: int | None = None
    lowest = max(doc.first_word_at(window), w0 - MAX_VERB_DISTANCE)
    for i in range(w0 - 1, lowest - 1, -1):
        if doc.is_verb(i):
            verb = i
            break

    continuation = False
    if verb is None and prev is not None and window == prev_end:
        words = range(doc.first_word_at(window), w0)
        continuation = all(
            doc.key(i) == "و" or (doc.key(i)[:1] == "و" and doc.is_complementizer(i)) for i in words
        ) and all(
            _CONTINUATION_GAP.fullmatch(text, a, b) is not None
            for a, b in zip(
                [window, *(doc.ends[i] for i in words)],
                [*(doc.starts[i] for i in words), o],
                strict=True,
            )
        )

    after = _after_verb(doc, c) if verb is None and not continuation else None
    introduced = verb is not None or continuation or after is not None
    last_before = w0 - 1
    direct = (
        continuation
        or after is not None
        or (
            verb is not None
            and doc.soft(doc.ends[last_before], o)
            and (last_before == verb or doc.is_complementizer(last_before))
        )
    )
    sentence_mark = stripped[-1] in _SENTENCE_END

    if n_words <= 3:
        speech = introduced and (direct or colon) and closes
    elif colon or ((introduced or n_words >= 5) and sentence_mark) or (introduced and closes):
        speech = True
    elif introduced or n_words >= 5:  # the clause words decide
        speech = any(_in(doc.key(i), lex.speech_cues) for i in range(w0, w0 + n_words))
    else:
        speech = False
    if not speech:
        return None

    speaker: str | None = None
    verb_text: str | None = None
    if verb is not None:
        verb_text = doc.word(verb)
        speaker = _resolve(doc, verb, state, o)
    elif continuation and prev is not None:
        speaker, verb_text = prev.speaker, prev.verb
    elif after is not None:
        verb_text = doc.word(after)
        speaker = _resolve(doc, after, state, len(text))
    return Quote(stripped, qs, qe, speaker, verb_text)


def _closes_clause(text: str, c: int) -> bool:
    """True when punctuation or the end of the line follows the closing mark at `c`."""
    after = _SPACES_AFTER.match(text, c + 1)
    assert after is not None  # the pattern matches the empty string
    return after.end() >= len(text) or text[after.end()] in _CLOSES_CLAUSE


def _may_be_speech(text: str, o: int, c: int) -> bool:
    """False for a span `_quote_at` rejects by its own words alone: empty, or up to 3 words
    not closing a clause."""
    if not text[o + 1 : c].strip():
        return False
    if _closes_clause(text, c):
        return True
    return next(itertools.islice(_WORD.finditer(text, o + 1, c), 3, None), None) is not None


def _few_words(text: str, o: int, c: int) -> bool:
    """Up to 3 words between the marks at `o` and `c`."""
    return next(itertools.islice(_WORD.finditer(text, o + 1, c), 3, None), None) is None


def _may_be_introduced(text: str, o: int, c: int, lex: _Lexicon) -> bool:
    """Whether the text around a span could make it speech as `_quote_at` decides for a span
    of up to 3 words with no speech before it: a colon before it, a reporting verb or إن/أن
    right before it, or a reporting verb (or a lead such as `بحسب ما`) right after it.

    Only what those rules need is looked at, so a text whose short spans are all names
    (`«الشرق الأوسط».` at the end of a sentence) is never split into words.
    """
    j = o
    while j > 0 and text[j - 1].isspace():
        j -= 1
    if j > 0 and text[j - 1] == ":":
        return True
    j = o
    while j > 0 and text[j - 1] in _SOFT_CHARS:
        j -= 1
    start = j
    while start > 0 and text[start - 1] in _WORD_CHARS:
        start -= 1
    if start < j:
        key = _key(text[start:j])
        if _in(key, lex.verbs) or _in(key, lex.complementizers, "وفب"):
            return True
    gap = _AFTER_GAP.match(text, c + 1)
    assert gap is not None  # the pattern matches the empty string
    word = _WORD.match(text, gap.end())
    if word is None:
        return False
    key = _key(word.group())
    leads = lex.after_leads
    return key in lex.verbs or key in leads or (key[:1] in ("و", "ف") and key[1:] in leads)


def find_quotes(text: str) -> list[Quote]:
    """Every direct quotation of `text` with its speaker and reporting verb, in order."""
    if not text or not any(mark in text for mark in _OPENING_MARKS):
        return []
    # Short spans inside a sentence (`على «قسد» في`) are names whatever their context, and so are
    # short spans at the end of a clause that nothing introduces: only when another span remains
    # are the words of the text split.
    pairs = [(o, c) for o, c in _pairs(text) if _may_be_speech(text, o, c)]
    if not pairs:
        return []
    line_end = text.find("\n", pairs[-1][1])
    cut = len(text) if line_end < 0 else line_end
    lex = _lexicon()
    doc: _Doc | None = None
    state = _State()
    for o, c in pairs:
        if not state.speech and _few_words(text, o, c) and not _may_be_introduced(text, o, c, lex):
            continue
        if doc is None:
            doc = _Doc(text, lex, cut)
        q = _quote_at(doc, o, c, state)
        if q is None:
            continue
        state.quotes.append(q)
        state.speech.append((o, c))
        if q.speaker is not None:
            state.last_named = q
    return state.quotes
