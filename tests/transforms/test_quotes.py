"""Direct quotations and their speakers, on real aawsat text and on made-up news sentences."""

from __future__ import annotations

import csv
import dataclasses
import io
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms import quotes as quotes_module
from transforms.arabic import normalize_for_match
from transforms.quotes import Quote, find_quotes

# Every paragraph of `../shared/seed/aawsat_syria_pages.txt` (real aawsat text) that contains
# a guillemet, verbatim and in order (repeated paragraphs once), joined as in the seed.
SEED_PARAGRAPHS = (
    "النظام السوري يصرّ على «إخراج داعش» من مدينة بريف درعا",
    (
        "شهدت مدينة جاسم في ريف درعا الشمالي، صباح أمس (الأربعاء)، استنفاراً أمنياً لقوات النظام "
        "السوري تزامناً مع وصول وفد أمني من ضباط من النظام، بينهم رئيس جهاز فرع الأمن العسكري في "
        "جنوب سوريا العميد لؤي العلي، وسط تمسك بمطلب «إخراج داعش» من هذه المدينة."
    ),
    (
        "وكانت قوات النظام استقدمت مؤخراً تعزيزات عسكرية إلى جاسم وأطرافها، مطالبة بإخراج "
        "المطلوبين منها والذين تتهمهم بالانتماء إلى تنظيم «داعش» وتنفيذ هجمات ضد نقاط وحواجز "
        "الجيش السوري في المنطقة، أو القيام بعمليات عسكرية في المدينة لإخراجهم."
    ),
    (
        "وعُقد أمس اجتماع تفاوضي بين ضباط النظام السوري ووجهاء ومفاوضين من مدينة جاسم في المركز "
        "الثقافي الذي تحول بعد التسويات في عام 2018، نقطة عسكرية تابعة للأجهزة الأمنية. واعتبر "
        "القادة المحليون والشخصيات المدنية الذين رفضوا الدعوة التي وجهتها إليهم اللجنة الأمنية "
        "التابعة للنظام السوري في درعا لعقد اجتماع في درعا المحطة لبحث تطورات المدينة، أن مطلب "
        "خروج عناصر «داعش» من مدينة جاسم، ما هي إلا مزاعم لتنفيذ عملية عسكرية تستهدف المعارضين. "
        "وطالبوا في المقابل بأن يكون الاجتماع التفاوضي في مدينة جاسم حصراً، ووقف إرسال تعزيزات "
        "عسكرية إلى المدينة التي كانت شهدت دخول قوات عسكرية للنظام في الأيام القليلة الماضية "
        "وتعزيزها حواجز ونقاط عسكرية من الجهات الغربية والشمالية والجنوبية، وذلك في وقت تعيش "
        "المدينة ومحيطها حالة انفلات أمني كبقية مناطق محافظة درعا، وعمليات قتل واغتيالات طالت "
        "معارضين سابقين وآخرين من قوات النظام."
    ),
    (
        "وذكّرت المصادر بأن مدينة جاسم بريف محافظة درعا الشمالي شهدت منتصف مارس (آذار) الماضي "
        "2022، اشتباكات عنيفة استخدمت فيها أسلحة خفيفة ومتوسطة، بعد أن اقتحمت دورية أمنية من قوات "
        "النظام أحد الأبنية بحثاً عن مطلوبين، وهم مقاتلون محليون خضعوا لتسويات عدة رفضوا عقبها "
        "الانخراط ضمن تشكيلات عسكرية تابعة للنظام السوري. وهؤلاء متهمون من قِبل النظام السوري "
        "بتنفيذ هجمات على حواجز ومراكز تابعة له؛ مما أدى إلى اندلاع اشتباكات أدت حينها إلى مقتل "
        "عناصر من النظام واحتجاز عدد من العناصر المقتحمة، ومقتل مدني وإصابة آخرين نتيجة الرصاص "
        "الطائش، في الحي الغربي من المدينة، ومقتل أحد المطلوبين الذي يتحدر من مناطق حوض اليرموك "
        "التي كان يسيطر عليها تنظيم «داعش» سابقاً (2016 – 2018). وقد تلت هذه الاشتباكات مفاوضات "
        "مع النظام طالَب فيها وجهاء مدينة جاسم بخروج جميع المطلوبين الغريبين عن المدينة."
    ),
    (
        "قال الأمين العام لجامعة الدول العربية أحمد أبو الغيط، إنَّه «لا يعلم ما إذا كانت سوريا "
        "ستعود إلى الجامعة العربية أم لا»، وإنَّه «لم يتسلَّم بصفته أميناً عاماً للجامعة أي "
        "خطابات تفيد بعقد اجتماع استثنائي لمناقشة الأمر»."
    ),
    "«الشرق الأوسط» (القاهرة)",
    (
        "استهلَّ الرئيس الإيراني إبراهيم رئيسي، أمس، زيارة لدمشق تدوم يومين بالإشادة بما وصفه "
        "«الانتصارات الكبيرة» التي حقَّقها حكم الرئيس بشار الأسد ضد معارضيه. وفي خطوة تكرّس "
        "التحالف التقليدي بين البلدين، وقّع رئيسي والأسد اتفاقاً «استراتيجياً» طويل الأمد. وزيارة "
        "رئيسي للعاصمة السورية هي الأولى لرئيس إيراني منذ عام 2010، عندما زارها الرئيس الأسبق "
        "محمود أحمدي نجاد، قبل شهور من بدء احتجاجات شعبية ضد النظام. وقال رئيسي، خلال محادثات "
        "موسَّعة مع الأسد، إنَّه يبارك «الانتصارات الكبيرة التي حققتموها (سوريا) حكومة وشعباً»، "
        "مضيفاً: «حقَّقتم الانتصار رغم التهديدات والعقوبات التي فرضت ضدكم»."
    ),
    "«الشرق الأوسط» (دمشق)",
    "العالم العربي أنقرة تستبق «رباعي موسكو» بمطالبة دمشق بموقف واضح تجاه قضايا التطبيع",
    "أنقرة تستبق «رباعي موسكو» بمطالبة دمشق بموقف واضح تجاه قضايا التطبيع",
    (
        "استبقت تركيا انعقاد الاجتماع الرباعي لوزراء خارجيتها وروسيا وإيران وسوريا في موسكو في 10 "
        "مايو (أيار) الحالي في إطار تطبيع مسار العلاقات مع دمشق، بمطالبتها نظام الرئيس بشار الأسد "
        "بإعلان موقف واضح من حزب «العمال الكردستاني» والتنظيمات التابعة له والعودة الطوعية "
        "للاجئين والمضي في العملية السياسية."
    ),
    (
        "أجرت اللجنة الأمنية التابعة للنظام السوري في محافظة درعا (جنوب سوريا) اجتماعات عدة خلال "
        "الأيام القليلة الماضية، آخرها أول من أمس (الأربعاء)، في مقر الفرقة التاسعة العسكرية "
        "بمدينة الصنمين بريف درعا الشمالي، حضرها وجهاء ومخاتير ومفاوضون من المناطق الخاضعة لاتفاق "
        "التسوية سابقاً وقادة من اللواء الثامن المدعوم من قاعدة حميميم الأميركية. مصدر مقرب من "
        "لجان التفاوض بريف درعا الغربي قال لـ«الشرق الأوسط»: «قبل أيام دعت اللجنة الأمنية التابعة "
        "للنظام السوري في محافظة درعا، ممثلةً بمسؤول جهاز الأمن العسكري في درعا، العميد لؤي "
        "العلي، ومحافظ درعا، لؤي خريطة، ومسؤول اللجنة الأمنية في درعا، اللواء مفيد حسن، عد"
    ),
    (
        "أجرى وزير الخارجية المصري سامح شكري اتصالات هاتفية مع نظرائه في 6 دول عربية؛ للإعداد "
        "للاجتماع الاستثنائي لوزراء الخارجية العرب بشأن سوريا والسودان، المقرر عقده، يوم الأحد "
        "المقبل. وقال المتحدث الرسمي باسم وزارة الخارجية المصرية، السفير أحمد أبو زيد، في إفادة "
        "رسمية، الخميس، إن شكري أجرى اتصالات هاتفية، على مدار يومي الأربعاء والخميس، مع كل من "
        "وزير خارجية السودان علي الصادق، ووزير خارجية السعودية فيصل بن فرحان، ووزير خارجية العراق "
        "فؤاد محمد حسين، ووزير خارجية الجزائر أحمد عطاف، ووزير خارجية الأردن أيمن الصفدي، ووزير "
        "خارجية جيبوتي محمود علي يوسف. وأضاف أن «الاتصالات مع الوزراء العرب تأتي في إطار ا"
    ),
    (
        "ووفقاً لـ«رويترز»، شن تحالف من فصائل مسلحة بقيادة هيئة تحرير الشام هجوماً، أمس "
        "(الأربعاء)، اجتاح خلاله 10 بلدات وقرى تحت سيطرة قوات الرئيس السوري بشار الأسد في محافظة "
        "حلب، شمال غربي البلاد."
    ),
    (
        "وفي أول بيان له، منذ بدء الحملة المفاجئة قال الجيش السوري: «تصدَّت قواتنا المسلحة للهجوم "
        "الإرهابي الذي ما زال مستمراً حتى الآن، وكبَّدت التنظيمات الإرهابية المهاجمة خسائر فادحة "
        "في العتاد والأرواح»."
    ),
    (
        "وأضاف الجيش أنه يتعاون مع روسيا و«قوات صديقة» لم يسمِّها، لاستعادة الأرض وإعادة الوضع "
        "إلى ما كان عليه."
    ),
    (
        "وقال مصدر عسكري إن المسلحين تقدموا، وأصبحوا على مسافة 10 كيلومترات تقريباً من مشارف "
        "مدينة حلب، وعلى بُعد بضعة كيلومترات من بلدتَي نبل والزهراء الشيعيتين اللتين بهما حضور "
        "قوي لجماعة «حزب الله» اللبنانية المدعومة من إيران."
    ),
)

