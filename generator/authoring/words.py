"""What `timeline extract` knows of a language beyond CLDR's calendar data: the little words
around a date (a range's "bis", a month's "у", a year's "року", "la veille") and the words that
say what kind of event a sentence reports and whether it happened ("unterzeichnet", "a eu lieu",
"відбувся"). Each value is a regular expression, matched ignoring case.

Known: English, Ukrainian, German and French. An article in another language gets the dates
CLDR's names give (see dates_in_text.py), kinds guessed and no status: a word the tool does not
know never makes an event "happened".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Optional

_APOSTROPHE = "['\u2019\u02bc]"


@dataclass(frozen=True)
class Words:
    common: tuple[str, ...] = ()  # its most frequent words, to tell an article's language
    day_suffix: str = ""  # after a day's number: 1st, 1er, 1., 1-го
    year_suffix: str = ""  # after a year: 2015 року, 2015 р.
    range_opens: str = ""  # before a range of days: between, vom, du, з
    range_joins: str = ""  # between its ends (a dash always is)
    weekday_joins: str = ""  # between a weekday and its date: Montag, dem 10. Dezember
    before_month: str = ""  # a month (or a year) alone is a date after these: in March, im März
    before_year: str = ""  # a year alone is a date after these: since 2021, seit 2021, у 2021 році
    bare_year: str = ""  # what may follow a year with no word before it for it to be a date ("erhielt 2017 eine")
    years_open: str = ""  # before a range of years: between 2016 and 2017, in den Jahren 2016 und 2017
    extra_months: tuple[tuple[str, int], ...] = ()  # forms CLDR does not give: у червні
    extra_days: tuple[tuple[str, int], ...] = ()  # days from the article's own, beside CLDR's: вчора
    previous_day: str = ""  # the day before the last day the article named
    next_day: str = ""
    same_day: str = ""  # the last day named again: that same day
    days_later: str = ""  # N days after the last day named; (?P<n>) is the number, a digit or a word
    days_earlier: str = ""
    numbers: tuple[str, ...] = ()  # one to ten, each a regex of its forms
    today_needs: str = ""  # what must follow the word for today for it to be a day, not "nowadays"
    no_event: str = ""  # before a date that ends a state or gives a reference, not an event: until, as of
    this_year: str = ""  # after a date: the article's own year (in April this year)
    last_year: str = ""  # after a date: the year before the article's (у вересні минулого року)
    past_weekday: str = ""  # a weekday that is the last before the article; {wd} marks the name
    deadline: str = ""  # a time limit, not a date: by the end of the year
    future: str = ""  # the text only announces it
    reported: str = ""  # a verb of saying just before the date: the date is when it was said
    clause_opens: str = ""  # words that open a clause of its own (punctuation always does)
    kinds: tuple[tuple[str, str], ...] = ()  # (kind, words that name it), nearest the date wins
    happened: tuple[tuple[str, str, str], ...] = ()  # (kind, status, the past tense that says so)


ENGLISH = Words(
    common=("the", "and", "of", "to", "in", "is", "was", "that", "for", "on", "with", "said", "by"),
    day_suffix=r"(?:st|nd|rd|th)?", range_opens="between", range_joins="to|and|until|through",
    weekday_joins="the", before_month=r"in|since|during|until|till|by|from|of|before|after|early|late|mid-?",
    before_year=r"in|since|during|until|till|by|from|of|before|after|early|late|mid-?|on", years_open="between|from",
    previous_day=r"the\s+previous\s+day|the\s+day\s+before(?!\s+(?:the|a|an|his|her|its|their|this|that)\b)",
    next_day=r"the\s+(?:following|next)\s+day|the\s+day\s+after(?!\s+(?:the|a|an|his|her|its|their|this|that)\b)",
    same_day=r"(?:on\s+)?(?:that|the)\s+same\s+day", days_later=r"(?P<n>\w+)\s+days?\s+(?:later|afterwards)",
    days_earlier=r"(?P<n>\w+)\s+days?\s+(?:earlier|before)(?!\s+(?:the|a|an|his|her|its|their|this|that)\b)",
    numbers=("one|a", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    no_event=r"until|till|as\s+of", this_year=r"(?:of\s+)?this\s+year", last_year=r"(?:of\s+)?last\s+year",
    past_weekday=r"(?:on|last)\s+{wd}",
    deadline=r"by\s+the\s+end\s+of\s+(?:the\s+|this\s+)?year",
    future=r"will|would|shall|plans?\s+to|planned\s+to|expected\s+to|is\s+to|are\s+to|set\s+to|scheduled"
           r"|upcoming|to\s+be\s+held|due\s+to",
    reported=r"said|says|announced|declared|stated|told|reported",
    clause_opens=r"which|that|who|where|while|because|based\s+on",
    kinds=(("summit", r"summits?"), ("agreement", r"agreements?|deals?|treat(?:y|ies)|accords?|sign(?:s|ed|ing)?"),
           ("pledge", r"pledge[sd]?|promise[sd]?|vow(?:s|ed)?"), ("meeting", r"met|meets?|meetings?|talks"),
           ("announcement", r"said|says|announce[sd]?|statement|declared|told")),
    happened=(("summit", "held", r"held|took\s+place|convened|hosted"), ("meeting", "held", r"held|took\s+place|met"),
              ("agreement", "signed", r"signed"), ("agreement", "agreed", r"agreed|reached\s+an?\s+(?:agreement|deal)"),
              ("pledge", "made", r"pledged|made|promised"),
              ("announcement", "made", r"said|announced|declared|stated")),
)

UKRAINIAN = Words(
    common=("і", "й", "та", "що", "не", "на", "до", "за", "від", "як", "це", "його", "було", "про", "також", "які"),
    day_suffix=r"(?:-?го)?", year_suffix=r"(?:\s*(?:року|рік|році|р\.))?", range_opens=r"з|із|від|між",
    range_joins=r"по|до|і|та|й", years_open=r"з|із|між|від",
    before_month=r"у|в|з|із|до|від|наприкінці|на\s+початку|у\s+середині|в\s+середині",
    before_year=r"у|в|з|із|до|від|після|протягом|наприкінці|на\s+початку|за(?=\s+\d{4}\s*р)",
    extra_months=tuple((name, number) for number, name in enumerate(
        ("січні", "лютому", "березні", "квітні", "травні", "червні", "липні", "серпні", "вересні", "жовтні",
         "листопаді", "грудні"), start=1)),
    extra_days=(("вчора", -1),),
    # "напередодні" alone is the day before; "напередодні виборів" is the eve of something else
    previous_day=r"напередодні(?=\s*[,.;:)]|\s+(?:(?-i:[А-ЯІЇЄҐA-Z]{2,})\b|[а-яіїєґ'\u2019\u02bc]+(?:ла|ло|ли|ав|ив|ув|яв|вся|лася|лося|лися)\b))"
                 r"|днем\s+раніше|за\s+день\s+до\s+того",
    next_day=r"наступного\s+дня|наступний\s+день|на\s+наступний\s+день|днем\s+пізніше|наступного\s+ранку",
    same_day=r"того\s+ж\s+дня|того\s+самого\s+дня|в\s+той\s+же\s+день|цього\s+ж\s+дня",
    days_later=r"через\s+(?P<n>\w+)\s+(?:дні|днів|доби)", days_earlier=r"за\s+(?P<n>\w+)\s+(?:дні|днів)\s+до\s+того",
    numbers=("один|одну|одного", "два|дві|двох", "три|трьох", "чотири|чотирьох", "п[ʼ'\u2019]ять|п[ʼ'\u2019]яти",
             "шість|шести", "сім|семи", "вісім|восьми", "дев[ʼ'\u2019]ять|дев[ʼ'\u2019]яти",
             "десять|десяти"),
    today_needs=r"\s+(?:вранці|зранку|вдень|ввечері|уночі|о\s+\d)", no_event=r"до|по|станом\s+на",
    this_year=r"цього\s+року|поточного\s+року", last_year=r"минулого\s+року|торік",
    deadline=r"до\s+кінця\s+(?:цього\s+|поточного\s+)?року",
    future=r"буде|будуть|відбудеться|відбудуться|планує|планують|планувал\w*|заплановано|запланован\w*|має\s+намір"
           r"|мають\s+намір|найближч\w*|підпише|підпишуть|проведе|проведуть|розгляне|розглянуть|очікується"
           r"|очікують|мають\s+(?:підписати|провести|відбутися)|має\s+(?:підписати|провести|відбутися)",
    reported=r"заявив|заявила|заявили|повідомив|повідомила|повідомили|сказав|сказала|оголосив|оголосила|оголосили",
    clause_opens=r"який|яка|яке|які|якого|якої|яким|якій|де|коли|тому\s+що|оскільки|адже",
    kinds=(("summit", r"саміт\w*"), ("agreement", r"угод\w*|договір|договор\w*|підписа\w*|уклал\w*|уклав"),
           ("pledge", r"пообіця\w*|обіцян\w*|зобов[ʼ'\u2019]яза\w*"),
           ("meeting", r"зустр\w*|переговор\w*|засідан\w*"),
           ("announcement", r"заяв\w*|повідоми\w*|оголоси\w*|сказа\w*")),
    happened=(("summit", "held", r"відбув\w*|відбул\w*|пройшо?в|пройшл\w*|зібрал\w*"),
              ("meeting", "held", r"відбув\w*|відбул\w*|зустрівся|зустрілася|зустрілися|провели|провів|провела"),
              ("agreement", "signed", r"підписав|підписала|підписали|підписало|уклав|уклала|уклали|уклало"),
              ("agreement", "agreed", r"домовил\w*|погодил\w*"), ("pledge", "made", r"пообіцяв|пообіцяла|пообіцяли"),
              ("announcement", "made", r"заявив|заявила|заявили|повідомив|повідомила|повідомили|оголосив|оголосила"
                                       r"|оголосили")),
)

GERMAN = Words(
    common=("der", "die", "das", "und", "ist", "nicht", "mit", "sich", "auf", "den", "dem", "von", "ein", "eine",
            "wurde", "auch", "zu", "im"),
    day_suffix=r"\.?", range_opens=r"vom|von|zwischen", range_joins=r"bis(?:\s+zum)?|und", weekday_joins=r"de[nm]",
    before_month=r"im|in|seit|bis|ab|Anfang|Ende|Mitte|vor|nach",
    before_year=r"im\s+Jahre?|seit|bis|ab|Anfang|Ende|Mitte",
    previous_day=r"am\s+Vortag(?!\s+(?:der|des|dem|von)\b)|am\s+Tag\s+zuvor|tags\s+zuvor|einen\s+Tag\s+(?:zuvor|vorher)",
    next_day=r"am\s+Folgetag|am\s+nächsten\s+Tag|am\s+Tag\s+darauf|tags\s+darauf|einen\s+Tag\s+später",
    same_day=r"(?:noch\s+)?am\s+(?:selben|gleichen)\s+Tag", days_later=r"(?P<n>\w+)\s+Tage\s+(?:später|danach|darauf)",
    days_earlier=r"(?P<n>\w+)\s+Tage\s+(?:zuvor|vorher|früher)",
    numbers=("eins?|einen|eine", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun",
             "zehn"),
    # a year alone is a date unless a noun follows it: "2017 eine Großspende", not "2000 Menschen"
    bare_year=r"(?=\s+[a-zäöüß]|\s*[,.;:!?)»«“”\"]|\s*$)", years_open=r"in\s+den\s+Jahren|zwischen|von",
    today_needs=r"\s+(?:Morgen|Vormittag|Mittag|Nachmittag|Abend|Nacht|früh|um\s+\d)",
    no_event=r"bis(?:\s+zum)?|Stand", this_year=r"dieses\s+Jahres|diesen\s+Jahres",
    last_year=r"letzten\s+Jahres|vergangenen\s+Jahres|vorigen\s+Jahres|des\s+Vorjahres",
    past_weekday=r"(?:am\s+)?(?:vergangenen|letzten)\s+{wd}",
    deadline=r"bis\s+(?:zum\s+)?(?:Ende\s+des\s+Jahres|Jahresende)",
    future=r"wird|werden|soll|sollen|plant|planen|geplant|voraussichtlich|künftig|kommenden?|bevorstehend\w*"
           r"|angesetzt|will|wollen",
    reported=r"sagte|sagten|erklärte|erklärten|teilte|teilten|kündigte|kündigten|berichtete|berichteten|betonte",
    clause_opens=r"weil|während|nachdem|wo|als|sodass",
    kinds=(("summit", r"gipfel\w*"), ("agreement", r"abkommen|vertrag\w*|verträge\w*|vereinbarung\w*|einigung"
                                                  r"|unterzeichne\w*|unterschrieb\w*|unterschrieben"),
           ("pledge", r"zusage\w*|zugesagt|versprach|versprochen|versprechen"),
           ("meeting", r"treffen|traf|trafen|trifft|gespräch\w*|beratung\w*|sitzung"),
           ("announcement", r"sagte|erklärte|erklärung|teilte|mitteilung|kündigte|ankündigung")),
    happened=(("summit", "held", r"fand\s+\w+\s+statt|fand\s+statt|stattgefunden|tagte|tagten"),
              ("meeting", "held", r"fand\s+\w+\s+statt|fand\s+statt|stattgefunden|trafen\s+sich|traf\s+sich|traf"),
              ("agreement", "signed", r"unterzeichnete\w*|unterzeichnet|unterschrieben|unterschrieb"),
              ("agreement", "agreed", r"einigten\s+sich|einigte\s+sich|vereinbarten|verständigten\s+sich"),
              ("pledge", "made", r"sagte\s+\w+\s+zu|sagten\s+\w+\s+zu|zugesagt|versprach|versprachen"),
              ("announcement", "made", r"sagte|sagten|erklärte|erklärten|teilte|teilten|kündigte|kündigten")),
)

FRENCH = Words(
    common=("le", "la", "les", "des", "et", "est", "une", "dans", "pour", "pas", "qui", "que", "du", "au", "sur",
            "avec", "il", "elle"),
    day_suffix=r"(?:er)?", range_opens=r"du|entre", range_joins=r"au|et", weekday_joins="",
    before_month=rf"en|depuis|dès|jusqu{_APOSTROPHE}en|fin|début|mi-|avant|après",
    # "la crise de 2008, le livre", not "de 2000 euros"
    before_year=rf"en|depuis|dès|jusqu{_APOSTROPHE}en|fin|début|mi-"
                r"|de(?=\s+\d{4}(?:\s*[,.;:)»]|\s+(?:et|à|au|a|ont|est|sont|qui|que|le|la|les)\b))",
    years_open="entre|de",
    previous_day=rf"la\s+veille(?!\s+(?:de|du|des|d{_APOSTROPHE}))",
    next_day=rf"le\s+lendemain(?!\s+(?:de|du|des|d{_APOSTROPHE}))",
    same_day=r"le\s+jour\s+même|le\s+même\s+jour", days_later=r"(?P<n>\w+)\s+jours\s+plus\s+tard",
    days_earlier=r"(?P<n>\w+)\s+jours\s+plus\s+tôt",
    numbers=("un|une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"),
    today_needs=r"\s+(?:matin|midi|après-midi|soir|à\s+\d)",
    no_event=rf"jusqu{_APOSTROPHE}(?:au|à|en)|à\s+la\s+date\s+du", this_year=r"(?:de\s+)?cette\s+année",
    last_year=rf"(?:de\s+)?l{_APOSTROPHE}année\s+dernière",
    past_weekday=r"{wd}\s+dernier", deadline=rf"(?:d{_APOSTROPHE}ici|avant)\s+la\s+fin\s+de\s+l{_APOSTROPHE}année",
    future=r"va|vont|sera|seront|devrait|devraient|doit|doivent|prévue?s?|aura\s+lieu|auront\s+lieu|se\s+tiendra"
           r"|se\s+tiendront|prochaine?s?|envisage\w*|compte|comptent|\w{2,}(?:era|eront|ira|iront|dra|dront)",
    reported=r"a\s+déclaré|a\s+annoncé|a\s+indiqué|a\s+affirmé|a\s+dit|ont\s+déclaré|ont\s+annoncé|ont\s+indiqué",
    clause_opens=r"qui|que|où|dont|lorsque|parce\s+que|tandis\s+que",
    kinds=(("summit", r"sommets?"), ("agreement", r"accords?|traités?|conventions?|sign\w*"),
           ("pledge", r"promis|promesses?|engag\w*"), ("meeting", r"rencontr\w*|réuni\w*|réunions?|entretiens?"),
           ("announcement", r"déclar\w*|annonc\w*|indiqué|affirmé")),
    happened=(("summit", "held", rf"s{_APOSTROPHE}est\s+tenue?|a\s+eu\s+lieu|ont\s+eu\s+lieu|a\s+réuni"),
              ("meeting", "held", rf"s{_APOSTROPHE}est\s+tenue?|a\s+eu\s+lieu|ont\s+eu\s+lieu|a\s+réuni"
                                  r"|se\s+sont\s+réunis|ont\s+rencontré|a\s+rencontré"),
              ("agreement", "signed", r"a\s+signé|ont\s+signé|ont\s+paraphé|a\s+été\s+signée?"),
              ("agreement", "agreed", r"ont\s+conclu|a\s+conclu|se\s+sont\s+mis\s+d.accord|ont\s+convenu"),
              ("pledge", "made", r"a\s+promis|ont\s+promis|s.est\s+engagée?|se\s+sont\s+engagés"),
              ("announcement", "made", r"a\s+déclaré|a\s+annoncé|a\s+indiqué|a\s+affirmé|ont\s+déclaré|ont\s+annoncé")),
)

WORDS = {"en": ENGLISH, "uk": UKRAINIAN, "de": GERMAN, "fr": FRENCH}
# Common words of other languages, only to tell an article in one of them from one in ours: read
# with CLDR's names alone, a Portuguese article is better than one taken for French.
_OTHERS = {
    "es": ("el", "los", "las", "del", "por", "con", "para", "una", "es", "se", "al", "como", "más", "pero", "y"),
    "pt": ("os", "do", "da", "em", "um", "uma", "para", "com", "não", "no", "na", "dos", "das", "ao", "é"),
    "it": ("il", "di", "che", "è", "per", "non", "della", "con", "sono", "gli", "dei", "nel", "alla", "anche"),
    "nl": ("het", "een", "van", "dat", "op", "te", "niet", "met", "voor", "zijn", "wordt", "ook", "bij"),
    "pl": ("się", "nie", "że", "jest", "jak", "ale", "od", "przez", "dla", "tym", "oraz", "został"),
    "id": ("yang", "dan", "di", "ini", "itu", "dengan", "untuk", "tidak", "dari", "dalam", "akan", "pada", "juga"),
    "ru": ("что", "это", "был", "была", "были", "он", "она", "они", "для", "или", "его", "также", "как"),
}
_UKRAINIAN_LETTERS = re.compile("[іїєґІЇЄҐ]")
_WORD = re.compile(r"[^\W\d_]+")


def words_for(language: str) -> Words:
    """The language's words (by its base tag: 'de' for de-AT), or none for a language not known."""
    return WORDS.get(language.replace("_", "-").split("-")[0].lower(), Words())


def detect_language(text: str) -> Optional[str]:
    """The language whose common words the text uses most, if it clearly uses one's (ours, or
    another CLDR reads dates in); a Cyrillic text without Ukrainian letters is not Ukrainian."""
    counts = Counter(_WORD.findall(text[:20_000].lower()))
    common = {tag: words.common for tag, words in WORDS.items()} | _OTHERS
    scores = {tag: sum(counts[word] for word in words) for tag, words in common.items()}
    if not _UKRAINIAN_LETTERS.search(text[:20_000]):
        scores["uk"] = 0
    (best, top), (_, second) = sorted(scores.items(), key=lambda item: -item[1])[:2]
    return best if top >= 5 and top >= 2 * second else None
