"""Data tests of the actor dictionary (`actors.csv`), its blockers (`not_actors.csv`) and the
unnamed-source rows of `agencies.csv`: shape, ids, dates, and what real sentences resolve to.

The sentences go through a tiny resolver written here from the CSV rows alone (whole words on
`normalize_for_match` keys, proclitics on the first word, the longest phrase wins and consumes its
words, a blocker names nothing, a dated alias names the actor valid on the publication day), so
the data is checked independently of the matcher that will read it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources

import pytest

from transforms.agencies import find_agencies
from transforms.arabic import clitic_forms, normalize_for_match

COLUMNS = [
    "actor_id",
    "actor_type",
    "name_en",
    "name_ar",
    "alias_ar",
    "valid_from",
    "valid_to",
    "weight",
    "note",
]
ACTOR_TYPES = {"state", "armed_group", "party", "person", "organisation"}
VOCABULARY = {
    "syrian_gov_assad", "syrian_gov_transitional", "bashar_al_assad", "maher_al_assad",
    "ahmed_al_sharaa", "asaad_al_shaibani", "fourth_division", "hts", "isis", "sdf", "ypg",
    "pkk", "aanes", "mazloum_abdi", "sna", "syrian_opposition", "eighth_brigade", "hezbollah",
    "russia", "russian_military_police", "vladimir_putin", "iran", "irgc", "turkey",
    "recep_tayyip_erdogan", "usa", "donald_trump", "us_led_coalition", "israel",
    "benjamin_netanyahu", "un", "geir_pedersen", "arab_league", "ahmed_aboul_gheit",
    "white_helmets", "baath_party",
}  # fmt: skip
UNNAMED_SOURCES = {
    "local_sources", "military_source", "security_source", "official_source",
    "diplomatic_source", "medical_source", "activists", "eyewitnesses", "opposition_sources",
}  # fmt: skip
GOVERNORATES = [
    "دمشق", "حلب", "ريف دمشق", "حمص", "حماة", "حماه", "اللاذقية", "إدلب", "الحسكة",
    "دير الزور", "ديرالزور", "طرطوس", "الرقة", "درعا", "السويداء", "القنيطرة",
]  # fmt: skip
GOVERNMENT_WORDS = ["الجيش السوري", "الحكومة السورية", "القوات الحكومية", "السلطات السورية"]
LAST_ASSAD_DAY = dt.date(2024, 12, 8)
FIRST_TRANSITIONAL_DAY = dt.date(2024, 12, 9)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _read(name: str) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a dictionary file."""
    text = resources.files("transforms.data").joinpath(name).read_text("utf-8")
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class Alias:
    """One row of actors.csv, parsed."""

    actor_id: str
    actor_type: str
    alias: str
    key: str
    valid_from: dt.date | None
    valid_to: dt.date | None

    def valid_on(self, day: dt.date) -> bool:
        """Whether the alias names this actor on `day`."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def overlaps(self, other: Alias) -> bool:
        """Whether the two validity windows share a day."""
        lo = max(self.valid_from or dt.date.min, other.valid_from or dt.date.min)
        hi = min(self.valid_to or dt.date.max, other.valid_to or dt.date.max)
        return lo <= hi


ACTOR_HEADER, ACTOR_ROWS = _read("actors.csv")
BLOCKER_HEADER, BLOCKER_ROWS = _read("not_actors.csv")
ALIASES = [
    Alias(
        r["actor_id"],
        r["actor_type"],
        r["alias_ar"],
        normalize_for_match(r["alias_ar"]),
        _date(r["valid_from"]),
        _date(r["valid_to"]),
    )
    for r in ACTOR_ROWS
]
BLOCKERS = [normalize_for_match(r["phrase_ar"]) for r in BLOCKER_ROWS]


def _forms(phrase: str) -> list[str]:
    """The matching keys of a normalised phrase with every proclitic on its first word."""
    first, *rest = phrase.split()
    return [" ".join([form, *rest]) for form in clitic_forms(first)]


def _contains(phrase: str, needle: str) -> bool:
    """Whether a normalised phrase contains the normalised needle as whole words."""
    words, target = phrase.split(), needle.split()
    first = clitic_forms(target[0])
    return any(
        words[i] in first and words[i + 1 : i + len(target)] == target[1:]
        for i in range(len(words) - len(target) + 1)
    )


def _index() -> dict[str, list[Alias] | None]:
    """Matching key → the aliases it names, or None for a blocker (bare words win)."""
    index: dict[str, list[Alias] | None] = {}
    prefix: dict[str, int] = {}
    spellings: list[tuple[str, Alias | None]] = [(a.key, a) for a in ALIASES]
    spellings += [(b, None) for b in BLOCKERS]
    for phrase, alias in spellings:
        bare = phrase.split()[0]
        for key in _forms(phrase):
            extra = len(key.split()[0]) - len(bare)
            if key in prefix and prefix[key] < extra:
                continue
            if key not in prefix or prefix[key] > extra:
                prefix[key], index[key] = extra, []
            entries = index[key]
            if alias is None:
                index[key] = None
            elif entries is not None:
                entries.append(alias)
    return index


INDEX = _index()
LONGEST = max(len(k.split()) for k in INDEX)


def resolve(text: str, day: dt.date) -> list[str]:
    """Actor ids named in `text` on `day`, left to right (the longest phrase wins)."""
    words = normalize_for_match(text).split()
    found: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(LONGEST, len(words) - i), 0, -1):
            key = " ".join(words[i : i + size])
            if key in INDEX:
                entries = INDEX[key] or []
                found += [a.actor_id for a in entries if a.valid_on(day)]
                i += size
                break
        else:
            i += 1
    return found


def test_columns_are_exact() -> None:
    assert ACTOR_HEADER == COLUMNS
    assert BLOCKER_HEADER == ["phrase_ar", "note"]
    assert all(None not in row for row in ACTOR_ROWS + BLOCKER_ROWS)  # no extra cells


def test_every_vocabulary_actor_is_present() -> None:
    ids = {a.actor_id for a in ALIASES}
    assert ids >= VOCABULARY, VOCABULARY - ids
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in ids)


def test_one_type_and_canonical_name_per_actor() -> None:
    canon: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for r in ACTOR_ROWS:
        canon[r["actor_id"]].add((r["actor_type"], r["name_en"], r["name_ar"]))
    for actor_id, names in canon.items():
        assert len(names) == 1, (actor_id, names)
        actor_type, name_en, name_ar = next(iter(names))
        assert actor_type in ACTOR_TYPES, actor_id
        assert name_en.strip() and name_ar.strip(), actor_id
        # The canonical Arabic name is itself one of the actor's aliases.
        keys = {a.key for a in ALIASES if a.actor_id == actor_id}
        assert normalize_for_match(name_ar) in keys, actor_id


def test_dates_weights_and_aliases_are_well_formed() -> None:
    seen = set()
    for r in ACTOR_ROWS:
        where = (r["actor_id"], r["alias_ar"])
        for value in (r["valid_from"], r["valid_to"]):
            assert not value or _ISO_DAY.fullmatch(value), where
        start, end = _date(r["valid_from"]), _date(r["valid_to"])
        assert start is None or end is None or start <= end, where
        assert 0.0 <= float(r["weight"]) <= 1.0, where
        alias = r["alias_ar"]
        assert alias == alias.strip() and normalize_for_match(alias), where
        assert not re.search(r"[A-Za-z]", alias), where
        row_key = (r["actor_id"], normalize_for_match(alias), start, end)
        assert row_key not in seen, where
        seen.add(row_key)


def test_date_windows_of_one_alias_do_not_overlap() -> None:
    """On any day an alias names at most one actor of a type: `الرئيس السوري` one president."""
    by_key: dict[str, list[Alias]] = defaultdict(list)
    for a in ALIASES:
        by_key[a.key].append(a)
    for key, rows in by_key.items():
        for x, y in itertools.combinations(rows, 2):
            if x.overlaps(y):
                assert x.actor_type != y.actor_type, (key, x.actor_id, y.actor_id)
                # Two actors at once only for a title that names a person and the body they
                # lead or represent (`الأمين العام لجامعة الدول العربية`), or a group named
                # with the state that backs it (`الفصائل المدعومة من تركيا`).
                types = {x.actor_type, y.actor_type}
                person_and_body = (x.actor_type == "person") != (y.actor_type == "person")
                assert person_and_body or types == {"armed_group", "state"}, key


def test_transitional_authorities_start_after_the_fall() -> None:
    for a in ALIASES:
        if a.actor_id == "syrian_gov_transitional":
            assert a.valid_from is not None and a.valid_from >= FIRST_TRANSITIONAL_DAY, a.alias


@pytest.mark.parametrize("alias", GOVERNMENT_WORDS)
def test_government_words_switch_on_the_fall(alias: str) -> None:
    rows = [a for a in ALIASES if a.key == normalize_for_match(alias)]
    assert {a.actor_id for a in rows if a.valid_on(LAST_ASSAD_DAY)} == {"syrian_gov_assad"}
    on_next_day = {a.actor_id for a in rows if a.valid_on(FIRST_TRANSITIONAL_DAY)}
    assert on_next_day == {"syrian_gov_transitional"}
    assert resolve(f"أعلنت {alias} اليوم", LAST_ASSAD_DAY) == ["syrian_gov_assad"]
    assert resolve(f"و{alias}", FIRST_TRANSITIONAL_DAY) == ["syrian_gov_transitional"]


@pytest.mark.parametrize(
    ("alias", "day", "expected"),
    [
        ("الرئيس السوري", dt.date(1995, 5, 1), ["hafez_al_assad"]),
        ("الرئيس السوري", dt.date(2011, 3, 15), ["bashar_al_assad"]),
        ("الرئيس السوري", LAST_ASSAD_DAY, ["bashar_al_assad"]),
        ("الرئيس السوري", dt.date(2025, 1, 1), []),  # between the fall and the presidency
        ("الرئيس السوري", dt.date(2025, 1, 29), ["ahmed_al_sharaa"]),
        ("وزير الخارجية السوري", dt.date(2015, 9, 30), ["walid_al_muallem"]),
        ("وزير الخارجية السوري", dt.date(2023, 5, 1), ["faisal_mekdad"]),
        ("وزير الخارجية السوري", dt.date(2025, 4, 1), ["asaad_al_shaibani"]),
        ("الرئيس الأميركي", dt.date(2019, 6, 1), ["donald_trump"]),
        ("الرئيس الأمريكي", dt.date(2023, 6, 1), ["usa"]),
        ("الرئيس الأميركي", dt.date(2025, 6, 1), ["donald_trump"]),
        ("الرئيس التركي", dt.date(2012, 6, 1), ["turkey"]),
        ("رئيس الوزراء التركي", dt.date(2012, 6, 1), ["recep_tayyip_erdogan"]),
        ("الرئيس التركي", dt.date(2019, 10, 9), ["recep_tayyip_erdogan"]),
        ("الرئيس الروسي", dt.date(2010, 1, 1), ["russia"]),
        ("الرئيس الروسي", dt.date(2015, 9, 30), ["vladimir_putin"]),
        ("رئيس الوزراء الإسرائيلي", dt.date(2022, 1, 1), ["israel"]),
        ("رئيس الوزراء الإسرائيلي", dt.date(2024, 1, 1), ["benjamin_netanyahu"]),
    ],
)
def test_titles_name_the_holder_of_the_day(alias: str, day: dt.date, expected: list[str]) -> None:
    assert resolve(alias, day) == expected


def test_no_alias_or_blocker_hides_a_governorate() -> None:
    """A governorate inside an actor phrase would be consumed by it and lost as a place."""
    governorates = [normalize_for_match(g) for g in GOVERNORATES]
    for phrase in [a.key for a in ALIASES] + BLOCKERS:
        for g in governorates:
            assert g not in _forms(phrase), phrase
            assert not _contains(phrase, g), (phrase, g)


def test_every_blocker_contains_an_alias_and_is_not_one() -> None:
    keys = {a.key for a in ALIASES}
    assert len(BLOCKERS) >= 25
    assert len(BLOCKERS) == len(set(BLOCKERS))
    for blocker in BLOCKERS:
        assert blocker not in keys, blocker
        assert any(_contains(blocker, k) for k in keys), blocker


DAY_2023 = dt.date(2023, 5, 4)
DAY_2025 = dt.date(2025, 3, 7)


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        ("استحوذت أسهم الطاقة على حصة الأسد من التداولات", DAY_2023, []),
        ("وقّع رئيسي والأسد اتفاقاً «استراتيجياً» طويل الأمد", DAY_2023, ["bashar_al_assad"]),
        (
            "تحت سيطرة قوات الرئيس السوري بشار الأسد",
            dt.date(2024, 11, 28),
            ["syrian_gov_assad", "bashar_al_assad"],
        ),  # his forces: both
        ("فرّ الرئيس السوري المخلوع بشار الأسد إلى موسكو", DAY_2025, ["bashar_al_assad", "russia"]),
        ("حاكمت سويسرا رفعت الأسد عم الرئيس", DAY_2023, []),
        ("فاز الفيلم بجائزة الأسد الذهبي في مهرجان البندقية", DAY_2023, []),
        ("التقى الرئيس الشرع وفداً أميركياً", DAY_2025, ["ahmed_al_sharaa"]),
        ("لا يجوز ذلك في الشرع الإسلامي", DAY_2025, []),
        ("قال الشرع إن دمشق لن توقع", dt.date(2005, 6, 1), []),  # Farouk al-Sharaa's years
        (
            "أعلن أبو محمد الجولاني فك الارتباط وحل جبهة النصرة",
            dt.date(2016, 7, 28),
            ["ahmed_al_sharaa", "hts"],
        ),
        ("قصفت إسرائيل مواقع في مرتفعات الجولان", DAY_2023, ["israel"]),
        ("شنت كتائب حزب الله هجوماً على قاعدة أميركية", DAY_2023, ["usa"]),  # not Hezbollah
        (
            "اشتبك مقاتلو «حزب الله» مع فصائل المعارضة",
            dt.date(2013, 6, 1),
            ["hezbollah", "syrian_opposition"],
        ),
        ("ذكرت صحيفة «واشنطن بوست» أن واشنطن تدرس سحب قواتها", DAY_2025, ["usa"]),
        ("سيطرت قوات النظام السوري على المدينة", dt.date(2018, 7, 1), ["syrian_gov_assad"]),
        ("وثقت التقارير انتهاكات قوات النظام في صيدنايا", DAY_2025, ["syrian_gov_assad"]),
        ("قمعت قوات النظام الإيراني الاحتجاجات", dt.date(2022, 10, 1), ["iran"]),
        (
            "انتشرت قوات الأمن العام لملاحقة فلول النظام",
            DAY_2025,
            ["syrian_gov_transitional", "syrian_gov_assad"],
        ),
        ("أصدرت الحكومة السورية المؤقتة بياناً", dt.date(2020, 1, 1), ["syrian_opposition"]),
        ("أعلن المبعوث الأممي إلى اليمن هانس غروندبرغ", DAY_2023, ["un"]),  # not the Syria envoy
        ("قالت الجامعة العربية المفتوحة", DAY_2023, []),
        ("أعلنت «قسد» ووحدات حماية الشعب", DAY_2023, ["sdf", "ypg"]),
        ("هاجم تنظيم «داعش» حاجزاً لقوات سوريا الديمقراطية", DAY_2023, ["isis", "sdf"]),
        ("قال الرئيس السوري", dt.date(2025, 1, 10), []),
    ],
)
def test_real_sentences(text: str, day: dt.date, expected: list[str]) -> None:
    assert resolve(text, day) == expected


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        (
            "أكد الأمين العام لجامعة الدول العربية أحمد أبو الغيط",
            DAY_2023,
            {"arab_league", "ahmed_aboul_gheit"},
        ),
        ("قال المبعوث الأممي الخاص إلى سوريا غير بيدرسن", DAY_2023, {"un", "geir_pedersen"}),
        ("قال المبعوث الأممي الخاص إلى سوريا", dt.date(2016, 2, 1), {"un"}),  # de Mistura
        ("قال رئيس الحكومة الإسرائيلية", dt.date(2022, 1, 1), {"israel"}),
        ("قال رئيس الحكومة الإسرائيلية", dt.date(2024, 1, 1), {"israel", "benjamin_netanyahu"}),
    ],
)
def test_titles_name_the_person_and_the_body(text: str, day: dt.date, expected: set[str]) -> None:
    assert set(resolve(text, day)) == expected


def test_unnamed_sources_are_in_the_agency_table() -> None:
    _, rows = _read("agencies.csv")
    assert {r["source_id"] for r in rows} >= UNNAMED_SOURCES


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وفقاً لمصادر محلية، فإن زيارة الوفد", ["local_sources"]),
        ("وقال مصدر عسكري إن المسلحين تقدموا", ["military_source"]),
        ("وقالت مصادر أمنية تركية اليوم", ["security_source"]),
        ("أفاد مصدر طبي بمقتل ثلاثة", ["medical_source"]),
        ("نقلت وكالة «سانا» عن مصدر رسمي", ["sana", "official_source"]),
        ("قال مسؤول طلب عدم الكشف عن اسمه", ["official_source"]),
        ("وذكرت مصادر دبلوماسية غربية", ["diplomatic_source"]),
        ("قال ناشطون في المدينة", ["activists"]),
        ("بحسب شهود عيان", ["eyewitnesses"]),
        ("وأكدت مصادر في المعارضة", ["opposition_sources"]),
        ("ذكرت وكالة الأنباء السورية الرسمية", ["sana"]),
        ("أفادت وكالة رويترز", ["reuters"]),
    ],
)
def test_unnamed_sources_are_found(text: str, expected: list[str]) -> None:
    assert find_agencies(text) == expected


def test_relevance_words_are_neither_actors_nor_sources() -> None:
    """The actors once listed in syria_terms.csv live here now; that list keeps only words."""
    _, terms = _read("syria_terms.csv")
    aliases = {a.key for a in ALIASES}
    assert [t["term_ar"] for t in terms if normalize_for_match(t["term_ar"]) in aliases] == []


NATIONALITY_HEADER, NATIONALITY_ROWS = _read("nationalities.csv")
OFFICE_HEADER, OFFICE_ROWS = _read("offices.csv")
PARENT_HEADER, PARENT_ROWS = _read("actor_parents.csv")
TYPES = {a.actor_id: a.actor_type for a in ALIASES}


def test_nationalities_name_states_and_switch_on_the_fall() -> None:
    assert NATIONALITY_HEADER == [
        "adjective_ar", "country_code", "actor_id", "valid_from", "valid_to", "weight", "note",
    ]  # fmt: skip
    for r in NATIONALITY_ROWS:
        assert re.fullmatch(r"[A-Z]{2}", r["country_code"]), r
        assert not r["actor_id"] or TYPES.get(r["actor_id"]) == "state", r
        assert r["adjective_ar"].startswith("ال"), r  # the definite form follows an office
    syrian = [r for r in NATIONALITY_ROWS if r["adjective_ar"] == "السوري"]
    on = {
        day: {r["actor_id"] for r in syrian if _window(r).valid_on(day)}
        for day in (LAST_ASSAD_DAY, FIRST_TRANSITIONAL_DAY)
    }
    assert on == {
        LAST_ASSAD_DAY: {"syrian_gov_assad"},
        FIRST_TRANSITIONAL_DAY: {"syrian_gov_transitional"},
    }
    # Every adjective has its masculine and feminine form (`التركي`, `التركية`).
    adjectives = {r["adjective_ar"] for r in NATIONALITY_ROWS}
    for adjective in adjectives:
        other = adjective[:-1] if adjective.endswith("ة") else adjective + "ة"
        assert other in adjectives, adjective


def test_offices_are_well_formed() -> None:
    assert OFFICE_HEADER == ["office_ar", "kind", "gender", "note"]
    offices = [normalize_for_match(r["office_ar"]) for r in OFFICE_ROWS]
    assert len(offices) == len(set(offices))
    assert {r["kind"] for r in OFFICE_ROWS} == {"title", "body", "not_state"}
    assert {r["gender"] for r in OFFICE_ROWS} == {"m", "f"}
    governorates = [normalize_for_match(g) for g in GOVERNORATES]
    for office in offices:
        assert not any(_contains(office, g) for g in governorates), office


def test_actor_parents_link_known_actors() -> None:
    assert PARENT_HEADER == [
        "actor_id", "parent_id", "when", "valid_from", "valid_to", "weight", "note",
    ]  # fmt: skip
    for r in PARENT_ROWS:
        assert r["actor_id"] in TYPES and r["parent_id"] in TYPES, r
        assert r["when"] in ("always", "title"), r
        # A title names the state a person serves; a unit always names its state.
        assert (TYPES[r["actor_id"]] == "person") == (r["when"] == "title"), r
        window = _window(r)
        assert (
            window.valid_from is None
            or window.valid_to is None
            or (window.valid_from <= window.valid_to)
        ), r
        if r["parent_id"] == "syrian_gov_transitional":
            assert window.valid_from is not None and window.valid_from >= FIRST_TRANSITIONAL_DAY


def _window(row: dict[str, str]) -> Alias:
    """A row's validity dates as an `Alias` (for `valid_on`)."""
    return Alias("", "", "", "", _date(row["valid_from"]), _date(row["valid_to"]))