SEED = "\n\n".join(SEED_PARAGRAPHS)

ABUL_GHEIT = "الأمين العام لجامعة الدول العربية أحمد أبو الغيط"


def _check_offsets(text: str, quotes: list[Quote]) -> None:
    """Every quote is the slice of the text at its offsets."""
    for q in quotes:
        assert text[q.start : q.end] == q.quote


def _by_start(text: str, fragment: str) -> Quote:
    """The quote of `text` that starts with `fragment`."""
    found = [q for q in find_quotes(text) if q.quote.startswith(fragment)]
    assert len(found) == 1, find_quotes(text)
    return found[0]


# --- the seed ---------------------------------------------------------------------------------


def test_seed_has_exactly_five_quotes_with_their_speakers_and_verbs() -> None:
    quotes = find_quotes(SEED)
    _check_offsets(SEED, quotes)
    assert [(q.quote.split()[0], q.speaker, q.verb) for q in quotes] == [
        ("لا", ABUL_GHEIT, "قال"),
        ("لم", ABUL_GHEIT, "قال"),
        ("الانتصارات", "رئيسي", "وقال"),
        ("حقَّقتم", "رئيسي", "مضيفاً"),
        ("تصدَّت", "الجيش السوري", "قال"),
    ]


def test_seed_quotes_are_the_full_spans() -> None:
    quotes = find_quotes(SEED)
    assert quotes[0].quote == "لا يعلم ما إذا كانت سوريا ستعود إلى الجامعة العربية أم لا"
    assert quotes[2].quote == "الانتصارات الكبيرة التي حققتموها (سوريا) حكومة وشعباً"
    assert quotes[4].quote.endswith("خسائر فادحة في العتاد والأرواح")
    assert SEED[quotes[0].start - 1] == "«" and SEED[quotes[0].end] == "»"


