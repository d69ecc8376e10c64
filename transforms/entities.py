"""Places, actors and cited sources named in a text, found in one pass by one Aho-Corasick
automaton over every spelling of every dictionary in `transforms/data/`.

Contract: `find_mentions(text, published)` returns the mentions in `text`, left to right, each
with its character offsets in `text` itself (`text[m.start:m.end]` is the surface, proclitics
included) and what it names: gazetteer places, actor ids valid on `published` (the outlet's
calendar day), source ids, and relevance-only terms. A span that names nothing on that day is
dropped. The automaton is built once per process from the dictionaries (about 1 s: the office
phrases below add some 30,000 keys; with the character table of `transforms.arabic.fast_keys`).
A text becomes one string of keys in one translation (`fast_keys`, or `fast_keys_many` for a
batch through Polars) with a map back to its offsets; a text with characters outside that table
goes word by word (`match_tokens`), with the same result (a property test compares the two).
Word lists live in the data files; this module holds the mechanism.

What a spelling names is worked out once, when the automaton is built, wherever no context rule
below applies to it: the plain reading of most spellings, the place and the state reading of a
country (the place word before it chooses), what a place with reference points names when no
reference word stands before it (`حلب`), and for an alias whose only rule is its dates
(`النظام السوري`, `الجيش السوري`) what it names from each day its meaning changes. The fast path
then only places each mention in the text; property tests compare it with the word-by-word
path, which applies every rule to every span.

Matching rules (shared by every dictionary, so that one gazetteer serves relevance and places):

* Whole words on `normalize_for_match` keys (`transforms.arabic.match_tokens`): `حماة`/`حماه`,
  `إدلب`/`ادلب`, Arabic-Indic digits and diacritics do not matter; `حلب` does not match `حلبة`.
* Proclitics on the first word: و/ف, then ب/ل/ك (`وبدرعا`, `للرقة`, `لـ«رويترز»`); ل before an
  article that meets a lam writes the lams once (`وللاذقية`). The article `ال` is never added:
  dictionaries list the definite forms they mean (`النبل` is nobility).
* A word with tanween (`درعاً`, a shield) is never a name.
* At one position the longest spelling wins and consumes its words: `ريف دمشق` is Rural
  Damascus (SY03), not Damascus; `قوات سوريا الديمقراطية` is the SDF, not Syria. Blocker
  phrases (`حماة الوطن`, `حصة الأسد`, `هضبة الأناضول`) win the same way and name nothing.
* A place marked `cue` in the gazetteer (`الباب` the town / the door, `تدمر` Palmyra /
  "destroys") counts only after a word of `place_cues.csv` (`مدينة`, `في`, `بلدة`, with its
  proclitics), before an after-cue (`شرق`, `بريف`) or a governorate name, or with و right
  after another place (`الدريكيش والشيخ بدر`).
* A source in `attribution.csv` `needs_cue` (`ناشطون`), or a single spelling marked
  `needs_cue_spelling` (`المرصد`, `«واس»`, `ضابط`, `مسؤول محلي`), counts only with a citation
  word (`قال`, `بحسب`, `وفق`, `عن`) among the four words before it.
* Offices (`offices.csv` × `nationalities.csv`): an office title or state body with a
  nationality adjective names that state on the day (`الرئيس التركي`, `نظيره السوري`,
  `وزارة الدفاع التركية`); with the adjective of a state without an id it names no one (so
  `وزارة الداخلية اللبنانية` is not the bare `وزارة الداخلية`, which `actors.csv` reads as the
  Syrian ministry of the day, weight 0.2). A Syrian-government alias that weak counts only in
  a text that names Syria elsewhere (a Syrian place, or a mention of weight 0.5 or more). A
  noun of kind `not_state` with a foreign adjective
  (`الحدود التركية`, `المعارضة التركية`) is not the state. A title before an office holder's
  name (`الرئيس أحمد الشرع`, `وزير الخارجية السوري وليد المعلم`) names the holder's state
  while in office (`actor_parents.csv`, `title`); the bare name names the person only.
* A unit names its state too (`actor_parents.csv`, `always`): `الحرس الثوري` → irgc and iran.
* A seat of government next to a verb of stance (`دمشق ترفض`, `قالت أنقرة`), after a relation
  word or phrase (`التطبيع مع دمشق`, `موقف أنقرة`, `رفع العقوبات عن دمشق`), after a verb and a
  preposition (`تنتظر من دمشق`) or a verb and another seat (`طالبت عمان دمشق`) names the
  government (`metonymy.csv`), not the place; after a venue word (`في موسكو`, `في الكرملين`) it
  is the place only, never the government.
* A place after a word of `reference_points.csv` is a reference point, not a location, and
  consumes its words (`التل شمالي دمشق` is in Rural Damascus, not Damascus; `طريق دمشق`).
* A country named after a place word or border phrase (`جنوبي تركيا`, `في تركيا`, `إلى روسيا`,
  `الحدود مع تركيا`) is a place, not the state acting, unless a relation phrase says it backs
  someone (`المدعومة من تركيا`); elsewhere `تركيا` is both. An actor phrase ending with a
  relation to a country (`الفصائل المدعومة من تركيا`, `المبعوث الأممي إلى سوريا`) names the
  country as a place too.
* Syrian towns are checked against their neighbours: one followed by the adjective of a
  foreign state without an id is that country's namesake (`القصير المصرية`); one followed by
  `في` and another governorate is not that town (`الميادين في السويداء`, the squares); a name
  shared by towns of several governorates (`صوران`) keeps those whose governorate the text
  names, when it names one.
* Actors resolve by date: `الحكومة السورية` is the Assad-era government up to 8 December 2024
  and the transitional authorities after it (`actors.csv` `valid_from`/`valid_to`). With no
  date, only aliases without dates resolve.
"""

