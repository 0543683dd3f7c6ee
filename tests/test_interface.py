"""The interface in the reader's language: catalogs extracted with Babel, complete for every
language shipped, plurals by each language's rules, and a site that is that language throughout."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import feedparser
import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from conftest import REPO, search_fragments
from generator.site.words import CATALOGS, Words

SHIPPED = ("uk", "de", "ar")


def _messages(path) -> dict:
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    return {message.id if isinstance(message.id, str) else message.id[0]: message for message in catalog if message.id}


def test_the_template_holds_every_string_the_code_and_templates_show(tmp_path):
    """messages.pot is what `pybabel extract` makes of the code now (babel.cfg says how)."""
    out = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "N_",
                    "-k", "plural_forms:1,2", "--no-location", "--sort-output", "--omit-header",
                    "-o", str(out), "."], cwd=REPO, check=True, capture_output=True)
    assert out.read_text(encoding="utf-8") == (CATALOGS / "messages.pot").read_text(encoding="utf-8"), \
        "the interface's strings changed: run the extract command in babel.cfg and translate the new ones"


@pytest.mark.parametrize("language", SHIPPED)
def test_each_shipped_catalog_translates_everything_and_keeps_the_placeholders(language):
    template, catalog = _messages(CATALOGS / "messages.pot"), _messages(CATALOGS / f"{language}.po")
    assert set(catalog) == set(template)
    for key, message in catalog.items():
        assert not message.fuzzy, key
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        assert all(strings), key
        wanted = set(re.findall(r"%\(\w+\)s", ids[-1])) | set(re.findall(r"%\(\w+\)s", ids[0]))
        for text in strings:
            assert set(re.findall(r"%\(\w+\)s", text)) <= wanted, (key, text)
            assert sorted(re.findall(r"</?\w+", text)) == sorted(re.findall(r"</?\w+", ids[0])), (key, text)
    assert Words(language).catalog.missing == ()


def test_plurals_follow_the_languages_rules():
    uk = Words("uk")
    assert [uk.ngettext("%(count)s event", "%(count)s events", n) % {"count": n} for n in (1, 3, 5, 11, 21, 22)] == [
        "1 подія", "3 події", "5 подій", "11 подій", "21 подія", "22 події"]
    assert uk.plural_forms("%(count)s event", "%(count)s events") == {
        "few": "%(count)s події", "many": "%(count)s подій", "one": "%(count)s подія"}
    ar = Words("ar")
    assert sorted(ar.plural_forms("%(count)s event", "%(count)s events")) == ["few", "many", "one", "other", "two",
                                                                               "zero"]
    assert Words("de").ngettext("%(count)s event", "%(count)s events", 2) == "%(count)s Ereignisse"


def _site_in(bundled, language: str) -> None:
    """The bundled timeline as a site in one language (its Ukrainian translations set aside)."""
    config = (bundled.root / "timeline.toml").read_text(encoding="utf-8").split("[languages.")[0]
    (bundled.root / "timeline.toml").write_text(re.sub(r'language = "[^"]*"', f'language = "{language}"', config),
                                                encoding="utf-8")
    for translation in (bundled.root / "content").glob("*.uk.md"):
        translation.unlink()
    assert bundled.build().code == 0


def _interface_text(page: BeautifulSoup) -> str:
    """What a page says besides the entries' own words (titles, summaries, bodies, quotes, names)."""
    for selector in (".event-title", ".summary", ".lead", ".prose", "blockquote", "h1", ".parties", ".location",
                     "cite", ".related dd", ".pager a", "title", "script", ".brand", ".site-footer p:first-child",
                     ".note", ".cited-by li", ".quoted-by a", ".tags a"):
        for node in page.select(selector):
            node.decompose()
    return " ".join(page.get_text(" ").split())


@pytest.mark.parametrize("language", SHIPPED)
def test_a_site_in_one_language_shows_no_english_but_its_content(bundled, language):
    _site_in(bundled, language)
    english = [key for key, message in _messages(CATALOGS / f"{language}.po").items()
               if len(key.split()) >= 2 and "%" not in key and "<" not in key
               and (message.string if isinstance(message.string, str) else message.string[0]) != key]
    for path in sorted((bundled.root / "_site").rglob("*.html")):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert page.html["lang"] == language
        assert page.html.get("dir") == ("rtl" if language == "ar" else None)
        text = _interface_text(page)
        if "embed" not in path.relative_to(bundled.root / "_site").parts:  # embeds have no site chrome
            assert Words(language).gettext("Skip to content") in text  # the check reads the interface's words
        assert not [phrase for phrase in english if phrase in text], path
        for word in ("Sources", "Timeline", "Parties", "Summit", "Agreement", "Held", "Signed", "June", "July"):
            assert not re.search(rf"\b{word}\b", text), (path, word)