def test_seed_names_and_titles_in_guillemets_are_not_quotes() -> None:
    quoted = {q.quote for q in find_quotes(SEED)}
    names = [
        "إخراج داعش",
        "داعش",
        "الشرق الأوسط",
        "رويترز",
        "قوات صديقة",
        "حزب الله",
        "رباعي موسكو",
        "العمال الكردستاني",
        "استراتيجياً",
        "الانتصارات الكبيرة",
    ]
    for name in names:
        assert f"«{name}»" in SEED
        assert name not in quoted


def test_seed_truncated_quotes_are_not_quotes() -> None:
    texts = [q.quote for q in find_quotes(SEED)]
    assert not any(t.startswith(("قبل أيام", "الاتصالات مع الوزراء")) for t in texts)


# --- names, titles and scare quotes -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "تبنى تنظيم «داعش» الهجوم على الحاجز.",
        "وقال مسؤول لـ«رويترز» إن الهجوم وقع فجراً.",
        "أطلقت تركيا عملية «نبع السلام» في أكتوبر 2019.",
        "وسط تمسك بمطلب «إخراج داعش» من هذه المدينة.",
        "تسيطر «قسد» على معظم مناطق شرق الفرات.",
        "شنت الفصائل بقيادة «هيئة تحرير الشام» هجوماً واسعاً.",
        "ووقّع رئيسي والأسد اتفاقاً «استراتيجياً» طويل الأمد.",
        "قال مسؤول كردي إن «قسد» انسحبت من المنطقة.",
        "«الشرق الأوسط» (القاهرة)",
        "دمشق: «الشرق الأوسط»",
        "رفع المتظاهرون شعار «الشعب يريد إسقاط النظام» في الساحة.",
        "صدر بيان «المرصد السوري لحقوق الإنسان» مساء أمس.",
        "ونقلت صحيفة «الوطن» السورية عن مصدر أن الطريق مغلق.",
        "ووقع الجانبان مذكرة «التعاون الاستراتيجي الشامل طويل الأمد» في دمشق.",
        "وأضاف الجيش أنه يتعاون مع روسيا و«قوات صديقة» لم يسمِّها.",
    ],
)
def test_names_titles_and_scare_quotes_are_not_quotes(text: str) -> None:
    assert find_quotes(text) == []