from __future__ import annotations

import datetime as dt
import functools
from bisect import bisect_right
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import NamedTuple

import ahocorasick

from transforms.arabic import (
    NO_MATCH_KEY,
    FastKeys,
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
    load_actor_parents,
    load_attribution,
    load_blockers,
    load_cued_spellings,
    load_metonymy,
    load_nationalities,
    load_offices,
    load_place_cues,
    load_places,
    load_reference_points,
    load_seat_context,
    load_source_spellings,
    load_terms,
)

_PROCLITICS = frozenset("وفبلك")
_ATTRIBUTION_WINDOW = 4
_WEAK_WEIGHT = 0.2  # a Syrian-government alias this weak needs Syria named elsewhere
_CONTEXT_WEIGHT = 0.5  # a mention this strong (or a Syrian place) is that context


@dataclass
class _Entry:
    """Everything one normalised spelling may name."""

    tokens: int
    prefix_len: int  # length of the proclitic on the first word in this key
    bare: str  # the key without its proclitic
    places: list[Place] = field(default_factory=list)
    actors: list[ActorAlias] = field(default_factory=list)
    sources: list[SourceSpelling] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    blocker: bool = False
    # Filled by `_freeze`: what the entry names when no context rule or date applies to it;
    # for a country whose only rule is the place word (`في تركيا`), what it names after one.
    plain: Mention | None = None
    as_place: Mention | None = None
    country_plain: Mention | None = None
    cued: frozenset[str] = frozenset()  # source ids of the entry cited only with a cue
    town: bool = False  # names a Syrian place finer than a governorate
    weak: bool = False  # names the Syrian government only by a weak alias (`وزارة الداخلية`)
    names: bool = False  # `plain` names something (a place, actor, source or Syria weight)
    # An entry whose only context rule is the date (`_dated`): by day, what it names.
    by_day: tuple[list[dt.date], list[Mention], Mention] | None = None
    # An entry whose only context rule is its places' reference points: what it names when
    # none of these words stands before it.
    unreferenced: Mention | None = None
    reference_words: frozenset[str] = frozenset()


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
    cues_before2: frozenset[str]  # two-word cues before a place: `الحدود مع`
    cues_before2_last: frozenset[str]  # their last words
    cues_after: frozenset[str]
    attribution: frozenset[str]
    needs_attribution: frozenset[str]
    cued_spellings: frozenset[str]  # single source spellings that need a citation word
    seats: dict[str, tuple[ActorAlias, ...]]  # normalised seat of government → its actors
    stance_verbs: frozenset[str]  # after a seat: `دمشق ترفض`
    before_seat: frozenset[str]  # before a seat: the verbs (`قالت أنقرة`) and relation words
    before_seat2: frozenset[str]  # two words before a seat: `العقوبات عن دمشق`
    prepositions: frozenset[str]  # a verb of stance, one of these, a seat: `تنتظر من دمشق`
    seat2_last: frozenset[str]  # the last words of every two-word context before a seat
    venues: frozenset[str]  # before a seat: where, not who (`في موسكو`)
    references: dict[str, frozenset[str]]  # p-code → words that make it a reference point
    # After a Syrian town, the adjective of a state without an actor id: another country's
    # namesake (`القصير المصرية`). States with one are left out: `قاعدة حميميم الروسية`.
    foreign_adjectives: frozenset[str]


