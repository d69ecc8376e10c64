"""Text dumps of aawsat pages → article records: the seed itself, full-page copies of the local
site against the HTML parser's golden records, and the variants real dumps come in."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from schemas.parsed import ParsedArticleModel
from sources.textdump import (
    DumpPart,
    DumpReadError,
    decode_dump,
    parse_text_dump,
    read_text_dump,
    title_id,
    title_key,
)
from transforms.arabic import normalize_for_match

DATA = Path(__file__).resolve().parents[1] / "data" / "textdump"
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "aawsat"
SEED = DATA / "aawsat_syria_pages.txt"

JASEM = "النظام السوري يصرّ على «إخراج داعش» من مدينة بريف درعا"
AIRSTRIKES = "طائرات سورية وروسية تقصف شمال غربي سوريا الخاضع لسيطرة المعارضة"
CAPTION = (
    "قوات جوية روسية وسورية تقصف مناطق خاضعة لسيطرة المعارضة في شمال غرب سوريا قرب الحدود مع تركيا"
)
RELATED_TITLES = [
    "أبو الغيط: لا أعلم إن كانت سوريا ستعود للجامعة",
    "سوريا وإيران: اتفاق استراتيجي طويل الأمد",
    "أنقرة تستبق «رباعي موسكو» بمطالبة دمشق بموقف واضح تجاه قضايا التطبيع",
    "درعا على موعد مع تسويات جديدة",
    "مشاورات مصرية مع 6 دول عربية بشأن سوريا والسودان",
]


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def seed_pages() -> tuple[str, str]:
    """The seed's two pages as two texts (page 1 with its related block)."""
    text = seed_text()
    cut = text.index(f"{AIRSTRIKES}\n\nTT")
    return text[:cut], text[cut:]


def articles(parts: list[DumpPart]) -> list[dict[str, Any]]:
    return [p.record for p in parts if p.record is not None]


def body_lines(text: str, first: str, last: str) -> str:
    """The lines of a page's body from the one starting with `first` to the one ending `last`."""
    start = text.index(first)
    end = text.index(last, start) + len(last)
    return text[start:end]


# --------------------------------------------------------------------------- the seed


def test_the_seed_gives_its_two_articles_with_their_exact_headlines() -> None:
    parts = read_text_dump(SEED).parts
    assert [p.reason for p in parts] == [None, None]
    jasem, airstrikes = articles(parts)
    assert (jasem["headline"], airstrikes["headline"]) == (JASEM, AIRSTRIKES)
    assert jasem["layout"] == airstrikes["layout"] == "text-dump"
    assert jasem["site"] == "aawsat"
    assert (parts[0].first_line, parts[0].last_line) == (1, 54)
    assert (parts[1].first_line, parts[1].last_line) == (56, 97)


def test_seed_bodies_run_from_their_first_to_their_last_paragraph_as_printed() -> None:
    jasem, airstrikes = articles(read_text_dump(SEED).parts)
    paragraphs = jasem["paragraphs"]
    assert isinstance(paragraphs, list)
    assert paragraphs[0] == (
        "شهدت مدينة جاسم في ريف درعا الشمالي، صباح أمس (الأربعاء)، استنفاراً أمنياً لقوات "
        "النظام السوري تزامناً مع وصول وفد أمني من ضباط من النظام، بينهم رئيس جهاز فرع الأمن "
        "العسكري في جنوب سوريا العميد لؤي العلي، وسط تمسك بمطلب «إخراج داعش» من هذه المدينة."
    )
    assert paragraphs[-1].startswith("وخضعت مدينة جاسم لاتفاقيات وتفاهمات عدة")
    assert paragraphs[-1].endswith("بضرورة تسليمه وفق عدد حددته حينها.")
    # Exactly the lines between the repeated headline and the related block, in order.
    text = seed_text()
    assert "\n".join(paragraphs) == body_lines(text, "شهدت مدينة جاسم", "عدد حددته حينها.")
    second = airstrikes["paragraphs"]
    assert isinstance(second, list)
    assert second[0].startswith("قال الجيش السوري ومصادر من قوات المعارضة إن قوات جوية")
    assert second[-1] == (
        "وتقول دمشق إنها تشن حرباً ضد مسلحين يستلهمون نهج تنظيم القاعدة، وتنفي استهداف "
        "المدنيين دون تمييز."
    )
    assert len(second) == 17