@pytest.mark.parametrize(
    ("name_word", "text"),
    [
        ("شعار ", "ورفع المحتجون شعار «لن نسكت عن الظلم بعد اليوم»، وقال أحدهم إن الحراك مستمر."),
        ("عملية ", "وأعلنت الفصائل إطلاق عملية «فجر الحرية لتحرير المدن والقرى التي لم تحرر بعد»."),
    ],
)
def test_a_name_word_before_a_long_clause_makes_it_a_title(name_word: str, text: str) -> None:
    assert find_quotes(text) == []
    [q] = find_quotes(text.replace(name_word, ""))  # the same words alone are speech
    assert q.quote.startswith(("لن نسكت", "فجر الحرية"))


# --- speaker before the quote -----------------------------------------------------------------


def test_speaker_and_verb_before_the_quote_with_inna() -> None:
    text = (
        "قال الأمين العام لجامعة الدول العربية أحمد أبو الغيط، إنَّه «لا يعلم ما إذا كانت "
        "سوريا ستعود إلى الجامعة العربية أم لا»."
    )
    [q] = find_quotes(text)
    assert (q.speaker, q.verb) == (ABUL_GHEIT, "قال")


def test_statement_phrase_is_dropped_from_the_speaker() -> None:
    text = "وقال المرصد السوري في بيان: «قتل خمسة مدنيين في قصف على ريف إدلب»."
    [q] = find_quotes(text)
    assert (q.speaker, q.verb) == ("المرصد السوري", "وقال")
    assert q.quote == "قتل خمسة مدنيين في قصف على ريف إدلب"


def test_interview_phrase_with_outlet_is_dropped_from_the_speaker() -> None:
    text = "وقال مصدر أمني في تصريح لـ«الشرق الأوسط»: «الوضع تحت السيطرة حتى الآن»."
    [q] = find_quotes(text)
    assert (q.speaker, q.verb, q.quote) == ("مصدر أمني", "وقال", "الوضع تحت السيطرة حتى الآن")


def test_diacritics_in_verb_and_complementizer() -> None:
    text = "قالَ الرئيسُ إنَّه «لا يريد الحرب مع أحد»."
    [q] = find_quotes(text)
    assert (q.speaker, q.verb) == ("الرئيسُ", "قالَ")