def _forms(word: str, allow_clitics: bool) -> dict[str, int]:
    """A normalised first word with its proclitics → the length of the proclitic.

    Besides `clitic_forms`, a word whose article meets a lam (`اللاذقيه`) takes ل by writing
    the two lams once (`للاذقيه`, `وللاذقيه`), as Arabic spells it.
    """
    if not allow_clitics:
        return {word: 0}
    forms = {form: len(form) - len(word) for form in clitic_forms(word)}
    if word.startswith("الل") and len(word) > 3:
        for conj in ("", "و", "ف"):
            forms[conj + "لل" + word[3:]] = len(conj) + 1
    return forms


def _add(keys: dict[str, _Entry], spelling: str, *, allow_clitics: bool = True) -> list[_Entry]:
    """The entries of every key a spelling is found under (its proclitic forms)."""
    words = normalize_for_match(spelling).split()
    if not words:
        return []
    bare = " ".join(words)
    out = []
    for form, prefix in _forms(words[0], allow_clitics).items():
        key = " ".join([form, *words[1:]])
        entry = keys.get(key)
        if entry is None or prefix < entry.prefix_len:
            # The bare word beats a proclitic reading of another word (`بانياس` is a town,
            # not ب + `انياس`).
            entry = keys[key] = _Entry(tokens=len(words), prefix_len=prefix, bare=bare)
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
    cued = frozenset(normalize_for_match(s) for s in load_cued_spellings())
    for spelling in load_source_spellings():
        words = normalize_for_match(spelling.spelling).split()
        short = len(words) == 1 and len(words[0]) <= 3 and not words[0].isascii()
        if short and words[0] not in cued:
            continue  # a solid abbreviation (`اب`) is a word in running text
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
    _add_offices(keys)
    _add_parents(keys)
    _add_trailing_countries(keys)

    before, after = load_place_cues()
    attribution, needs = load_attribution()
    seat_actors, stance_verbs, relations = load_metonymy()
    venues, prepositions = load_seat_context()
    seats = {normalize_for_match(k): v for k, v in seat_actors.items()}
    references = {
        pcode: frozenset(normalize_for_match(w) for w in words)
        for pcode, words in load_reference_points().items()
    }
    automaton = ahocorasick.Automaton()
    for key, entry in keys.items():
        _freeze(entry, needs, cued, seats.keys(), references)
        automaton.add_word(f" {key} ", (key, entry, len(key)))
    automaton.make_automaton()

    governorates = {
        normalize_for_match(name)
        for p in load_places()
        if p.admin_level == 1
        for name in p.names_ar
    }
    verbs = frozenset(normalize_for_match(v) for v in stance_verbs)
    relation_keys = {normalize_for_match(v) for v in relations}
    cue_keys = {normalize_for_match(w) for w in before}
    relations2 = frozenset(r for r in relation_keys if " " in r)
    preposition_keys = frozenset(normalize_for_match(w) for w in prepositions)
    cues2 = frozenset(w for w in cue_keys if " " in w)
    return _Matcher(
        seats=seats,
        stance_verbs=verbs,
        before_seat=verbs | {r for r in relation_keys if " " not in r},
        before_seat2=relations2,
        prepositions=preposition_keys,
        seat2_last=frozenset(
            {*(r.split()[-1] for r in relations2), *preposition_keys, *seats.keys()}
        ),
        venues=frozenset(normalize_for_match(w) for w in venues),
        references=references,
        automaton=automaton,
        cues_before=frozenset(w for w in cue_keys if " " not in w),
        cues_before2=cues2,
        cues_before2_last=frozenset(w.split()[-1] for w in cues2),
        cues_after=frozenset({*(normalize_for_match(w) for w in after), *governorates}),
        attribution=frozenset(normalize_for_match(w) for w in attribution),
        needs_attribution=needs,
        cued_spellings=cued,
        foreign_adjectives=frozenset(
            normalize_for_match(n.adjective_ar)
            for n in load_nationalities()
            if n.country_code != "SY" and not n.actors
        ),
    )


_NOTHING = _Entry(tokens=0, prefix_len=0, bare="")