def test_seed_bodies_hold_no_furniture_related_text_or_caption() -> None:
    parts = read_text_dump(SEED).parts
    jasem, airstrikes = articles(parts)
    cards = parts[0].related
    furniture = {"TT", JASEM, AIRSTRIKES, "مقالات ذات صلة", *RELATED_TITLES}
    furniture |= {c.byline for c in cards if c.byline} | {c.kicker for c in cards if c.kicker}
    for record in (jasem, airstrikes):
        body = "\n".join(record["paragraphs"])
        for line in body.split("\n"):
            assert line not in furniture
        assert "مقالات ذات صلة" not in body
        assert all(c.teaser is None or c.teaser[:40] not in body for c in cards)
        assert CAPTION not in body
    assert airstrikes["image_caption"] == CAPTION
    assert airstrikes["image_credit"] == "أ.ب"
    assert jasem["image_caption"] is None


def test_seed_related_cards_keep_titles_kickers_and_bylines() -> None:
    parts = read_text_dump(SEED).parts
    cards = parts[0].related
    assert [c.title for c in cards] == RELATED_TITLES
    assert [c.kicker for c in cards] == [
        None, "شؤون إقليمية", "العالم العربي", "العالم العربي", "شمال افريقيا",
    ]  # fmt: skip
    assert [c.byline for c in cards] == [
        "«الشرق الأوسط» (القاهرة)", "«الشرق الأوسط» (دمشق)", "سعيد عبد الرازق (أنقرة)",
        "رياض الزين (درعا)", "«الشرق الأوسط» (القاهرة)",
    ]  # fmt: skip
    assert [(c.author, c.dateline) for c in cards][2] == ("سعيد عبد الرازق", "أنقرة")
    assert cards[3].teaser is not None and cards[3].teaser.endswith("اللواء مفيد حسن، عد")
    assert parts[0].record is not None
    assert parts[0].record["related_ids"] == [title_id(t) for t in RELATED_TITLES]
    assert parts[1].related == []


def test_ids_come_from_the_normalised_headline_and_urls_from_the_text() -> None:
    parts = read_text_dump(SEED).parts
    for part in parts:
        assert part.record is not None
        assert re.fullmatch(r"aawsat:text-[0-9a-f]{16}", part.record["article_id"])
        assert re.fullmatch(r"text-dump:aawsat/[0-9a-f]{16}", part.record["url"])
        assert title_key(part.record["headline"]) == normalize_for_match(part.record["headline"])
    # Diacritics, tatweel, hamza forms and spacing do not change the id; the words do.
    assert title_id("النظام السوري يصر على «إخراج داعش» من  مدينة بريف درعا") == title_id(JASEM)
    assert title_id("النظام السوري يصـرّ على إخراج داعش من مدينة بريف درعا") == title_id(JASEM)
    assert title_id("النظام السوري يصرّ على «إخراج داعش» من مدينة بريف حمص") != title_id(JASEM)


def test_seed_records_have_the_parsed_model_shape() -> None:
    import polars as pl

    from schemas.validate import polars_schema

    records = articles(read_text_dump(SEED).parts)
    frame = pl.DataFrame(records, schema=polars_schema(ParsedArticleModel))
    assert ParsedArticleModel.validate(frame).height == 2


# --------------------------------------------------------------------------- full copies


def golden(nid: str) -> dict[str, Any]:
    return next(
        g
        for g in (json.loads(p.read_text(encoding="utf-8")) for p in GOLDEN.glob("*.json"))
        if g["article_id"] == f"aawsat:{nid}"
    )


FIELDS = (
    "headline", "subheadline", "byline", "author", "dateline", "date_text", "section",
    "subsection", "article_type", "image_caption", "image_credit", "paragraphs",
)  # fmt: skip


@pytest.mark.parametrize("nid", ["3807486", "5087364", "3383751", "4312077"])
def test_a_full_page_copy_gives_the_html_parsers_record(nid: str) -> None:
    parts = read_text_dump(DATA / f"aawsat_full_copy_{nid}.txt").parts
    assert [p.reason for p in parts] == [None]  # navigation and footer are page chrome
    record, expected = parts[0].record, golden(nid)
    assert record is not None
    assert {f: record[f] for f in FIELDS} == {f: expected[f] for f in FIELDS}
    if nid != "3383751":  # legacy tags are printed on one line: `مواضيع A B C`
        assert record["tags"] == expected["tags"]
    # The read-also box and the embedded tweet of 5087364 are not body.
    body = "\n".join(record["paragraphs"])
    assert "اقرأ أيضاً" not in body and "t.co/" not in body and "(@aawsat_News)" not in body