def test_outlet_between_verb_and_speaker_is_skipped() -> None:
    text = "وقال لـ«الشرق الأوسط» مصدر أمني إن «الوضع تحت السيطرة تماماً»."
    [q] = find_quotes(text)
    assert (q.speaker, q.verb) == ("مصدر أمني", "وقال")


def test_name_in_guillemets_inside_the_speaker_is_kept() -> None:
    text = "قال قائد في «الجيش الوطني» إن «المعركة ستستمر حتى تحرير كل القرى»."
    [q] = find_quotes(text)
    assert q.speaker == "قائد في «الجيش الوطني»"
    assert q.quote == "المعركة ستستمر حتى تحرير كل القرى"


def test_time_words_end_the_speaker() -> None:
    text = "وقالت مصادر أمنية تركية اليوم (الخميس) إن «قوات للمعارضة شنت عملية محدودة في إدلب»."
    [q] = find_quotes(text)
    assert (q.speaker, q.verb) == ("مصادر أمنية تركية", "وقالت")


def test_subject_before_the_verb() -> None:
    text = (
        "المرصد السوري لحقوق الإنسان قال إن «عشرات المقاتلين قتلوا في الاشتباكات». "
        "مصدر مقرب من لجان التفاوض قال لـ«الشرق الأوسط»: «الاجتماع انتهى دون اتفاق»."
    )
    quotes = find_quotes(text)
    assert [(q.speaker, q.verb) for q in quotes] == [
        ("المرصد السوري لحقوق الإنسان", "قال"),
        ("مصدر مقرب من لجان التفاوض", "قال"),
    ]


def test_verb_after_adam_is_a_noun() -> None:
    text = (
        "وأضاف المسؤول، الذي طلب عدم ذكر اسمه، أن كثيراً من العائدين يصطدمون بواقع صعب، "
        "إذ «دُمّرت منازل كثيرة أو باتت غير صالحة للسكن»."
    )
    [q] = find_quotes(text)
    assert (q.speaker, q.verb) == ("المسؤول", "وأضاف")


def test_present_tense_verb_with_a_fragment_quote() -> None:
    text = "ويقول مسؤولون في قطاع النقل إنها «بداية لعودة الحركة الجوية إلى طبيعتها»."
    [q] = find_quotes(text)
    assert (q.speaker, q.verb) == ("مسؤولون في قطاع النقل", "ويقول")


# --- speaker after the quote ------------------------------------------------------------------


def test_speaker_after_the_quote() -> None:
    text = "«لن نسمح بعودة الإرهاب إلى المنطقة»، قال مسؤول محلي."
    [q] = find_quotes(text)
    assert (q.quote, q.speaker, q.verb) == (
        "لن نسمح بعودة الإرهاب إلى المنطقة",
        "مسؤول محلي",
        "قال",
    )


def test_speaker_after_the_quote_with_according_to() -> None:
    text = "«الطريق الدولي مغلق منذ ثلاثة أيام»، بحسب ما قال سائق شاحنة."
    [q] = find_quotes(text)
    assert (q.speaker, q.verb) == ("سائق شاحنة", "قال")


# --- continuation and pronoun subjects --------------------------------------------------------


def test_wa_adaf_continues_the_previous_speaker() -> None:
    text = (
        "وقال المرصد السوري في بيان: «قتل خمسة مدنيين في قصف».\nوأضاف: «الوضع خطير جداً في المنطقة»."
    )
    first, second = find_quotes(text)
    assert (first.speaker, first.verb) == ("المرصد السوري", "وقال")
    assert (second.speaker, second.verb) == ("المرصد السوري", "وأضاف")


def test_wa_adaf_after_reported_speech_continues_its_speaker() -> None:
    text = (
        "وقال المتحدث باسم وزارة الخارجية المصرية إن شكري أجرى اتصالات هاتفية مع نظرائه. "
        "وأضاف أن «الاتصالات مع الوزراء العرب تأتي في إطار التشاور»."
    )
    [q] = find_quotes(text)
    assert (q.speaker, q.verb) == ("المتحدث باسم وزارة الخارجية المصرية", "وأضاف")