def _add_offices(keys: dict[str, _Entry]) -> None:
    """Office × nationality phrases (`الرئيس التركي`, `وزارة الداخلية اللبنانية`, `الحدود
    التركية`) and office × office-holder phrases (`الرئيس أحمد الشرع`), into `keys`.

    An office with the adjective of a state that has an actor names that state on the day
    (`السوري`: the government of the day); with the adjective of a state without one it names
    no one (so `وزارة الداخلية اللبنانية` is not the bare Syrian `وزارة الداخلية`). A noun of
    kind `not_state` with a foreign adjective is a blocker, unless the phrase means something
    already. A known spelling that begins with `office [adjective]` and ends with an office
    holder's name (`وزير الخارجية السوري وليد المعلم`) takes the holder's state while in office.
    """
    nationalities = load_nationalities()
    offices = load_offices()
    for office in offices:
        # A phrase that names no one matters only when it hides a shorter name: the bare
        # office (`وزارة الداخلية`) or the adjective (`التركية`).
        bare_named = bool(keys.get(normalize_for_match(office.office_ar), _NOTHING).actors)
        for nat in nationalities:
            if nat.feminine != office.feminine:
                continue
            phrase = f"{office.office_ar} {nat.adjective_ar}"
            if office.kind == "not_state":
                if nat.country_code == "SY" or not nat.actors:
                    continue
                for entry in _add(keys, phrase):
                    if not (entry.places or entry.actors or entry.sources or entry.terms):
                        entry.blocker = True
            elif nat.actors:
                for entry in _add(keys, phrase):
                    entry.actors.extend(nat.actors)
            elif bare_named:
                for entry in _add(keys, phrase):
                    if not (entry.places or entry.actors or entry.sources or entry.terms):
                        entry.blocker = True
    holders: dict[str, list[ActorAlias]] = {}
    for parent in load_actor_parents():
        if parent.when == "title":
            holders.setdefault(parent.actor_id, []).append(parent.parent)
    if not holders:
        return
    titles = [normalize_for_match(o.office_ar) for o in offices if o.kind == "title"]
    # A holder's names: its spellings that are neither a title (`الرئيس السوري`) nor shared
    # with a body (`نظام الأسد` is the government too).
    shared = {
        normalize_for_match(a.alias_ar) for a in load_actor_aliases() if a.actor_type != "person"
    }
    names: dict[str, list[ActorAlias]] = {}
    for alias in load_actor_aliases():
        key = normalize_for_match(alias.alias_ar)
        if alias.actor_id not in holders or key in shared:
            continue
        if any(key == t or key.startswith(t + " ") for t in titles):
            continue
        names.setdefault(key, []).append(alias)
    adjectives = {normalize_for_match(n.adjective_ar) for n in nationalities}
    for title in titles:
        for name, aliases in names.items():
            for entry in _add(keys, f"{title} {name}"):
                for alias in aliases:
                    entry.actors.append(alias)
                    entry.actors.extend(holders[alias.actor_id])
    # Known spellings `title adjective holder` (`الرئيس السوري بشار الأسد`).
    title_words = {tuple(t.split()) for t in titles}
    longest = max(len(t) for t in title_words)
    for entry in list(keys.values()):
        if entry.prefix_len or not entry.actors or entry.tokens < 3:
            continue
        words = entry.bare.split()
        for n in range(1, min(longest, len(words) - 2) + 1):
            if tuple(words[:n]) in title_words and words[n] in adjectives:
                for alias in names.get(" ".join(words[n + 1 :]), []):
                    _extend_all(keys, entry, holders[alias.actor_id])


def _extend_all(keys: dict[str, _Entry], entry: _Entry, actors: list[ActorAlias]) -> None:
    """Add actors to an entry and to every proclitic form of its spelling."""
    for form in _add(keys, entry.bare):
        for actor in actors:
            if actor not in form.actors:
                form.actors.append(actor)


def _add_trailing_countries(keys: dict[str, _Entry]) -> None:
    """An actor phrase that ends with a relation to a country names the country as a place too.

    `الفصائل المدعومة من تركيا` consumes `تركيا`, `المبعوث الأممي إلى سوريا` consumes `سوريا`:
    after a preposition or venue word of `metonymy.csv` (`من`, `إلى`, `في`) or with ل on it, the
    country stays among the phrase's places. In a name (`الإدارة الذاتية لشمال وشرق سوريا`) it
    does not.
    """
    countries: dict[str, list[Place]] = {}
    for place in load_places():
        if place.admin_level == 0:
            for name in place.names_ar:
                countries.setdefault(normalize_for_match(name), []).append(place)
    venues, relations = load_seat_context()
    prepositions = {normalize_for_match(w) for w in (*venues, *relations)}
    for entry in keys.values():
        if entry.tokens < 2 or entry.places or not entry.actors or entry.blocker:
            continue
        words = entry.bare.split()
        for n in (1, 2):
            if n >= len(words):
                break
            head, *rest = words[-n:]
            if words[-n - 1] in prepositions:
                found = countries.get(" ".join(words[-n:]), [])
            elif head.startswith("ل"):  # لسوريا, للأردن
                found = countries.get(" ".join([head[1:], *rest]), []) or countries.get(
                    " ".join(["ا" + head[1:], *rest]), []
                )
            else:
                found = []  # part of a name: `الإدارة الذاتية لشمال وشرق سوريا`
            entry.places.extend(p for p in found if p not in entry.places)