def test_full_copies_back_to_back_are_split_at_each_page() -> None:
    names = ["3807486", "5087364", "3383751", "4312077"]
    text = "\n".join(
        (DATA / f"aawsat_full_copy_{n}.txt").read_text(encoding="utf-8") for n in names
    )
    parts = parse_text_dump(text)
    assert [p.reason for p in parts] == [None] * 4
    assert [p.headline for p in parts] == [golden(n)["headline"] for n in names]
    # The bottom byline and dates of 5087364 stay with it, not with the legacy page after it.
    assert parts[1].record is not None and parts[1].record["byline"] == "لندن - «الشرق الأوسط»"
    assert parts[2].record is not None
    assert parts[2].record["byline"] == "القاهرة: «الشرق الأوسط»"
    assert parts[1].last_line < parts[2].first_line


# --------------------------------------------------------------------------- variants

LINKS = "سوريا\nغزة\nلبنان\nالسودان\nالانتخابات الأميركية\nأسعار النفط\n"


def test_without_tt_the_repeated_headline_still_starts_the_page() -> None:
    plain = parse_text_dump(seed_text())
    no_tt = parse_text_dump(seed_text().replace("\nTT\n", "\n"))
    assert [p.headline for p in no_tt] == [JASEM, AIRSTRIKES]
    assert [p.record["paragraphs"] for p in no_tt if p.record] == [
        p.record["paragraphs"] for p in plain if p.record
    ]
    split_tt = parse_text_dump(seed_text().replace("\nTT\n", "\nT\nT\n"))
    assert [p.headline for p in split_tt] == [JASEM, AIRSTRIKES]


def test_windows_line_ends_and_a_bom_give_the_same_records_and_urls() -> None:
    plain = parse_text_dump(seed_text())
    data = b"\xef\xbb\xbf" + seed_text().replace("\n", "\r\n").encode("utf-8")
    text, encoding = decode_dump(data)
    windows = parse_text_dump(text)
    assert encoding == "utf-8"
    assert [p.record for p in windows] == [p.record for p in plain]
    assert [p.url for p in windows] == [p.url for p in plain]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (lambda t: t.encode("utf-16"), "utf-16"),
        (lambda t: t.encode("cp1256"), "cp1256"),
    ],
)
def test_utf16_and_windows_arabic_files_are_read(
    data: Callable[[str], bytes], encoding: str, tmp_path: Path
) -> None:
    path = tmp_path / "dump.txt"
    path.write_bytes(data(seed_text().replace("«", '"').replace("»", '"')))
    dump = read_text_dump(path)
    assert dump.encoding == encoding
    assert [p.headline for p in dump.parts] == [
        JASEM.replace("«", '"').replace("»", '"'),
        AIRSTRIKES,
    ]


def test_a_file_that_is_no_text_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01")
    with pytest.raises(DumpReadError, match=r"photo\.jpg"):
        read_text_dump(path)


def test_two_pages_back_to_back_in_either_order() -> None:
    first, second = seed_pages()
    parts = parse_text_dump(second + "\n" + first)
    assert [p.headline for p in parts] == [AIRSTRIKES, JASEM]
    assert [p.reason for p in parts] == [None, None]
    # Page 2 has no related block: its body ends where page 1 begins.
    airstrikes = parts[0].record
    assert airstrikes is not None
    assert airstrikes["paragraphs"][-1].startswith("وتقول دمشق إنها تشن حرباً")
    assert JASEM not in airstrikes["paragraphs"]


