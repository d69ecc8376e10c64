"""The enrichment dictionaries: CSV files in `transforms/data/`, read once, with their version.

Contract: each `load_*` function returns typed rows of one file (cached: package data does not
change while a process runs). `dictionary_version()` names the exact dictionaries a derived row
was computed with: the release declared in `data/dictionaries.csv` plus a short hash of the
contents of every file listed there, so a row records a new version as soon as any word in any
dictionary changes, even when nobody bumps the release. `stale_manifest()` lists the files whose
contents no longer match their recorded `sha1` (a test fails on them, and `python -m
transforms.dictionaries --stamp` records the new hashes and today's release).

Files (each has a header row; `|` separates alternatives inside a cell):

* `gazetteer.csv`: places (Syria, its 14 governorates with OCHA p-codes, districts, towns from
  GeoNames, camps, crossings, regions; neighbouring countries and their capitals).
* `place_cues.csv`: words that make an ambiguous place name (`context = cue`) a place.
* `not_places.csv`, `not_actors.csv`, `not_sources.csv`: phrases that contain a name but mean
  something else.
* `actors.csv`: one alias per row, with the dates the alias means that actor.
* `agencies.csv`: news agencies, monitors and unnamed sources (`مصادر محلية`), by spelling.
* `attribution.csv`: words that mark a citation, and the source ids (or single spellings) that
  need one nearby.
* `metonymy.csv`: capitals that stand for their government next to a verb of stance, and the
  words before a capital that make it a venue (`في موسكو`), not the government.
* `nationalities.csv`: nationality adjectives (`السوري`, `التركية`) and the state actor each
  names after an office (`الرئيس التركي`); an adjective of a state with no actor id names no one.
* `offices.csv`: office titles and state bodies (`وزير الخارجية`, `وزارة الداخلية`) that name
  the state of the adjective after them, and nouns that with such an adjective are not the state
  (`الحدود التركية`).
* `actor_parents.csv`: the state an actor acts for: always for a unit of its forces (`irgc` →
  `iran`), only after an office title for a person in office (`الرئيس أحمد الشرع`).
* `reference_points.csv`: words before a place that make it a reference point, not a location.
* `syria_terms.csv`: words about Syria that are neither a place nor an actor (`السوري`).
* `reporting_verbs.csv`, `not_quotes.csv`: for quotes (read by `transforms.quotes`).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import sys
from dataclasses import dataclass, replace
from importlib import resources

from schemas.enrichment import ACTOR_TYPES

MANIFEST = "dictionaries.csv"
GAZETTEER_COLUMNS = (
    "pcode",
    "admin_level",
    "kind",
    "name_ar",
    "name_en",
    "variants_ar",
    "governorate_pcode",
    "district_pcode",
    "geonames_id",
    "country_code",
    "latitude",
    "longitude",
    "context",
    "weight",
)
PLACE_KINDS = frozenset(
    {
        "country",
        "governorate",
        "district",
        "subdistrict",
        "city",
        "town",
        "village",
        "camp",
        "crossing",
        "neighbourhood",
        "region",
        "capital",
    }
)


@dataclass(frozen=True)
class Place:
    """One gazetteer row."""

    pcode: str
    admin_level: int
    kind: str
    name_ar: str
    name_en: str
    names_ar: tuple[str, ...]  # name_ar and its variants
    governorate_pcode: str | None
    district_pcode: str | None
    geonames_id: int | None
    country_code: str
    needs_cue: bool
    weight: float


@dataclass(frozen=True)
class ActorAlias:
    """One spelling of an actor, valid between two dates (inclusive; None is open)."""

    actor_id: str
    actor_type: str
    name_en: str
    name_ar: str
    alias_ar: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    weight: float

    def valid_on(self, day: dt.date | None) -> bool:
        """Whether the alias means this actor on `day` (an unknown day: only undated aliases)."""
        if day is None:
            return self.valid_from is None and self.valid_to is None
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True)
class SourceSpelling:
    """One spelling of a cited source (`agencies.csv`)."""

    source_id: str
    name_en: str
    spelling: str


@dataclass(frozen=True)
class Term:
    """A word about Syria that is neither a place nor an actor, for the relevance score."""

    term_ar: str
    weight: float


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files("transforms.data").joinpath(name).read_text("utf-8")
    return [
        {k: (v or "").strip() for k, v in row.items() if k is not None}
        for row in csv.DictReader(io.StringIO(text))
    ]


def _date(value: str, where: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{where}: not an ISO date: {value!r}") from exc


def _weight(value: str, where: str) -> float:
    weight = float(value) if value else 0.0
    if not 0.0 <= weight <= 1.0:
        raise ValueError(f"{where}: weight {weight} outside [0, 1]")
    return weight


@functools.cache
def load_places() -> tuple[Place, ...]:
    """The gazetteer."""
    places = []
    for row in _read("gazetteer.csv"):
        where = f"gazetteer.csv {row['pcode']}"
        if row["kind"] not in PLACE_KINDS:
            raise ValueError(f"{where}: unknown kind {row['kind']!r}")
        if row["context"] not in ("always", "cue"):
            raise ValueError(f"{where}: context must be always or cue, not {row['context']!r}")
        variants = [v.strip() for v in row["variants_ar"].split("|") if v.strip()]
        places.append(
            Place(
                pcode=row["pcode"],
                admin_level=int(row["admin_level"]),
                kind=row["kind"],
                name_ar=row["name_ar"],
                name_en=row["name_en"],
                names_ar=tuple(dict.fromkeys([row["name_ar"], *variants])),
                governorate_pcode=row["governorate_pcode"] or None,
                district_pcode=row["district_pcode"] or None,
                geonames_id=int(row["geonames_id"]) if row["geonames_id"] else None,
                country_code=row["country_code"],
                needs_cue=row["context"] == "cue",
                weight=_weight(row["weight"], where),
            )
        )
    return tuple(places)


@functools.cache
def places_by_pcode() -> dict[str, Place]:
    """Gazetteer rows by p-code."""
    return {p.pcode: p for p in load_places()}


@functools.cache
def load_actor_aliases() -> tuple[ActorAlias, ...]:
    """Every actor alias with its validity dates."""
    aliases = []
    for row in _read("actors.csv"):
        where = f"actors.csv {row['actor_id']} {row['alias_ar']}"
        if row["actor_type"] not in ACTOR_TYPES:
            raise ValueError(f"{where}: unknown actor_type {row['actor_type']!r}")
        aliases.append(
            ActorAlias(
                actor_id=row["actor_id"],
                actor_type=row["actor_type"],
                name_en=row["name_en"],
                name_ar=row["name_ar"],
                alias_ar=row["alias_ar"],
                valid_from=_date(row["valid_from"], where),
                valid_to=_date(row["valid_to"], where),
                weight=_weight(row["weight"], where),
            )
        )
    return tuple(aliases)


def _dated(
    actor: ActorAlias, alias_ar: str, row: dict[str, str], where: str, weight: float
) -> ActorAlias:
    """`actor` named by `alias_ar` between the row's `valid_from` and `valid_to`."""
    return replace(
        actor,
        alias_ar=alias_ar,
        valid_from=_date(row["valid_from"], where),
        valid_to=_date(row["valid_to"], where),
        weight=weight,
    )


