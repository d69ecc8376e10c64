"""A generated corpus of aawsat.com articles in the current layout, made on the fly.

Contract:
- Article `i` of a corpus (0 <= i < size <= 100,000) has nid `6_000_000 + i` and the path
  `/العالم-العربي/المشرق-العربي/{nid}-{slug}`; its content is a pure function of
  `(seed, i, revision)`. Nothing is stored: a page costs O(1) memory and about a millisecond.
- Pages are rendered by the fixture site's own templates (`tests/site/build.py`,
  `article_current`), so `sources.aawsat.parse_article` reads them like the committed pages:
  byline and date in the three places the fixture uses (top, split, bottom), both date
  forms (`نُشر: …` and the print line with the issue number; Hijri by hijridate), optional
  lead image with a credit, subheadline, JSON-LD, a `اقرأ أيضاً` box or a tweet inside the
  body, related cards pointing at fixture articles, and one body in `<br>` form now and then.
- Text: a generated lead paragraph (place, weekday, event), then sentences of the seed pages
  (the two real aawsat.com articles kept verbatim in `tests/site/aawsat_pages.py`) with the
  seed's town and governorate replaced by the article's. Places are Syrian governorates and
  towns; dates are spread over 2019-2025 (Saudi time, as the site prints them); authors are
  invented names or the desk `«الشرق الأوسط»`, with datelines.
- `revision` r > 0 replaces the last body paragraph by an update paragraph naming r, so each
  revision has a different body (and a different ETag); headline, path and dates stay.
- Sitemaps: `sitemap(k)` is the k-th `<urlset>` of at most 1,000 URLs, each with `<lastmod>`.

`make_article(seed, nid, revision, headline=...)` builds any article of the same family
(the fault pages of `localsite.faults` use it with fixed headlines).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import random
import re
from pathlib import Path
from typing import Any

from localsite.fixture import SITE_ROOT, templates, templates_digest

NID_BASE = 6_000_000
MAX_SIZE = 100_000
PER_SITEMAP = 1_000
SECTION = "العالم العربي"
SUBSECTION = "المشرق العربي"
ARTICLE_PREFIX = "/العالم-العربي/المشرق-العربي/"
DESK = "«الشرق الأوسط»"

# (town, governorate): every name is in transforms/data/syria_terms.csv.
PLACES: tuple[tuple[str, str], ...] = (
    ("جاسم", "درعا"), ("طفس", "درعا"), ("الصنمين", "درعا"), ("نوى", "درعا"),
    ("إنخل", "درعا"), ("بصرى الشام", "درعا"), ("المزيريب", "درعا"),
    ("منبج", "حلب"), ("عفرين", "حلب"), ("أعزاز", "حلب"), ("جرابلس", "حلب"),
    ("تل رفعت", "حلب"), ("الأتارب", "حلب"), ("دارة عزة", "حلب"), ("دير حافر", "حلب"),
    ("معرة النعمان", "إدلب"), ("خان شيخون", "إدلب"), ("سراقب", "إدلب"),
    ("جسر الشغور", "إدلب"), ("سرمدا", "إدلب"), ("كفرنبل", "إدلب"), ("سلقين", "إدلب"),
    ("الرستن", "حمص"), ("تلكلخ", "حمص"), ("تلبيسة", "حمص"), ("القريتين", "حمص"),
    ("مصياف", "حماة"), ("محردة", "حماة"), ("السقيلبية", "حماة"), ("مورك", "حماة"),
    ("اللطامنة", "حماة"), ("كفرزيتا", "حماة"),
    ("القرداحة", "اللاذقية"), ("صلنفة", "اللاذقية"), ("جبلة", "اللاذقية"),
    ("صافيتا", "طرطوس"), ("الدريكيش", "طرطوس"), ("بانياس", "طرطوس"),
    ("القامشلي", "الحسكة"), ("عامودا", "الحسكة"), ("الدرباسية", "الحسكة"),
    ("الشدادي", "الحسكة"), ("تل تمر", "الحسكة"),
    ("البوكمال", "دير الزور"), ("الميادين", "دير الزور"), ("الباغوز", "دير الزور"),
    ("العشارة", "دير الزور"), ("تل أبيض", "الرقة"), ("عين عيسى", "الرقة"),
    ("صلخد", "السويداء"), ("شهبا", "السويداء"), ("خان أرنبة", "القنيطرة"),
    ("دوما", "ريف دمشق"), ("حرستا", "ريف دمشق"), ("داريا", "ريف دمشق"),
    ("الزبداني", "ريف دمشق"), ("مضايا", "ريف دمشق"), ("يبرود", "ريف دمشق"),
    ("النبك", "ريف دمشق"), ("جرمانا", "ريف دمشق"),
)  # fmt: skip
# Where a local correspondent files from, per governorate.
GOVERNORATE_DATELINE = {
    "درعا": "درعا", "حلب": "حلب", "إدلب": "إدلب", "حمص": "حمص", "حماة": "حماة",
    "اللاذقية": "اللاذقية", "طرطوس": "طرطوس", "الحسكة": "القامشلي", "دير الزور": "دير الزور",
    "الرقة": "الرقة", "السويداء": "السويداء", "القنيطرة": "القنيطرة", "ريف دمشق": "دمشق",
}  # fmt: skip
REMOTE_DATELINES = ("دمشق", "بيروت", "لندن", "عمّان", "أنقرة", "إسطنبول")
# Invented correspondents (name, taxonomy term id of their author page).
AUTHORS = (
    ("سامر الحلبي", 30101), ("ليلى العمر", 30102), ("عمر الخطيب", 30103),
    ("هبة الأحمد", 30104), ("محمد الشيخ", 30105), ("رنا العلي", 30106),
    ("خالد الدرويش", 30107), ("نور الحسن", 30108), ("يوسف القاسم", 30109),
    ("مها السعدي", 30110),
)  # fmt: skip
HEADLINES = (
    "وفد أمني يزور {town} في محافظة {gov} وسط استنفار عسكري",
    "قصف مدفعي يستهدف أطراف {town} في محافظة {gov}",
    "تسويات جديدة في {town} بعد اجتماعات مع اللجنة الأمنية",
    "مقتل مدنيين في غارة بطائرة مسيّرة على {town}",
    "احتجاجات في {town} للمطالبة بتحسين الخدمات",
    "تعزيزات عسكرية تصل إلى محيط {town} في محافظة {gov}",
    "اغتيال قيادي محلي في {town} بمحافظة {gov}",
    "عودة عائلات نازحة إلى {town} بعد سنوات من التهجير",
    "انقطاع الكهرباء والمياه عن {town} يفاقم معاناة السكان",
    "مفاوضات بين وجهاء {town} وضباط النظام في {gov}",
    "حملة اعتقالات في {town} تطال شباناً مطلوبين للخدمة العسكرية",
    "دوريات روسية في {town} بعد توتر أمني في محافظة {gov}",
    "اشتباكات عنيفة في {town} بين فصائل محلية وقوات النظام",
    "ارتفاع أسعار الخبز والمحروقات في {town} يثير غضب الأهالي",
)
SUBHEADLINES = (
    "مصادر محلية: الأوضاع في {town} تتجه نحو مزيد من التصعيد",
    "الأهالي يطالبون بضمانات قبل أي اتفاق جديد في محافظة {gov}",
    "اللجنة الأمنية تمهل الوجهاء أياماً للرد على مطالبها",
)
LEADS = (
    "شهدت {town} في محافظة {gov}، {when}، {event}، وفقاً لمصادر محلية تحدثت إلى «الشرق الأوسط».",
    "قالت مصادر محلية في {town} بمحافظة {gov} إن المدينة شهدت {when} {event}، "
    "وسط مخاوف من تصعيد جديد.",
    "أفاد ناشطون في {town}، {when}، بأن المنطقة شهدت {event}، في وقت تعيش فيه محافظة {gov} "
    "حالة من التوتر.",
)
EVENTS = (
    "استنفاراً أمنياً لقوات النظام السوري",
    "قصفاً مدفعياً على أطرافها الشرقية",
    "اجتماعاً تفاوضياً بين الوجهاء وضباط من النظام",
    "انتشاراً لدوريات عسكرية في الشوارع الرئيسية",
    "احتجاجات شعبية أمام مبنى البلدية",
    "حملة دهم واعتقالات في الأحياء الغربية",
)
UPDATES = (
    "الهدوء عاد إلى الشوارع الرئيسية بعد انسحاب الدوريات",
    "الاجتماع التفاوضي أُجّل إلى الأسبوع المقبل",
    "عدد المعتقلين ارتفع بعد حملة دهم جديدة",
    "الطريق الرئيسي أُعيد فتحه أمام حركة المدنيين",
)
CAPTIONS = (
    "عناصر من قوات النظام السوري عند حاجز في {town}",
    "دخان يتصاعد من أطراف {town} بعد القصف",
    "سكان في أحد شوارع {town} بمحافظة {gov}",
    "آليات عسكرية على الطريق إلى {town}",
)
CREDITS = ("أ.ف.ب", "رويترز", "أ.ب", "إ.ب.أ", "أرشيفية - أ.ف.ب")
# Fixture articles that exist on the site: targets of related cards and boxes.
RELATED_NIDS = (3807486, 5087364, 4307641, 4312077, 4310286, 3383751, 3467011)
WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
FIRST_DAY = dt.date(2019, 1, 1)
DAYS = (dt.date(2025, 12, 31) - FIRST_DAY).days + 1
SEED_TOWN, SEED_GOVERNORATE = "جاسم", "درعا"
_SENTENCE_END = re.compile(r"(?<=[.!؟])\s+(?=\S)")


@functools.cache
def seed_sentences(root: Path = SITE_ROOT) -> tuple[str, ...]:
    """The sentences of the two seed pages, in page order."""
    data = templates(root).data
    paragraphs = [*data.SEED_JASEM_PARAGRAPHS, *data.SEED_AIRSTRIKES_PARAGRAPHS]
    return tuple(s.strip() for p in paragraphs for s in _SENTENCE_END.split(p) if s.strip())


def make_article(
    seed: int,
    nid: int,
    revision: int = 0,
    *,
    headline: str | None = None,
    root: Path = SITE_ROOT,
) -> dict[str, Any]:
    """The article dict (the form of `tests/site/aawsat_pages.py`) of one generated page."""
    article = article_head(seed, nid, headline=headline)
    article.update(_body(seed, nid, revision, article, root))
    return article


def article_head(seed: int, nid: int, *, headline: str | None = None) -> dict[str, Any]:
    """Everything of a generated article but its body: enough for its path and sitemap entry."""
    rng = random.Random(f"localsite:{seed}:{nid}:head")
    town, gov = rng.choice(PLACES)
    day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
    clock = dt.time(rng.randrange(6, 24), rng.randrange(60))
    date_form = "print" if rng.random() < 0.3 else "published"
    meta = rng.choice(("top", "split", "bottom"))
    published = day.isoformat() if date_form == "print" else f"{day.isoformat()}T{clock:%H:%M}"
    updated = None
    if meta == "bottom" and date_form == "published" and rng.random() < 0.5:
        later = dt.datetime.combine(day, clock) + dt.timedelta(minutes=rng.randrange(20, 600))
        updated = f"{later:%Y-%m-%dT%H:%M}"
    local = rng.random() < 0.6
    dateline = GOVERNORATE_DATELINE[gov] if local else rng.choice(REMOTE_DATELINES)
    if rng.random() < 0.6:
        author, term = rng.choice(AUTHORS)
        byline = rng.choice((f"{dateline}: {author}", f"{author} ({dateline})"))
    else:
        author, term = DESK, None
        byline = rng.choice((f"{dateline}: {DESK}", f"{dateline} - {DESK}", f"{DESK} ({dateline})"))
    image = None
    if rng.random() < 0.6:
        image = {
            "file": f"{day:%Y-%m}/{nid}.jpeg.webp",
            "caption": rng.choice(CAPTIONS).format(town=town, gov=gov),
            "credit": rng.choice(CREDITS),
        }
    subheadline = None
    if rng.random() < 0.15:
        subheadline = rng.choice(SUBHEADLINES).format(town=town, gov=gov)
    related = sorted(rng.sample(RELATED_NIDS, rng.randrange(2, 5))) if rng.random() < 0.6 else []
    return {
        "key": f"generated-{nid}",
        "nid": nid,
        "layout": "current",
        "article_type": "news",
        "section": SECTION,
        "subsection": SUBSECTION,
        "kicker": SECTION,
        "headline": headline or rng.choice(HEADLINES).format(town=town, gov=gov),
        "subheadline": subheadline,
        "byline": byline,
        "author": author,
        "author_term": term,
        "dateline": dateline,
        "published": published,
        "updated": updated,
        "date_form": date_form,
        "meta": meta,
        "json_ld": rng.random() < 0.5,
        "image": image,
        "tags": list(dict.fromkeys(["سوريا", gov, town])),
        "related": related,
        "is_syria": True,
        "town": town,
        "governorate": gov,
    }


def _body(seed: int, nid: int, revision: int, head: dict[str, Any], root: Path) -> dict[str, Any]:
    """Paragraphs, boxes and body markup of a generated article (revision r changes the last)."""
    rng = random.Random(f"localsite:{seed}:{nid}:body")
    town, gov = head["town"], head["governorate"]
    day = dt.date.fromisoformat(head["published"][:10])
    relative = rng.choice((("صباح أمس", -1), ("مساء أمس", -1), ("اليوم", 0)))
    weekday = WEEKDAYS[(day + dt.timedelta(days=relative[1])).weekday()]
    lead = rng.choice(LEADS).format(
        town=town, gov=gov, when=f"{relative[0]} ({weekday})", event=rng.choice(EVENTS)
    )
    pool = seed_sentences(root)
    picks = rng.sample(range(len(pool)), min(len(pool), rng.randrange(4, 14)))
    paragraphs = [lead]
    while picks:
        n = rng.randrange(1, 4)
        take, picks = picks[:n], picks[n:]
        paragraphs.append(" ".join(localise(pool[k], town, gov) for k in sorted(take)))
    if revision > 0:
        update = random.Random(f"localsite:{seed}:{nid}:rev{revision}").choice(UPDATES)
        paragraphs[-1] = (
            f"وفي تحديث لاحق، أفادت مصادر محلية في {town} بأن {update}، "
            f"بحسب التحديث رقم {revision} لهذا الخبر."
        )
    boxes: dict[int, tuple[str, int | None]] = {}
    markup = "br" if rng.random() < 0.1 else "p"
    if markup == "p" and len(paragraphs) > 2:
        roll = rng.random()
        if roll < 0.2:
            boxes[1] = ("read_also", rng.choice(RELATED_NIDS))
        elif roll < 0.3:
            boxes[2] = ("tweet", None)
    return {"paragraphs": paragraphs, "boxes": boxes, "body_markup": markup}


def localise(sentence: str, town: str, gov: str) -> str:
    """A seed sentence moved to the article's town and governorate."""
    region = "دمشق" if gov == "ريف دمشق" else gov
    return sentence.replace(SEED_TOWN, town).replace(SEED_GOVERNORATE, region)