def test_a_date_line_before_or_after_the_headline_is_the_date_text() -> None:
    _, second = seed_pages()
    line = "نُشر: 15:20-28 نوفمبر 2024 م ـ 26 جمادى الأولى 1446 هـ"
    update = "آخر تحديث: 17:02-28 نوفمبر 2024 م ـ 26 جمادى الأولى 1446 هـ"
    before = parse_text_dump(f"{line}\n{second}")
    assert before[0].record is not None and before[0].record["date_text"] == line
    head, rest = second.split(f"TT\n\n{AIRSTRIKES}\n", 1)
    after = parse_text_dump(f"{head}TT\n\n{AIRSTRIKES}\nلندن - «الشرق الأوسط»\n{line}\n{rest}")
    record = after[0].record
    assert record is not None
    assert (record["date_text"], record["byline"], record["author"], record["dateline"]) == (
        line, "لندن - «الشرق الأوسط»", "«الشرق الأوسط»", "لندن",
    )  # fmt: skip
    assert record["image_caption"] == CAPTION
    bottom = parse_text_dump(f"{second}\nلندن - «الشرق الأوسط»\n{line}\n{update}\n")
    record = bottom[0].record
    assert record is not None and record["date_text"] == f"{line}\n{update}"
    assert record["paragraphs"][-1].endswith("دون تمييز.")


def test_a_legacy_page_starts_at_the_title_after_its_date_line() -> None:
    _, second = seed_pages()
    body = second.split(f"{AIRSTRIKES}\n\n", 2)[2]
    legacy = (
        "الخميس - 26 جمادى الأولى 1446 هـ - 28 نوفمبر 2024 مـ رقم العدد [16803]\n"
        f"{AIRSTRIKES}\nلندن: «الشرق الأوسط»\n{body}"
    )
    parts = parse_text_dump(legacy)
    assert [p.headline for p in parts] == [AIRSTRIKES]
    record = parts[0].record
    assert record is not None and record["byline"] == "لندن: «الشرق الأوسط»"
    assert record["date_text"].startswith("الخميس - 26 جمادى الأولى 1446")
    assert record["image_caption"] == CAPTION and len(record["paragraphs"]) == 17


def test_a_bare_list_of_links_between_pages_is_reported_not_dropped() -> None:
    first, second = seed_pages()
    parts = parse_text_dump(first + "\n" + LINKS + "\n" + second)
    assert [p.reason for p in parts] == [None, "not_article", None]
    links = parts[1]
    assert links.record is None and links.article_id is None
    assert links.detail is not None and "6 lines" in links.detail and "'سوريا'" in links.detail
    assert (links.first_line, links.last_line) == (57, 62)
    assert links.url.startswith("text-dump:aawsat/")


def test_a_list_of_links_after_a_body_is_not_body() -> None:
    _, second = seed_pages()
    parts = parse_text_dump(second + "\n\n" + LINKS)
    assert [p.reason for p in parts] == [None, "not_article"]
    assert parts[0].record is not None
    assert "سوريا" not in parts[0].record["paragraphs"]
    assert parts[0].last_line < parts[1].first_line


def test_a_dump_without_any_page_is_one_rejected_part() -> None:
    parts = parse_text_dump(LINKS)
    assert len(parts) == 1 and parts[0].reason == "not_article"
    assert parse_text_dump("") == [] and parse_text_dump("\n \r\n\t\n") == []


def test_a_headline_without_body_is_no_body() -> None:
    parts = parse_text_dump(
        "بالفيديو... فصائل المعارضة تقترب من الطريق الدولي بين حلب ودمشق\nTT\n"
        "بالفيديو... فصائل المعارضة تقترب من الطريق الدولي بين حلب ودمشق\n\nمقالات ذات صلة\n"
        f"{AIRSTRIKES}\n{AIRSTRIKES}\n"
        "قال الجيش السوري ومصادر من قوات المعارضة إن قوات جوية روسية وسورية قصفت مناطق خاضعة "
        "لسيطرة المعارضة، شمال غربي سوريا، قرب الحدود مع تركيا، اليوم (الخميس)\n"
        "«الشرق الأوسط» (لندن)\n"
    )
    assert [p.reason for p in parts] == ["no_body"]
    assert parts[0].article_id == title_id(
        "بالفيديو... فصائل المعارضة تقترب من الطريق الدولي بين حلب ودمشق"
    )


def test_a_caption_shown_twice_inside_the_body_is_not_body() -> None:
    _, second = seed_pages()
    caption = "سكان يتفقدون منازلهم المدمرة في حي الخالدية بحمص (أ.ف.ب)"
    marker = "\n\nكما هاجموا مطار النيرب"
    text = second.replace(marker, f"\n\n{caption}\n{caption}{marker}")
    record = parse_text_dump(text)[0].record
    assert record is not None
    assert caption not in record["paragraphs"]
    assert len(record["paragraphs"]) == 17