def test_participle_continues_the_speaker_of_the_sentence() -> None:
    text = (
        "ودعت منظمات بيئية إلى إنشاء خطوط نار دائمة داخل الغابات، مؤكدة أن خسارة الغطاء "
        "الحرجي في الساحل «تتسارع عاماً بعد عام»."
    )
    [q] = find_quotes(text)
    assert (q.speaker, q.verb) == ("منظمات بيئية", "مؤكدة")


def test_preposition_after_the_verb_is_not_a_speaker() -> None:
    text = (
        "وقال مسؤول في الدفاع المدني إن فرقه «سجلت عشرات الحوادث منذ مطلع العام»، "
        "لكنه أشار إلى أن «حجم المشكلة يفوق الإمكانات المتاحة بكثير»."
    )
    first, second = find_quotes(text)
    assert first.speaker == "مسؤول في الدفاع المدني"
    assert (second.speaker, second.verb) == ("مسؤول في الدفاع المدني", "أشار")


def test_pronoun_subject_without_previous_speaker_is_none() -> None:
    text = "وقالت إن «الوضع الإنساني يزداد سوءاً يوماً بعد يوم»."
    [q] = find_quotes(text)
    assert (q.speaker, q.verb) == (None, "وقالت")


def test_pronoun_subject_takes_the_previous_speaker() -> None:
    text = (
        "وقال وزير الخارجية أسعد الشيباني إن «سوريا لن تكون منصة لتهديد أحد». "
        "وقالت إن «الوضع الإنساني يزداد سوءاً يوماً بعد يوم»."
    )
    quotes = find_quotes(text)
    assert [q.speaker for q in quotes] == ["وزير الخارجية أسعد الشيباني"] * 2
    assert quotes[1].verb == "وقالت"


def test_second_complement_wa_innahu_has_the_same_speaker_and_verb() -> None:
    text = (
        "قال الأمين العام لجامعة الدول العربية أحمد أبو الغيط، إنَّه «لا يعلم ما إذا كانت "
        "سوريا ستعود إلى الجامعة العربية أم لا»، وإنَّه «لم يتسلَّم أي خطابات»."
    )
    first, second = find_quotes(text)
    assert second.quote == "لم يتسلَّم أي خطابات"
    assert (second.speaker, second.verb) == (first.speaker, first.verb) == (ABUL_GHEIT, "قال")


def test_participle_with_colon_continues_the_speaker() -> None:
    text = (
        "وقال رئيسي إنَّه يبارك «الانتصارات الكبيرة التي حققتموها حكومة وشعباً»، "
        "مضيفاً: «حقَّقتم الانتصار رغم التهديدات»."
    )
    first, second = find_quotes(text)
    assert (first.speaker, first.verb) == ("رئيسي", "وقال")
    assert (second.speaker, second.verb) == ("رئيسي", "مضيفاً")


# --- spans: length, marks, nesting, offsets ---------------------------------------------------


def test_short_quote_after_colon_is_speech() -> None:
    text = "سئل الوزير عن الانسحاب، وأضاف: «لا»."
    [q] = find_quotes(text)
    assert (q.quote, q.verb) == ("لا", "وأضاف")


def test_long_quote_without_speaker() -> None:
    text = "«لن نسمح بعودة الإرهاب إلى المنطقة ولا بعودة الميليشيات»"
    [q] = find_quotes(text)
    assert (q.quote, q.speaker, q.verb) == (text[1:-1], None, None)


def test_four_words_without_reporting_verb_are_a_name() -> None:
    assert find_quotes("وصلت قافلة «الهلال الأحمر العربي السوري» إلى المدينة.") == []


def test_nested_guillemets_stay_inside_the_quote() -> None:
    text = "وقال: «قال لي الضابط «لا تعد» ثم غادر»."
    [q] = find_quotes(text)
    assert q.quote == "قال لي الضابط «لا تعد» ثم غادر"
    _check_offsets(text, [q])