def _add_parents(keys: dict[str, _Entry]) -> None:
    """A unit names the state whose forces it belongs to (`actor_parents.csv`, `always`)."""
    parents: dict[str, list[ActorAlias]] = {}
    for parent in load_actor_parents():
        if parent.when == "always":
            parents.setdefault(parent.actor_id, []).append(parent.parent)
    for entry in keys.values():
        extra = [p for a in entry.actors if a.actor_id in parents for p in parents[a.actor_id]]
        entry.actors.extend(x for x in extra if x not in entry.actors)


def _freeze(
    entry: _Entry,
    needs_attribution: frozenset[str],
    cued_spellings: frozenset[str],
    seats: Collection[str],
    references: dict[str, frozenset[str]],
) -> None:
    """Precompute what an entry names when no cue, attribution, seat or date rule concerns it
    (and, for a place with reference points, when no reference word stands before it)."""
    entry.cued = frozenset(
        s.source_id for s in entry.sources if _needs_cue(s, needs_attribution, cued_spellings)
    )
    entry.town = any(p.country_code == "SY" and p.admin_level >= 2 for p in entry.places)
    entry.weak = bool(entry.actors) and all(_weak(a) for a in entry.actors)
    referenced = [references[p.pcode] for p in entry.places if p.pcode in references]
    contextual = entry.bare in seats or any(p.needs_cue for p in entry.places) or bool(entry.cued)
    dated = any(a.valid_from or a.valid_to for a in entry.actors)
    # A country is a place after a place word (`في تركيا`) and the state elsewhere.
    country = bool(entry.actors) and (
        any(p.admin_level == 0 for p in entry.places) or any(_country_name(a) for a in entry.actors)
    )
    if entry.blocker or contextual:
        return
    if dated:
        if not country and not referenced:
            entry.by_day = _dated(entry)
        return
    if referenced and country:
        return
    weight = max(
        [p.weight for p in entry.places]
        + [a.weight for a in entry.actors]
        + [t.weight for t in entry.terms],
        default=0.0,
    )
    plain = Mention(
        start=0,
        end=0,
        surface="",
        places=tuple(entry.places),
        actors=_unique(entry.actors),
        sources=tuple(dict.fromkeys(s.source_id for s in entry.sources)),
        weight=weight,
        key=entry.bare,
    )
    if referenced:
        # `حلب` names Aleppo unless a reference word stands before it (`طريق حلب`).
        entry.unreferenced = plain
        entry.reference_words = frozenset().union(*referenced)
    elif country:
        entry.as_place = plain._replace(
            actors=tuple(a for a in plain.actors if a.actor_type != "state")
        )
        entry.plain = None
        entry.country_plain = plain
    else:
        entry.plain = plain
    entry.names = bool(plain.places or plain.actors or plain.sources or plain.weight)


def _weak(actor: ActorAlias) -> bool:
    """Whether an alias names the Syrian government only in a text about Syria (weight ≤ 0.2).

    A ministry or force without its country (`وزارة الداخلية`, `قوات الأمن`) is Syria's in
    Syria coverage and another country's elsewhere.
    """
    return actor.actor_id.startswith("syrian_gov") and actor.weight <= _WEAK_WEIGHT


def _unique(actors: list[ActorAlias]) -> tuple[ActorAlias, ...]:
    """One alias per actor id (an office phrase may name the same actor twice)."""
    if len(actors) < 2:
        return tuple(actors)
    return tuple({a.actor_id: a for a in reversed(actors)}.values())[::-1]


def _country_name(actor: ActorAlias) -> bool:
    """Whether an alias is a country's own name (`روسيا`): a place after `في`, `إلى`.

    The countries are the states of `nationalities.csv` (not `الحرس الثوري الإيراني`, whose
    canonical name is an alias too).
    """
    return actor.alias_ar == actor.name_ar and actor.actor_id in _countries()


@functools.cache
def _countries() -> frozenset[str]:
    """Actor ids of the states named by a nationality adjective."""
    return frozenset(a.actor_id for n in load_nationalities() for a in n.actors)