@functools.cache
def actor_types() -> dict[str, str]:
    """actor_id → actor_type."""
    return {a.actor_id: a.actor_type for a in load_actor_aliases()}


@functools.cache
def load_source_spellings() -> tuple[SourceSpelling, ...]:
    """Every spelling of every cited source (agencies, monitors, unnamed sources)."""
    out = []
    for row in _read("agencies.csv"):
        for spelling in (row["pattern_ar"], row["name_en"]):
            if spelling:
                out.append(SourceSpelling(row["source_id"], row["name_en"], spelling))
    return tuple(dict.fromkeys(out))


@functools.cache
def source_ids() -> frozenset[str]:
    """Every known source id."""
    return frozenset(s.source_id for s in load_source_spellings())


@functools.cache
def load_attribution() -> tuple[frozenset[str], frozenset[str]]:
    """(words that mark a citation, source ids cited only next to such a word)."""
    cues: set[str] = set()
    needs: set[str] = set()
    for row in _read("attribution.csv"):
        if row["kind"] == "cue":
            cues.add(row["value"])
        elif row["kind"] == "needs_cue":
            needs.add(row["value"])
        elif row["kind"] != "needs_cue_spelling":
            raise ValueError(f"attribution.csv: unknown kind {row['kind']!r}")
    return frozenset(cues), frozenset(needs)


@functools.cache
def load_cued_spellings() -> frozenset[str]:
    """Single spellings of a source cited only next to a citation word (`بحسب المرصد`, `«واس»`).

    The other spellings of the same source (`المرصد السوري`) need no cue.
    """
    return frozenset(
        r["value"] for r in _read("attribution.csv") if r["kind"] == "needs_cue_spelling"
    )


