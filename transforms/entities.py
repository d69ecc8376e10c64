"""Places, actors and cited sources named in a text, found in one pass by one Aho-Corasick
automaton over every spelling of every dictionary in `transforms/data/`.

Contract: `find_mentions(text, published)` returns the mentions in `text`, left to right, each
with its character offsets in `text` itself (`text[m.start:m.end]` is the surface, proclitics
included) and what it names: gazetteer places, actor ids valid on `published` (the outlet's
calendar day), source ids, and relevance-only terms. A span that names nothing on that day is
dropped. The automaton is built once per process from the dictionaries (about 0.2 s, with
the character table of `transforms.arabic.fast_keys`). A text becomes one string of keys in one
translation (`fast_keys`, or `fast_keys_many` for a batch through Polars) with a map back to its
offsets; a text with characters outside that table goes word by word (`match_tokens`), with the
same result (a property test compares the two).

Matching rules (shared by every dictionary, so that one gazetteer serves relevance and places):

* Whole words on `normalize_for_match` keys (`transforms.arabic.match_tokens`): `حماة`/`حماه`,
  `إدلب`/`ادلب`, Arabic-Indic digits and diacritics do not matter; `حلب` does not match `حلبة`.
* Proclitics on the first word: و/ف, then ب/ل/ك (`وبدرعا`, `للرقة`, `لـ«رويترز»`). The article
  `ال` is never added: dictionaries list the definite forms they mean (`النبل` is nobility).
* A word with tanween (`درعاً`, a shield) is never a name.
* At one position the longest spelling wins and consumes its words: `ريف دمشق` is Rural
  Damascus (SY03), not Damascus; `قوات سوريا الديمقراطية` is the SDF, not Syria. Blocker
  phrases (`حماة الوطن`, `حصة الأسد`) win the same way and name nothing.
* A place marked `cue` in the gazetteer (`الباب` the town / the door, `تدمر` Palmyra /
  "destroys") counts only after a word of `place_cues.csv` (`مدينة`, `في`, `بلدة`, with its
  proclitics) or before an after-cue (`شرق`, `بريف`) or a governorate name.
* A source in `attribution.csv` `needs_cue` (`ناشطون`) counts only with a citation word
  (`قال`, `بحسب`, `وفق`) among the four words before it.
* A seat of government next to a verb of stance (`دمشق ترفض`, `قالت أنقرة`) or after a
  relation word (`التطبيع مع دمشق`) names the government (`metonymy.csv`), not the place.
* A place after a word of `reference_points.csv` is a reference point, not a location
  (`التل شمالي دمشق` is in Rural Damascus, not Damascus).
* A country named after a place word (`جنوبي تركيا`, `في تركيا`) is a place, not the state
  acting; elsewhere `تركيا` is both.
* Actors resolve by date: `الحكومة السورية` is the Assad-era government up to 8 December 2024
  and the transitional authorities after it (`actors.csv` `valid_from`/`valid_to`). With no
  date, only aliases without dates resolve.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import NamedTuple

import ahocorasick

from transforms.arabic import (
    NO_MATCH_KEY,
    clitic_forms,
    fast_keys,
    fast_marks,
    match_tokens,
    normalize_for_match,
)
from transforms.dictionaries import (
    ActorAlias,
    Place,
    SourceSpelling,
    Term,
    load_actor_aliases,
    load_attribution,
    load_blockers,
    load_metonymy,
    load_place_cues,
    load_places,
    load_reference_points,
    load_source_spellings,
    load_terms,
)

_PROCLITICS = frozenset("وفبلك")
FastKeys = tuple[str, Callable[[int], int]]
_ATTRIBUTION_WINDOW = 4


@dataclass
class _Entry:
    """Everything one normalised spelling may name."""

    tokens: int
    prefix_len: int  # length of the proclitic on the first word in this key
    places: list[Place] = field(default_factory=list)
    actors: list[ActorAlias] = field(default_factory=list)
    sources: list[SourceSpelling] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    blocker: bool = False
    # Filled by `_freeze`: what the entry names when no context rule or date applies to it.
    plain: Mention | None = None


class Mention(NamedTuple):
    """One span of the text and what it names (empty tuples: nothing of that kind).

    A named tuple: tens of them are made per article, and a tuple is the cheapest to make.
    """

    start: int
    end: int
    surface: str
    places: tuple[Place, ...]
    actors: tuple[ActorAlias, ...]
    sources: tuple[str, ...]
    weight: float  # the Syria weight of the span (the largest of what it names)
    key: str  # the normalised spelling without its proclitic


@dataclass(frozen=True)
class _Matcher:
    automaton: ahocorasick.Automaton
    cues_before: frozenset[str]
    cues_after: frozenset[str]
    attribution: frozenset[str]
    needs_attribution: frozenset[str]
    seats: dict[str, tuple[ActorAlias, ...]]  # normalised seat of government → its actors
    stance_verbs: frozenset[str]  # after a seat: `دمشق ترفض`
    before_seat: frozenset[str]  # before a seat: the verbs (`قالت أنقرة`) and relation words
    references: dict[str, frozenset[str]]  # p-code → words that make it a reference point


def _add(keys: dict[str, _Entry], spelling: str, *, allow_clitics: bool = True) -> list[_Entry]:
    """The entries of every key a spelling is found under (its proclitic forms)."""
    words = normalize_for_match(spelling).split()
    if not words:
        return []
    forms = clitic_forms(words[0]) if allow_clitics else frozenset({words[0]})
    out = []
    for form in forms:
        key = " ".join([form, *words[1:]])
        prefix = len(form) - len(words[0])
        entry = keys.get(key)
        if entry is None or prefix < entry.prefix_len:
            # The bare word beats a proclitic reading of another word (`بانياس` is a town,
            # not ب + `انياس`).
            entry = keys[key] = _Entry(tokens=len(words), prefix_len=prefix)
        if prefix == entry.prefix_len:
            out.append(entry)
    return out


def _is_abbreviation(spelling: str) -> bool:
    words = normalize_for_match(spelling).split()
    return len(words) > 1 and all(len(w) == 1 for w in words)


@functools.cache
def _matcher() -> _Matcher:
    """Build the automaton from every dictionary (cached)."""
    keys: dict[str, _Entry] = {}
    for place in load_places():
        for name in place.names_ar:
            for entry in _add(keys, name):
                entry.places.append(place)
    for alias in load_actor_aliases():
        for entry in _add(keys, alias.alias_ar):
            entry.actors.append(alias)
    for spelling in load_source_spellings():
        words = normalize_for_match(spelling.spelling).split()
        if len(words) == 1 and len(words[0]) <= 3 and not words[0].isascii():
            continue  # a solid abbreviation (`واس`, `اب`) is a word in running text
        # Dotted abbreviations take ل/و only (`لـ«أ.ف.ب»`); `ا ف ب` with ب is not AFP.
        for entry in _add(keys, spelling.spelling, allow_clitics=True):
            if _is_abbreviation(spelling.spelling) and entry.prefix_len > 1:
                continue
            entry.sources.append(spelling)
    for term in load_terms():
        for entry in _add(keys, term.term_ar):
            if term.weight > 0:
                entry.terms.append(term)
            else:
                entry.blocker = True
    for phrase in load_blockers():
        for entry in _add(keys, phrase):
            entry.blocker = True

    before, after = load_place_cues()
    attribution, needs = load_attribution()
    seat_actors, stance_verbs, relations = load_metonymy()
    seats = {normalize_for_match(k): v for k, v in seat_actors.items()}
    references = {
        pcode: frozenset(normalize_for_match(w) for w in words)
        for pcode, words in load_reference_points().items()
    }
    automaton = ahocorasick.Automaton()
    for key, entry in keys.items():
        _freeze(entry, key, needs, seats.keys(), references.keys())
        automaton.add_word(f" {key} ", (key, entry))
    automaton.make_automaton()

    governorates = {
        normalize_for_match(name)
        for p in load_places()
        if p.admin_level == 1
        for name in p.names_ar
    }
    verbs = frozenset(normalize_for_match(v) for v in stance_verbs)
    return _Matcher(
        seats=seats,
        stance_verbs=verbs,
        before_seat=verbs | {normalize_for_match(v) for v in relations},
        references=references,
        automaton=automaton,
        cues_before=frozenset(normalize_for_match(w) for w in before),
        cues_after=frozenset({*(normalize_for_match(w) for w in after), *governorates}),
        attribution=frozenset(normalize_for_match(w) for w in attribution),
        needs_attribution=needs,
    )


def _freeze(
    entry: _Entry,
    key: str,
    needs_attribution: frozenset[str],
    seats: Collection[str],
    references: Collection[str],
) -> None:
    """Precompute what an entry names when no cue, attribution, seat or date rule concerns it."""
    contextual = (
        key[entry.prefix_len :] in seats
        or any(p.pcode in references for p in entry.places)
        or any(p.needs_cue for p in entry.places)
        or any(s.source_id in needs_attribution for s in entry.sources)
        or any(a.valid_from or a.valid_to for a in entry.actors)
    )
    if entry.blocker or contextual:
        return
    weight = max(
        [p.weight for p in entry.places]
        + [a.weight for a in entry.actors]
        + [t.weight for t in entry.terms],
        default=0.0,
    )
    entry.plain = Mention(
        start=0,
        end=0,
        surface="",
        places=tuple(entry.places),
        actors=tuple(entry.actors),
        sources=tuple(dict.fromkeys(s.source_id for s in entry.sources)),
        weight=weight,
        key=key[entry.prefix_len :],
    )


def _bare_forms(key: str) -> tuple[str, ...]:
    """A word and the word without one or two proclitics (`وبمدينة` → `بمدينه`, `مدينه`)."""
    key = key.replace(NO_MATCH_KEY, "")
    forms = [key]
    for _ in range(2):
        if len(key) > 2 and key[0] in _PROCLITICS:
            key = key[1:]
            forms.append(key)
    return tuple(forms)


def _has(words: frozenset[str], key: str | None) -> bool:
    return key is not None and any(f in words for f in _bare_forms(key))


class _Normalised:
    """A text as one string of matching keys (` key key … `) and the way back to its offsets."""

    def __init__(self, text: str, fast: FastKeys | None = None, *, slow: bool = False) -> None:
        self._text = text
        self._marks = fast_marks()
        if fast is None and not slow:
            fast = fast_keys(text)
        if fast is not None:
            self.keys, self._kept = fast
            self._starts: dict[int, int] | None = None
            return
        # Slow path (ligatures, emoji, …): one key per word, offsets per word.
        parts, starts, ends = [], {}, {}
        pos = 1
        for key, start, end in match_tokens(text):
            starts[pos] = start
            ends[pos + len(key)] = end
            parts.append(key)
            pos += len(key) + 1
        self.keys = " " + " ".join(parts) + " "
        self._starts, self._ends = starts, ends

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Offsets in the text of the words at key positions [a, b)."""
        if self._starts is not None:
            return self._starts[a], self._ends[b]
        start, end = self._kept(a), self._kept(b - 1) + 1
        while end < len(self._text) and self._text[end] in self._marks:
            end += 1  # a diacritic or tatweel at the end of the last word is part of it
        return start, end

    def word_before(self, a: int) -> str | None:
        if a <= 1:
            return None
        return self.keys[self.keys.rfind(" ", 0, a - 1) + 1 : a - 1]

    def word_after(self, b: int) -> str | None:
        if b + 1 >= len(self.keys):
            return None
        return self.keys[b + 1 : self.keys.find(" ", b + 1)]

    def words_before(self, a: int, n: int) -> list[str]:
        return self.keys[max(0, a - 40 * n) : a].split()[-n:]