def article_path(head: dict[str, Any], root: Path = SITE_ROOT) -> str:
    """The decoded path of a generated article."""
    return f"{ARTICLE_PREFIX}{head['nid']}-{templates(root).slugify(head['headline'])}"


def render(article: dict[str, Any], root: Path = SITE_ROOT) -> bytes:
    """The article's page, UTF-8, exactly as the fixture site prints a current-layout page."""
    return str(templates(root).article_current(article)).encode("utf-8")


def lastmod(head: dict[str, Any], root: Path = SITE_ROOT) -> str:
    """The sitemap `<lastmod>` of an article: its update time, else its publication time."""
    return str(templates(root).lastmod(head))


def modified_at(head: dict[str, Any], root: Path = SITE_ROOT) -> float:
    """The article's last modification as a POSIX timestamp (for `Last-Modified`)."""
    return float(templates(root).local_dt(head["updated"] or head["published"]).timestamp())


def sitemap_urlset(heads: list[dict[str, Any]], root: Path = SITE_ROOT) -> bytes:
    """A `<urlset>` of the given articles, in the fixture's sitemap format."""
    build = templates(root)
    entries = [(build.absolute(article_path(h, root)), lastmod(h, root), h) for h in heads]
    return str(build.sitemap_urlset(entries)).encode("utf-8")