@functools.cache
def load_metonymy() -> tuple[dict[str, tuple[ActorAlias, ...]], frozenset[str], frozenset[str]]:
    """(seat of government → the actors it stands for, verbs of stance, relation words).

    A capital next to a verb of stance (`دمشق ترفض`, `قالت أنقرة`) or after a relation word
    (`التطبيع مع دمشق`) names its government, not the place; a seat with no actor (`بيروت`)
    then names nothing.
    """
    types = {a.actor_id: a for a in load_actor_aliases()}
    seats: dict[str, list[ActorAlias]] = {}
    verbs: set[str] = set()
    relations: set[str] = set()
    for row in _read("metonymy.csv"):
        where = f"metonymy.csv {row['value']}"
        if row["kind"] in ("verb", "relation"):
            (verbs if row["kind"] == "verb" else relations).add(row["value"])
            continue
        if row["kind"] in ("venue", "preposition"):
            continue  # read by `load_seat_context`
        if row["kind"] != "seat":
            raise ValueError(f"{where}: unknown kind {row['kind']!r}")
        aliases = seats.setdefault(row["value"], [])
        if not row["actor_id"]:
            continue
        actor = types.get(row["actor_id"])
        if actor is None:
            raise ValueError(f"{where}: unknown actor_id {row['actor_id']!r}")
        weight = 1.0 if actor.actor_id.startswith("syrian_") else 0.05
        aliases.append(_dated(actor, row["value"], row, where, weight))
    return {k: tuple(v) for k, v in seats.items()}, frozenset(verbs), frozenset(relations)


@functools.cache
def load_seat_context() -> tuple[frozenset[str], frozenset[str]]:
    """(words before a seat that make it a venue, prepositions between a verb and a seat).

    `في موسكو`, `في البيت الأبيض`: where something happens, not the government acting;
    `تنتظر من دمشق`, `ضغطت على أنقرة`: a verb of stance, a preposition, then the government.
    """
    rows = _read("metonymy.csv")
    venues = frozenset(r["value"] for r in rows if r["kind"] == "venue")
    prepositions = frozenset(r["value"] for r in rows if r["kind"] == "preposition")
    return venues, prepositions


@dataclass(frozen=True)
class Nationality:
    """A nationality adjective and the state actors it names after an office, by date."""

    adjective_ar: str
    country_code: str
    actors: tuple[ActorAlias, ...]  # empty: a state with no actor id (the phrase names no one)

    @property
    def feminine(self) -> bool:
        """Whether the adjective is the feminine form (`السورية`)."""
        return self.adjective_ar.endswith(("ة", "ه"))


@functools.cache
def load_nationalities() -> tuple[Nationality, ...]:
    """Nationality adjectives (`nationalities.csv`), one per spelling, with their dated actors."""
    known = {a.actor_id: a for a in load_actor_aliases()}
    rows: dict[str, tuple[str, list[ActorAlias]]] = {}
    for row in _read("nationalities.csv"):
        where = f"nationalities.csv {row['adjective_ar']}"
        code, actors = rows.setdefault(row["adjective_ar"], (row["country_code"], []))
        if code != row["country_code"]:
            raise ValueError(f"{where}: two country codes")
        if not row["actor_id"]:
            continue
        actor = known.get(row["actor_id"])
        if actor is None or actor.actor_type != "state":
            raise ValueError(f"{where}: not a state actor id: {row['actor_id']!r}")
        actors.append(_dated(actor, row["adjective_ar"], row, where, _weight(row["weight"], where)))
    return tuple(Nationality(k, code, tuple(v)) for k, (code, v) in rows.items())


OFFICE_KINDS = frozenset({"title", "body", "not_state"})


@dataclass(frozen=True)
class Office:
    """An office title, a state body, or a noun that with a nationality is not the state."""

    office_ar: str
    kind: str  # `title` (a person in office), `body` (a state body) or `not_state`
    feminine: bool  # the adjective after it agrees: `الرئيس السوري`, `الحكومة السورية`


@functools.cache
def load_offices() -> tuple[Office, ...]:
    """Rows of `offices.csv`."""
    out = []
    for row in _read("offices.csv"):
        where = f"offices.csv {row['office_ar']}"
        if row["kind"] not in OFFICE_KINDS:
            raise ValueError(f"{where}: unknown kind {row['kind']!r}")
        if row["gender"] not in ("m", "f"):
            raise ValueError(f"{where}: gender must be m or f, not {row['gender']!r}")
        out.append(Office(row["office_ar"], row["kind"], row["gender"] == "f"))
    return tuple(out)