def find_mentions(
    text: str | None, published: dt.date | None = None, keys: FastKeys | None = None
) -> list[Mention]:
    """Every place, actor and source named in `text`, left to right (see the module rules).

    `keys` is the text's `transforms.arabic.fast_keys`, when computed in a batch beforehand.
    """
    if not text or not text.strip():
        return []
    return _find(text, published, _Normalised(text, keys))


def _find(text: str, published: dt.date | None, norm: _Normalised) -> list[Mention]:
    matcher = _matcher()
    # (start, -length) orders candidates left to right, longest first; a key is unique at
    # its start, so the comparison never reaches the entries.
    found = sorted(
        (end - len(key), -len(key), key, entry)
        for end, (key, entry) in matcher.automaton.iter(norm.keys)
    )
    mentions: list[Mention] = []
    cursor = 0
    for a, _, key, entry in found:
        if a < cursor:
            continue  # inside a longer name already taken, or a shorter one at its start
        mention = _resolve(text, norm, a, key, entry, matcher, published)
        if mention is None:
            continue  # e.g. an ambiguous place without its cue: a shorter one may follow
        cursor = a + len(key)
        if mention.places or mention.actors or mention.sources or mention.weight:
            mentions.append(mention)
    return mentions


def _resolve(
    text: str,
    norm: _Normalised,
    a: int,
    key: str,
    entry: _Entry,
    matcher: _Matcher,
    published: dt.date | None,
) -> Mention | None:
    """The mention a candidate makes at key position a, or None when its context rules it out."""
    b = a + len(key)
    start, end = norm.span(a, b)
    plain = entry.plain
    if plain is not None:
        return Mention(
            start, end, text[start:end], plain.places, plain.actors, plain.sources,
            plain.weight, plain.key,
        )  # fmt: skip
    bare = key[entry.prefix_len :]
    if entry.blocker:
        return Mention(start, end, text[start:end], (), (), (), 0.0, bare)
    places = list(entry.places)
    before = norm.word_before(a)
    if any(p.needs_cue for p in places):
        # A proclitic on the name itself (`بالباب`) is no cue: `في` is.
        cued = _has(matcher.cues_before, before) or _has(matcher.cues_after, norm.word_after(b))
        if not cued:
            places = [p for p in places if not p.needs_cue]
    if any(p.pcode in matcher.references for p in places):
        places = [
            p for p in places if not _has(matcher.references.get(p.pcode, frozenset()), before)
        ]
    sources = [s.source_id for s in entry.sources]
    if any(s in matcher.needs_attribution for s in sources):
        window = norm.words_before(a, _ATTRIBUTION_WINDOW)
        if not any(_has(matcher.attribution, w) for w in window):
            sources = [s for s in sources if s not in matcher.needs_attribution]
    actors = [x for x in entry.actors if x.valid_on(published)]
    # A country after a place word (`جنوبي تركيا`, `في تركيا`) is where, not who.
    country = actors and any(p.admin_level == 0 for p in places)
    if country and _has(matcher.cues_before, before):
        actors = [x for x in actors if x.actor_type != "state"]
    seat = matcher.seats.get(bare)
    if seat is not None and (
        _has(matcher.stance_verbs, norm.word_after(b)) or _has(matcher.before_seat, before)
    ):
        # «دمشق ترفض»: the government speaks; the sentence is not located in the city.
        places = []
        actors = [*actors, *(x for x in seat if x.valid_on(published))]
    dated_out = bool(entry.actors) and not actors
    if not (places or actors or sources or entry.terms or dated_out):
        return None
    # An alias that names nobody on this day (`الرئيس السوري` between two presidents, or any
    # dated alias when the day is unknown) still says as much about Syria.
    weighed = actors if actors else entry.actors
    weight = max(
        [p.weight for p in places] + [x.weight for x in weighed] + [t.weight for t in entry.terms],
        default=0.0,
    )
    return Mention(
        start=start,
        end=end,
        surface=text[start:end],
        places=tuple(places),
        actors=tuple(actors),
        sources=tuple(dict.fromkeys(sources)),
        weight=weight,
        key=bare,
    )