def _needs_cue(source: SourceSpelling, ids: frozenset[str], spellings: frozenset[str]) -> bool:
    """Whether a source spelling counts only next to a citation word."""
    return source.source_id in ids or normalize_for_match(source.spelling) in spellings


@functools.lru_cache(maxsize=1 << 16)
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
        self._starts: dict[int, int] | None = None
        if fast is not None:
            self.keys, self.map = fast
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
        start, end = self.map(a), self.map(b - 1) + 1
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


_new_mention = tuple.__new__  # `Mention(...)` without the Python frame of its `__new__`


def _find(text: str, published: dt.date | None, norm: _Normalised) -> list[Mention]:
    matcher = _matcher()
    # (start, -length) orders candidates left to right, longest first; a key is unique at
    # its start, so the comparison never reaches the entries.
    found = [
        (end - n, -n, key, entry) for end, (key, entry, n) in matcher.automaton.iter(norm.keys)
    ]
    found.sort()
    mentions: list[Mention] = []
    spans: list[tuple[int, int]] = []  # key positions of the mentions with places
    placed: list[int] = []
    weak: list[int] = []
    context = False  # Syria named by a place or a strong mention
    placed_end = -2  # key position where the last place mention ends
    cursor = 0
    # The fast path's map back to the text, inlined below for the plain entries (most).
    fast = norm._starts is None
    if fast:
        spaces, space_shift = norm.map.spaces, norm.map.space_shift
        deleted, deleted_shift = norm.map.deleted, norm.map.deleted_shift
    marks, size = norm._marks, len(text)
    for a, minus, key, entry in found:
        if a < cursor:
            continue  # inside a longer name already taken, or a shorter one at its start
        plain = entry.plain
        names = entry.names
        if plain is None and fast:
            if entry.by_day is not None:
                changes, named, undated = entry.by_day
                plain = undated if published is None else named[bisect_right(changes, published)]
                names = bool(plain.places or plain.actors or plain.sources or plain.weight)
            elif entry.unreferenced is not None:
                if not _has(entry.reference_words, norm.word_before(a)):
                    plain = entry.unreferenced
            elif entry.country_plain is not None and entry.as_place is not None:
                # A country, undated: the place only after a place word, unless backed by it.
                before = norm.word_before(a)
                plain = entry.country_plain
                if _place_cue(norm, a, before, matcher) and not _backed(norm, a, before, matcher):
                    plain = entry.as_place
                names = bool(plain.places or plain.actors or plain.sources or plain.weight)
        if plain is not None and fast:
            b = a - minus
            j = a + space_shift[bisect_right(spaces, a) - 1] - 1
            start = j + deleted_shift[bisect_right(deleted, j) - 1]
            j = b - 2 + space_shift[bisect_right(spaces, b - 1) - 1]
            end = j + deleted_shift[bisect_right(deleted, j) - 1] + 1
            while end < size and text[end] in marks:
                end += 1  # a diacritic or tatweel at the end of the last word is part of it
            mention: Mention = _new_mention(
                Mention,
                (start, end, text[start:end], plain.places, plain.actors, plain.sources,
                 plain.weight, plain.key),
            )  # fmt: skip
            cursor = b
            if not names:
                continue
        else:
            found_mention = _resolve(
                text, norm, a, key, entry, matcher, published, a == placed_end + 1
            )
            if found_mention is None:
                continue  # e.g. an ambiguous place without its cue: a shorter one may follow
            mention = found_mention
            cursor = a - minus
            if not (mention.places or mention.actors or mention.sources or mention.weight):
                continue
        if mention.places:
            if entry.town:
                placed.append(len(mentions))
            placed_end = cursor
        if entry.weak and mention.actors:
            weak.append(len(mentions))
        elif not context:
            context = mention.weight >= _CONTEXT_WEIGHT or any(
                p.country_code == "SY" for p in mention.places
            )
        mentions.append(mention)
        spans.append((a, cursor))
    if weak and not context:
        # `وزارة الداخلية` in a text that never names Syria is another country's ministry.
        for i in weak:
            mentions[i] = mentions[i]._replace(actors=(), weight=0.0)
    if placed:
        return _settle_towns(mentions, spans, placed, norm, matcher)
    return mentions