def test_straight_quotes() -> None:
    text = 'قال مسؤول إن "الهجوم كان متوقعاً منذ أيام طويلة".'
    [q] = find_quotes(text)
    assert (q.quote, q.speaker, q.verb) == ("الهجوم كان متوقعاً منذ أيام طويلة", "مسؤول", "قال")
    _check_offsets(text, [q])


def test_curly_quotes() -> None:
    text = "قال مسؤول إن “الهجوم كان متوقعاً منذ أيام طويلة”."
    [q] = find_quotes(text)
    assert (q.quote, q.speaker) == ("الهجوم كان متوقعاً منذ أيام طويلة", "مسؤول")


def test_quote_spanning_a_comma() -> None:
    text = "وقال المتحدث: «نحن هنا، ولن نغادر أرضنا أبداً»."
    [q] = find_quotes(text)
    assert q.quote == "نحن هنا، ولن نغادر أرضنا أبداً"
    assert q.speaker == "المتحدث"


def test_spaces_inside_the_guillemets_are_trimmed_and_offsets_exact() -> None:
    text = "قال مسؤول إن «  الهجوم كان متوقعاً منذ أيام طويلة  »."
    [q] = find_quotes(text)
    assert q.quote == "الهجوم كان متوقعاً منذ أيام طويلة"
    assert text[q.start : q.end] == q.quote


def test_unclosed_guillemet_is_no_quote() -> None:
    assert find_quotes("وقال: «هذا أمر غير مقبول ولن نسكت عنه") == []
    assert find_quotes("قال «") == []
    assert find_quotes("«") == []


def test_unclosed_outer_guillemet_leaves_the_inner_name_alone() -> None:
    assert find_quotes("قال المصدر لـ«الشرق الأوسط»: «قبل أيام دعت «اللجنة الأمنية» عد") == []


def test_a_quote_does_not_cross_a_line_break() -> None:
    text = "وقال: «هذا أمر غير مقبول\nولن نسكت عنه أبداً في المستقبل»."
    assert find_quotes(text) == []


def test_empty_and_quote_free_texts() -> None:
    assert find_quotes("") == []
    assert find_quotes("«»") == []
    assert find_quotes("قال المرصد السوري إن عشرة مدنيين قتلوا.") == []


def test_quote_is_frozen() -> None:
    [q] = find_quotes("«لن نسمح بعودة الإرهاب إلى المنطقة ولا بعودة الميليشيات»")
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.speaker = "x"  # type: ignore[misc]


# --- dictionaries -----------------------------------------------------------------------------


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("transforms.data").joinpath(name).read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_reporting_verbs_csv_has_the_news_verbs_without_proclitics() -> None:
    rows = _rows("reporting_verbs.csv")
    assert list(rows[0]) == ["verb_ar", "note"]
    keys = [normalize_for_match(r["verb_ar"]) for r in rows]
    assert len(keys) == len(set(keys)), "duplicate verbs after normalisation"
    brief = "قال قالت يقول تقول أضاف أضافت تابع أكد أكدت يؤكد أعلن أعلنت اعتبر اعتبرت طالب طالبت"
    brief += " أوضح أوضحت صرّح شدد لفت أشار ذكر ذكرت رأى كتب غرّد تساءل حذر دعا"
    for verb in brief.split():
        assert normalize_for_match(verb) in keys, verb
    assert not any(k.startswith("و") and k[1:] in keys for k in keys)  # و/ف are code, not rows
    assert "نقل" not in keys  # نقل عن is attribution, not a quote


def test_not_quotes_csv_has_the_name_words_of_the_brief() -> None:
    rows = _rows("not_quotes.csv")
    assert list(rows[0]) == ["word_ar", "role", "note"]
    roles = {r["role"] for r in rows}
    assert roles <= {
        "name_before", "speaker_end", "complementizer", "not_subject_start", "speech_cue",
        "verb_blocker", "after_quote_lead",
    }  # fmt: skip
    names = {normalize_for_match(r["word_ar"]) for r in rows if r["role"] == "name_before"}
    brief = "ل وكالة صحيفة قناة تنظيم عملية حركة هيئة فصيل موقع مطلب شعار"
    for word in brief.split(" "):
        assert normalize_for_match(word) in names, word