def test_the_feed_and_exports_speak_the_sites_language(bundled):
    _site_in(bundled, "uk")
    feed = feedparser.parse((bundled.root / "_site/feed.xml").read_bytes())
    summit = next(e for e in feed.entries if "Apulia" in e.title)
    assert {t.label for t in summit.tags} >= {"Саміт"}
    assert "13–15 червня 2024\u202fр. · Саміт · Відбулося" in summit.content[0].value
    assert "Джерела:" in summit.content[0].value
    summit = next(r for r in search_fragments(bundled.root / "_site", "uk").values() if r["meta"]["kind"] == "summit")
    assert summit["meta"]["kind_label"] == "Саміт"  # the filter's cards, in the language
    assert "Докладніше та джерела" in (bundled.root / "_site/timelinejs.json").read_text(encoding="utf-8")
    calendar = (bundled.root / "_site/events.ics").read_text(encoding="utf-8")
    assert "CATEGORIES:Саміт" in calendar and "Відомий лише місяць: липень 2023" in calendar


def test_the_overview_runs_right_to_left_in_arabic(bundled):
    _site_in(bundled, "ar")
    page = BeautifulSoup((bundled.root / "_site/index.html").read_text(encoding="utf-8"), "html.parser")
    strip = page.select_one("svg.overview-strip")
    assert strip.select_one("g[transform]")["transform"] == "matrix(-1 0 0 1 960 0)"
    labels = {t.get_text(): float(t["x"]) for t in strip.select("text tspan")}
    assert labels["2024"] < labels["2023"]  # later is further left
    assert strip["aria-label"].startswith("نظرة عامة: 8 أحداث")


def test_a_language_without_a_catalog_shows_english_and_check_says_so(bundled):
    _site_in(bundled, "fr")
    result = bundled.check("--strict")
    assert result.code == 0  # a notice: an interface still to translate holds nothing back
    assert ("timeline.toml: notice: no catalog translates the interface to 'fr': it shows in English (add them to "
            "locales/fr.po (a copy of generator/locales/messages.pot, translated))") in result.err.splitlines()
    page = (bundled.root / "_site/index.html").read_text(encoding="utf-8")
    assert "Skip to content" in page and "13–15 juin 2024" in page  # English words, French dates


def test_a_site_can_bring_its_own_catalog_and_is_told_what_it_lacks(bundled):
    shutil.copy(CATALOGS / "messages.pot", bundled.root / "fr.po")
    text = (bundled.root / "fr.po").read_text(encoding="utf-8")
    text = text.replace('msgid "Skip to content"\nmsgstr ""', 'msgid "Skip to content"\nmsgstr "Aller au contenu"')
    (bundled.root / "locales").mkdir()
    (bundled.root / "locales/fr.po").write_text('msgid ""\nmsgstr ""\n"Language: fr\\n"\n'
                                                '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n' + text,
                                                encoding="utf-8")
    (bundled.root / "fr.po").unlink()
    _site_in(bundled, "fr")
    assert "Aller au contenu" in (bundled.root / "_site/index.html").read_text(encoding="utf-8")
    strict = bundled.check("--strict")
    assert strict.code == 0  # an interface half translated is a notice: it blocks nothing
    strings = text.count('\nmsgid "') + text.startswith('msgid "')  # (every message of the template, one done)
    assert strict.err.splitlines()[0].startswith(
        f"locales/fr.po: notice: {strings - 1} of the interface's {strings} strings have no 'fr' translation")


def test_an_edited_site_catalog_is_read_again_by_a_process_that_runs_on(bundled):
    """The preview builds again and again in one process: it must not keep a catalog's old text."""
    _site_in(bundled, "fr")
    header = 'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
    (bundled.root / "locales").mkdir()
    for words in ("Aller au contenu", "Passer au contenu"):
        (bundled.root / "locales/fr.po").write_text(header + f'msgid "Skip to content"\nmsgstr "{words}"\n',
                                                    encoding="utf-8")
        assert bundled.build().code == 0
        assert words in (bundled.root / "_site/index.html").read_text(encoding="utf-8")