@dataclass(frozen=True)
class ActorParent:
    """The state an actor acts for: `always` (a unit of its forces) or only after a `title`."""

    actor_id: str
    parent: ActorAlias  # the parent actor, with the dates the relation holds
    when: str


@functools.cache
def load_actor_parents() -> tuple[ActorParent, ...]:
    """Rows of `actor_parents.csv` with the parent as a dated alias."""
    known = {a.actor_id: a for a in load_actor_aliases()}
    out = []
    for row in _read("actor_parents.csv"):
        where = f"actor_parents.csv {row['actor_id']} {row['parent_id']}"
        if row["actor_id"] not in known:
            raise ValueError(f"{where}: unknown actor_id")
        parent = known.get(row["parent_id"])
        if parent is None:
            raise ValueError(f"{where}: unknown parent_id")
        if row["when"] not in ("always", "title"):
            raise ValueError(f"{where}: when must be always or title, not {row['when']!r}")
        child = known[row["actor_id"]].name_ar  # the parent is named through the child actor
        alias = _dated(parent, child, row, where, _weight(row["weight"], where))
        out.append(ActorParent(row["actor_id"], alias, row["when"]))
    return tuple(out)


@functools.cache
def load_reference_points() -> dict[str, frozenset[str]]:
    """p-code → words before it that make the place a reference point (`جنوب دمشق`)."""
    out: dict[str, set[str]] = {}
    for row in _read("reference_points.csv"):
        out.setdefault(row["pcode"], set()).add(row["word_ar"])
    return {k: frozenset(v) for k, v in out.items()}


@functools.cache
def load_place_cues() -> tuple[frozenset[str], frozenset[str]]:
    """(words before, words after) that make an ambiguous name a place."""
    before: set[str] = set()
    after: set[str] = set()
    for row in _read("place_cues.csv"):
        (before if row["position"] == "before" else after).add(row["word_ar"])
    return frozenset(before), frozenset(after)


@functools.cache
def load_blockers() -> tuple[str, ...]:
    """Phrases that contain a place, actor or source name but mean something else."""
    rows = [*_read("not_places.csv"), *_read("not_actors.csv"), *_read("not_sources.csv")]
    return tuple(dict.fromkeys(r["phrase_ar"] for r in rows if r["phrase_ar"]))


@functools.cache
def load_terms() -> tuple[Term, ...]:
    """Relevance-only words about Syria (weight 0: a blocker phrase)."""
    return tuple(
        Term(r["term_ar"], _weight(r["weight"], f"syria_terms.csv {r['term_ar']}"))
        for r in _read("syria_terms.csv")
    )


def _manifest() -> list[dict[str, str]]:
    return _read(MANIFEST)


def _sha1(name: str) -> str:
    data = resources.files("transforms.data").joinpath(name).read_bytes()
    return hashlib.sha1(data).hexdigest()


@functools.cache
def dictionary_version() -> str:
    """`<release>+<hash>`: the declared release and a hash of every dictionary's contents."""
    rows = _manifest()
    digest = hashlib.sha1()
    for row in sorted(rows, key=lambda r: r["file"]):
        digest.update(f"{row['file']}:{_sha1(row['file'])}\n".encode())
    release = max(row["version"] for row in rows)
    return f"{release}+{digest.hexdigest()[:8]}"


def stale_manifest() -> list[str]:
    """Dictionary files whose contents differ from the `sha1` recorded in the manifest."""
    return [row["file"] for row in _manifest() if _sha1(row["file"]) != row["sha1"]]


def stamp(release: str | None = None) -> None:
    """Record the current hash of every dictionary; bump the changed files' version."""
    release = release or dt.date.today().strftime("%Y.%m.%d")
    path = resources.files("transforms.data").joinpath(MANIFEST)
    rows = _manifest()
    for row in rows:
        sha1 = _sha1(row["file"])
        if sha1 != row["sha1"]:
            row["sha1"], row["version"] = sha1, release
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    with resources.as_file(path) as file:
        file.write_text(out.getvalue(), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--stamp"]:
        stamp()
        print(dictionary_version())
    else:
        stale = stale_manifest()
        print(dictionary_version(), "stale: " + ", ".join(stale) if stale else "up to date")