def _settle_towns(
    mentions: list[Mention],
    spans: list[tuple[int, int]],
    placed: list[int],
    norm: _Normalised,
    matcher: _Matcher,
) -> list[Mention]:
    """Syrian towns checked against their neighbours in the text.

    * A town followed by another country's adjective (`القصير المصرية`) is that country's.
    * A town followed by `في` and a governorate that is not its own (`الميادين في السويداء`,
      the squares of Sweida) is not that town; a name shared by towns of several governorates
      keeps the one in that governorate.
    * A name shared by towns of several governorates (`صوران`) keeps the towns whose
      governorate the text names or implies elsewhere (all of them when it names none).
    """
    changed = False
    for i in placed:
        m = mentions[i]
        towns = [p for p in m.places if p.country_code == "SY" and p.admin_level >= 2]
        if not towns:
            continue
        b = spans[i][1]
        after = norm.word_after(b)
        keep = towns
        if after in matcher.foreign_adjectives:
            keep = []
        elif after == "في" and i + 1 < len(mentions) and spans[i + 1][0] == b + 4:
            govs = {p.pcode for p in mentions[i + 1].places if p.admin_level == 1}
            if govs:
                keep = [p for p in towns if p.governorate_pcode in govs]
        if len(keep) == len(towns) and len({p.governorate_pcode for p in towns}) > 1:
            named = {
                p.governorate_pcode
                for j, other in enumerate(mentions)
                if j != i
                for p in other.places
                if p.governorate_pcode and len(other.places) == 1
            }
            keep = [p for p in towns if p.governorate_pcode in named] or towns
        if len(keep) != len(towns):
            places = tuple(p for p in m.places if p not in towns or p in keep)
            weight = max([p.weight for p in places] + [x.weight for x in m.actors], default=0.0)
            mentions[i] = m._replace(places=places, weight=weight)
            changed = True
    if not changed:
        return mentions
    return [m for m in mentions if m.places or m.actors or m.sources or m.weight]


def _place_cue(norm: _Normalised, a: int, before: str | None, matcher: _Matcher) -> bool:
    """Whether a place word (`في`, `شرق`) or phrase (`الحدود مع`) stands before position a."""
    if _has(matcher.cues_before, before):
        return True
    # Every two-word cue ends with a word of `cues_before2_last` (`مع`): test it first.
    return before in matcher.cues_before2_last and _has_phrase(
        matcher.cues_before2, norm.words_before(a, 2)
    )


def _backed(norm: _Normalised, a: int, before: str | None, matcher: _Matcher) -> bool:
    """Whether a relation phrase (`المدعومة من`) stands before position a."""
    return _has(matcher.seat2_last, before) and _has_phrase(
        matcher.before_seat2, norm.words_before(a, 2)
    )


def _has_phrase(phrases: frozenset[str], words: list[str]) -> bool:
    """Whether two words (the first with or without its proclitics) are one of `phrases`."""
    if len(words) < 2:
        return False
    return any(f"{f} {words[1]}" in phrases for f in _bare_forms(words[0]))


def _seat_acts(norm: _Normalised, a: int, b: int, before: str | None, matcher: _Matcher) -> bool:
    """Whether the seat at [a, b) is its government acting or acted upon.

    After it a verb of stance (`دمشق ترفض`); before it such a verb or a relation word
    (`قالت أنقرة`, `التطبيع مع دمشق`), a relation phrase (`العقوبات عن دمشق`), a verb and a
    preposition (`تنتظر من دمشق`), or a verb and another seat (`طالبت عمان دمشق`).
    """
    if _has(matcher.stance_verbs, norm.word_after(b)) or _has(matcher.before_seat, before):
        return True
    if not _has(matcher.seat2_last, before):
        return False  # no two-word context ends with this word
    two = norm.words_before(a, 2)
    if len(two) < 2:
        return False
    if _has_phrase(matcher.before_seat2, two):
        return True
    if _has(matcher.stance_verbs, two[0]):
        return _has(matcher.prepositions, two[1]) or any(
            f in matcher.seats for f in _bare_forms(two[1])
        )
    return False