class Corpus:
    """`size` generated articles (nids 6,000,000 + i) drawn from `seed`."""

    def __init__(self, size: int, seed: int = 0, root: Path = SITE_ROOT) -> None:
        if not 0 <= size <= MAX_SIZE:
            raise ValueError(f"corpus size must be within 0..{MAX_SIZE}, not {size}")
        self.size = size
        self.seed = seed
        self.root = root
        self._version = templates_digest(root)
        self._sitemap_lastmods: dict[int, str] = {}

    def nid(self, i: int) -> int:
        """The nid of article i."""
        return NID_BASE + i

    def index(self, nid: int) -> int | None:
        """The index of a nid in this corpus, or None."""
        i = nid - NID_BASE
        return i if 0 <= i < self.size else None

    def head(self, i: int) -> dict[str, Any]:
        """Article i without its body (path, dates, byline, image)."""
        return article_head(self.seed, self.nid(i))

    def article(self, i: int, revision: int = 0) -> dict[str, Any]:
        """Article i as a dict in the form of `tests/site/aawsat_pages.py`."""
        return make_article(self.seed, self.nid(i), revision, root=self.root)

    def path(self, i: int) -> str:
        """The decoded URL path of article i."""
        return article_path(self.head(i), self.root)

    def url(self, i: int) -> str:
        """The public URL of article i (percent-encoded, as the sitemap prints it)."""
        return str(templates(self.root).absolute(self.path(i)))

    def page(self, i: int, revision: int = 0) -> bytes:
        """The HTML page of article i."""
        return render(self.article(i, revision), self.root)

    def etag(self, i: int, revision: int = 0) -> str:
        """A strong validator for article i at a revision (cheap: no rendering)."""
        return etag_for(self._version, self.seed, self.nid(i), revision)

    def modified_at(self, i: int) -> float:
        """Article i's last modification time (POSIX seconds)."""
        return modified_at(self.head(i), self.root)

    @property
    def sitemap_pages(self) -> int:
        """How many sub-sitemaps list the corpus."""
        return -(-self.size // PER_SITEMAP)

    def sitemap(self, k: int) -> bytes:
        """The k-th sub-sitemap (0-based): articles k*1000 … k*1000+999 with `<lastmod>`."""
        if not 0 <= k < self.sitemap_pages:
            raise IndexError(k)
        stop = min(self.size, (k + 1) * PER_SITEMAP)
        return sitemap_urlset([self.head(i) for i in range(k * PER_SITEMAP, stop)], self.root)

    def sitemap_lastmod(self, k: int) -> str:
        """The newest `<lastmod>` of the k-th sub-sitemap (memoised: one string per page)."""
        known = self._sitemap_lastmods.get(k)
        if known is None:
            stop = min(self.size, (k + 1) * PER_SITEMAP)
            known = max(lastmod(self.head(i), self.root) for i in range(k * PER_SITEMAP, stop))
            self._sitemap_lastmods[k] = known
        return known


def etag_for(version: str, seed: int, nid: int, revision: int) -> str:
    """The ETag of a generated page: templates, seed, nid and revision determine its bytes."""
    digest = hashlib.sha1(f"{version}:{seed}:{nid}:{revision}".encode()).hexdigest()
    return f'"g{digest[:16]}"'