# --- properties -------------------------------------------------------------------------------

_PIECES = [*'قال إنه وأضاف: «»“”"،.؟\n ', "قال ", "إن ", "وأضاف", "المرصد السوري", "لـ", "ـ"]
_ALPHABET = st.sampled_from([*_PIECES, "\u064b", "\u064e\u0651", "\u200f", "a", "(", ")"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_never_raises_and_offsets_are_valid(text: str) -> None:
    quotes = find_quotes(text)
    last_end = -1
    for q in quotes:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.quote
        assert q.quote.strip() == q.quote != ""
        assert q.start > last_end  # in order, never overlapping
        last_end = q.end
        if q.speaker is not None:
            assert q.speaker in text
        if q.verb is not None:
            assert q.verb in text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_on_any_text(text: str) -> None:
    for q in find_quotes(text):
        assert text[q.start : q.end] == q.quote


# --- the pre-filter: short spans that nothing introduces are names, without splitting words ----

SHORT_SPEECH = [  # up to 3 words: each introduced in a way `_may_be_introduced` must let through
    ("سئل الوزير عن الانسحاب، وأضاف: « لا ».", "لا", "وأضاف"),  # colon, spaces inside
    ("سئل الوزير عن الانسحاب، وأضاف:«لا».", "لا", "وأضاف"),  # colon, no spaces
    ("قالت الوزارة إن «الوضع خطير».", "الوضع خطير", "قالت"),  # إن right before
    ("وقال المتحدث إنّ « الوضع خطير » .", "الوضع خطير", "وقال"),  # إنّ with shadda, spaces
    ("«الوضع هادئ»، قال مسؤول محلي.", "الوضع هادئ", "قال"),  # the verb after the span
    ("«الوضع هادئ»، بحسب ما قال المصدر.", "الوضع هادئ", "قال"),  # a lead, then the verb
]


@pytest.mark.parametrize(("text", "quote", "verb"), SHORT_SPEECH)
def test_short_spans_introduced_by_a_verb_a_colon_or_inna_are_speech(
    text: str, quote: str, verb: str
) -> None:
    [q] = find_quotes(text)
    assert (q.quote, q.verb) == (quote, verb)
    _check_offsets(text, [q])


def test_a_short_span_continuing_a_quote_is_speech() -> None:
    text = "وقال المتحدث إن «الوضع خطير في المدينة»، وإنه «لا».\nوأضاف أن «الشرق الأوسط»."
    quotes = find_quotes(text)
    assert [q.quote for q in quotes] == ["الوضع خطير في المدينة", "لا", "الشرق الأوسط"]
    assert quotes[1].speaker == quotes[0].speaker == "المتحدث"


@pytest.mark.parametrize(
    "text",
    [
        "ووصل إلى المدينة وفد «الأمم المتحدة».",
        "بحسب مصادر «الشرق الأوسط».\nوأكد التقرير أن المدينة هادئة.",
        "وانسحب عناصر «داعش»، فيما بقيت «قسد».",
    ],
)
def test_short_names_at_the_end_of_a_clause_are_not_speech(text: str) -> None:
    assert find_quotes(text) == []


_INTRO = [
    *("قال", "وأضاف", "إن", "أن", "وإنه", "بحسب", "ما", "المتحدث", "مسؤول", "الشرق", "الأوسط"),
    *(" ", " ", "، ", ": ", ":", ". ", "\n", " «", "» ", "«", "»", "»، ", "».", "\u00a0", "\u200f"),
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_INTRO), max_size=24).map("".join))
def test_what_the_pre_filter_drops_is_never_speech(text: str) -> None:
    lex = quotes_module._lexicon()
    doc = quotes_module._Doc(text, lex, len(text))
    for o, c in quotes_module._pairs(text):
        if not quotes_module._may_be_speech(text, o, c) or not quotes_module._few_words(text, o, c):
            continue
        if not quotes_module._may_be_introduced(text, o, c, lex):
            assert quotes_module._quote_at(doc, o, c, quotes_module._State()) is None