def _resolve(
    text: str,
    norm: _Normalised,
    a: int,
    key: str,
    entry: _Entry,
    matcher: _Matcher,
    published: dt.date | None,
    after_place: bool = False,
) -> Mention | None:
    """The mention a candidate makes at key position a, or None when its context rules it out.

    `after_place`: the candidate follows a place mention directly (`الدريكيش والشيخ بدر`).
    """
    b = a + len(key)
    start, end = norm.span(a, b)
    plain = entry.plain
    if plain is not None:
        return Mention(
            start, end, text[start:end], plain.places, plain.actors, plain.sources,
            plain.weight, plain.key,
        )  # fmt: skip
    if entry.as_place is not None and entry.country_plain is not None:
        # A country, undated: the place only after a place word, unless backed by it.
        before = norm.word_before(a)
        m = entry.country_plain
        if _place_cue(norm, a, before, matcher) and not _backed(norm, a, before, matcher):
            m = entry.as_place
        return Mention(start, end, text[start:end], m.places, m.actors, m.sources, m.weight, m.key)
    bare = entry.bare
    if entry.blocker:
        return Mention(start, end, text[start:end], (), (), (), 0.0, bare)
    places = list(entry.places)
    before = norm.word_before(a)
    if any(p.needs_cue for p in places):
        # A proclitic on the name itself (`بالباب`) is no cue: `في` is; و after a place is
        # (`أحراج الدريكيش والشيخ بدر`, `منبج والباب`).
        cued = (
            _place_cue(norm, a, before, matcher)
            or _has(matcher.cues_after, norm.word_after(b))
            or (after_place and key.startswith("و") and entry.prefix_len > 0)
        )
        if not cued:
            places = [p for p in places if not p.needs_cue]
    referenced = False
    if any(p.pcode in matcher.references for p in places):
        kept = [p for p in places if not _has(matcher.references.get(p.pcode, frozenset()), before)]
        referenced, places = len(kept) < len(places), kept
    sources = [s.source_id for s in entry.sources]
    needing = entry.cued
    if needing:
        window = norm.words_before(a, _ATTRIBUTION_WINDOW)
        if not any(_has(matcher.attribution, w) for w in window):
            sources = [s for s in sources if s not in needing]
    actors = [x for x in entry.actors if x.valid_on(published)]
    # A country after a place word (`جنوبي تركيا`, `في تركيا`, `الحدود مع تركيا`) is where,
    # not who.
    country = actors and (
        any(p.admin_level == 0 for p in places) or any(_country_name(x) for x in actors)
    )
    # … unless backed or led by it: `المدعومة من تركيا` (a relation phrase).
    if country and _place_cue(norm, a, before, matcher) and not _backed(norm, a, before, matcher):
        actors = [x for x in actors if x.actor_type != "state"]
    seat = matcher.seats.get(bare)
    if seat is not None:
        if _has(matcher.venues, before):
            # «في موسكو», «في البيت الأبيض»: where something happens, not the state acting.
            actors = []
        elif _seat_acts(norm, a, b, before, matcher):
            # «دمشق ترفض»: the government speaks; the sentence is not located in the city.
            places = []
            actors = [*actors, *(x for x in seat if x.valid_on(published))]
    dated_out = bool(entry.actors) and not actors
    if not (places or actors or sources or entry.terms or dated_out):
        if referenced:
            # A reference point consumes its words: `شمالي العاصمة السورية دمشق` is one name.
            return Mention(start, end, text[start:end], (), (), (), 0.0, bare)
        return None
    return _mention(start, end, text[start:end], entry, places, actors, sources)


def _mention(
    start: int,
    end: int,
    surface: str,
    entry: _Entry,
    places: list[Place],
    actors: list[ActorAlias],
    sources: list[str],
) -> Mention:
    """The mention of what an entry names here, once the context rules chose among it."""
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
        surface=surface,
        places=tuple(places),
        actors=_unique(actors),
        sources=tuple(dict.fromkeys(sources)),
        weight=weight,
        key=entry.bare,
    )


def _dated(entry: _Entry) -> tuple[list[dt.date], list[Mention], Mention]:
    """What an entry whose only context rule is its actors' dates names on each day: the days
    where what it names changes (ascending), the mention before the first of them and from each
    of them on (one more than the days), and the mention when the day is unknown.

    The same as `_resolve` gives: the places, sources and Syria terms of the entry, and the
    actors valid on the day (none valid: the entry still weighs what its actors weigh).
    """
    days: set[dt.date] = set()
    for actor in entry.actors:
        if actor.valid_from is not None:
            days.add(actor.valid_from)
        if actor.valid_to is not None and actor.valid_to < dt.date.max:
            days.add(actor.valid_to + dt.timedelta(days=1))
    changes = sorted(days)

    def on(day: dt.date | None) -> Mention:
        actors = [x for x in entry.actors if x.valid_on(day)]
        sources = [s.source_id for s in entry.sources]
        return _mention(0, 0, "", entry, list(entry.places), actors, sources)

    first = changes[0] if changes else dt.date.max
    before_first = first - dt.timedelta(days=1) if first > dt.date.min else first
    return changes, [on(before_first), *(on(d) for d in changes)], on(None)
