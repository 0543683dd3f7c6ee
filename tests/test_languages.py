"""Multilingual sites: translations beside their entries, /<lang>/ pages, the switcher and hreflang
both ways, exports per language, fallbacks marked, and every bad translation a file:line error."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest
from bs4 import BeautifulSoup, Comment, Doctype

from conftest import dedent, entry, search_fragments

LANGUAGES = '\n[languages.en-GB]\n[languages.uk]\ntitle = "Тестова хронологія"\n'
TRANSLATION = dedent('''
    ---
    title: Україна та Японія підписують безпекову угоду
    summary: Одне речення.
    ---
    Текст.
    ''')


@pytest.fixture
def two(project):
    """The test project in English and Ukrainian, its entry translated."""
    project.write("timeline.toml", '[site]\ntitle = "Test timeline"\nlanguage = "en-GB"\n' + LANGUAGES)
    project.write("content/japan-agreement.uk.md", TRANSLATION)
    return project


def _html(project, path: str) -> BeautifulSoup:
    return BeautifulSoup((project.root / "_site" / path).read_text(encoding="utf-8"), "html.parser")


def test_every_page_has_its_counterpart_in_the_other_language_and_says_so_both_ways(two):
    assert two.build().code == 0
    site = two.root / "_site"
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html")
    english = [p for p in pages if not p.startswith(("uk/", "embed/"))]  # embeds have no chrome (their test is apart)
    assert sorted(p for p in pages if p.startswith("uk/") and not p.startswith("uk/embed/")) == sorted(f"uk/{p}" for p in english)
    for path in english:
        url = "/" + path.removesuffix("index.html")
        for own, other, code in ((path, f"uk/{path}", "uk"), (f"uk/{path}", path, "en-GB")):
            page = _html(two, own)
            links = {link["hreflang"]: link["href"] for link in page.find_all("link", rel="alternate")
                     if link.get("hreflang")}
            assert links == {"en-GB": url, "uk": f"/uk{url}", "x-default": url}, own
            switcher = {a["hreflang"]: a["href"] for a in page.select("nav.languages a")}
            assert switcher == {"en-GB": url, "uk": f"/uk{url}"}
            assert page.select_one("nav.languages a[aria-current=page]")["hreflang"] == ("uk" if own.startswith("uk/")
                                                                                         else "en-GB")
    assert not (site / "uk/404.html").exists() and (site / "404.html").exists()


def test_the_ukrainian_pages_show_the_translation_and_link_within_their_language(two):
    two.write("content/g7.md", entry(title="G7 summit", kind="summit", status="held", date='"2024-06-13"'))
    two.write("content/japan-agreement.uk.md", TRANSLATION.replace("Текст.", "Підписано на [саміті](g7.md)."))
    assert two.build().code == 0
    page = _html(two, "uk/events/japan-agreement/index.html")
    assert page.html["lang"] == "uk"
    assert page.h1.get_text() == "Україна та Японія підписують безпекову угоду" and not page.h1.get("lang")
    assert page.select_one(".prose a")["href"] == "/uk/events/g7/"
    assert page.select_one("title").get_text().endswith("Тестова хронологія")
    assert page.select_one(".sources blockquote")["lang"] == "en"  # the article's own words keep their language
    # an entry with no translation: the original, marked as such, with a note
    g7 = _html(two, "uk/events/g7/index.html")
    assert g7.h1["lang"] == "en-GB" and g7.select_one(".prose")["lang"] == "en-GB"
    assert "Ще не перекладено" in g7.select_one(".untranslated").get_text()
    card = _html(two, "uk/index.html").select_one("#g7 .event-title")
    assert card["lang"] == "en-GB"


def test_feeds_and_exports_exist_per_language(two):
    assert two.build().code == 0
    site = two.root / "_site"
    feed = feedparser.parse((site / "uk/feed.xml").read_bytes())
    assert not feed.bozo
    assert feed.feed.title == "Тестова хронологія"
    assert [e.title for e in feed.entries] == ["Україна та Японія підписують безпекову угоду"]
    assert feed.entries[0].link.endswith("/uk/events/japan-agreement/")
    assert json.loads((site / "uk/events.json").read_text(encoding="utf-8"))["events"][0]["title"].startswith("Україна")
    assert "13 червня 2024" in (site / "uk/events.csv").read_text(encoding="utf-8-sig")
    assert "SUMMARY:Україна та Японія" in (site / "uk/events.ics").read_text(encoding="utf-8")
    assert list(search_fragments(site, "uk")) == ["/uk/events/japan-agreement/"]
    sitemap = ET.parse(site / "sitemap.xml").getroot()
    locs = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "/events/japan-agreement/" in locs and "/uk/events/japan-agreement/" in locs
    assert not (site / "uk/sitemap.xml").exists()


def test_missing_and_stale_translations_are_notices_that_block_nothing(two):
    """A site is published in its first language first: a translation still to do is said, and
    neither the pull-request check (--strict) nor the deploy fails on it."""
    two.write("content/g7.md", entry(title="G7 summit", kind="summit", status="held", date='"2024-06-13"',
                                     parties="[ukraine, japan, united-states, g7]"))
    result = two.check()
    assert result.code == 0
    assert ("content/g7.md: notice: no 'uk' translation (content/g7.uk.md): its pages in 'uk' show it in the "
            "original (translate its text there)") in result.err.splitlines()
    assert result.out == "checked 2 entries: no errors, 1 notice(s)\n"
    assert two.check("--strict").code == 0
    assert two.build("--strict").code == 0 and (two.root / "_site/uk/events/g7/index.html").is_file()
    two.write("content/japan-agreement.md", entry(updated='"2025-03-01"'))
    two.write("content/japan-agreement.uk.md", TRANSLATION.replace("---\nТекст", 'updated: "2025-02-01"\n---\nТекст'))
    assert ("content/japan-agreement.uk.md:1: notice: the original was updated on 1 March 2025, after this "
            "translation (1 February 2025) (bring the translation up to date, then set its updated: to that day)"
            ) in two.check().err.splitlines()
    two.write("content/japan-agreement.uk.md", TRANSLATION.replace("---\nТекст", 'updated: "2025-03-02"\n---\nТекст'))
    assert "japan-agreement.uk.md" not in two.check().err


BAD_TRANSLATIONS = {
    "sets a date": ("content/japan-agreement.uk.md", "---\ntitle: Т\ndate: \"2025\"\n---\n",
                    "content/japan-agreement.uk.md:3: date: comes from content/japan-agreement.md; a translation gives "
                    "only its text (remove it here (change it in content/japan-agreement.md))"),
    "sets the sources": ("content/japan-agreement.uk.md", "---\ntitle: Т\nsources: []\n---\n",
                         "content/japan-agreement.uk.md:3: sources: comes from content/japan-agreement.md; a "
                         "translation gives only its text (remove it here (change it in content/japan-agreement.md))"),
    "unknown field": ("content/japan-agreement.uk.md", "---\ntitel: Т\n---\n",
                      "content/japan-agreement.uk.md:2: titel: unknown field (did you mean 'title'?)"),
    "a language the site lacks": ("content/japan-agreement.fr.md", "---\ntitle: T\n---\n",
                                  "content/japan-agreement.fr.md:1: a translation into 'fr', but the site is published "
                                  "in 'en-GB', 'uk' (add [languages.fr] to timeline.toml, after the default language)"),
    "no original": ("content/nothing.uk.md", "---\ntitle: Т\n---\n",
                    "content/nothing.uk.md:1: no entry content/nothing.md to translate (name a translation after its "
                    "original: <slug>.<language>.md beside <slug>.md)"),
    "milestones of another length": ("content/japan-agreement.uk.md", "---\nmilestones:\n  - {note: а}\n---\n",
                                     "content/japan-agreement.uk.md:3: milestones: has 1 item, but "
                                     "content/japan-agreement.md has 0 (translate each one's note, in the same order)"),
    "tags of another length": ("content/japan-agreement.uk.md", "---\ntags: [а, б]\n---\n",
                               "content/japan-agreement.uk.md:2: tags: has 2 tags, but content/japan-agreement.md has 0 "
                               "(translate each of its tags, in the same order)"),
    "broken YAML": ("content/japan-agreement.uk.md", "---\ntitle: [\n---\n",
                    "content/japan-agreement.uk.md:3: front matter: invalid YAML"),
}


@pytest.mark.parametrize("path, text, message", BAD_TRANSLATIONS.values(), ids=BAD_TRANSLATIONS.keys())
def test_a_bad_translation_is_a_file_line_error_and_nothing_is_written(two, path, text, message):
    (two.root / "content/japan-agreement.uk.md").unlink()
    two.write(path, text)
    result = two.build()
    assert result.code == 1
    assert any(line.startswith(message) for line in result.err.splitlines()), result.err
    assert not (two.root / "_site").exists()


def test_a_translation_on_a_site_in_one_language_is_named_as_such(project):
    project.write("content/japan-agreement.uk.md", TRANSLATION)
    result = project.check()
    assert ("content/japan-agreement.uk.md:1: a translation into 'uk', but the site is published in 'en-GB' (add "
            "[languages.uk] to timeline.toml, after the default language)") in result.err.splitlines()


LANGUAGE_CASES = {
    "unknown": ("[languages.en]\n[languages.klingon]\n",
                "timeline.toml:2: languages.klingon: unknown language 'klingon' (a language tag CLDR knows: en, en-GB, "
                "uk, de, ar...)"),
    "not the default first": ('[site]\nlanguage = "uk"\n[languages.en]\n[languages.uk]\n',
                              "timeline.toml:2: site.language: 'uk', but [languages] starts with 'en', the default "
                              "language (list the default language first in [languages], or leave site.language out)"),
    "unknown key": ('[languages.en]\n[languages.uk]\nname = "x"\n',
                    "timeline.toml:3: languages.uk.name: unknown key (one of: title, description, publish)"),
    "publish not a flag": ('[languages.en]\n[languages.uk]\npublish = "no"\n',
                           "timeline.toml:3: languages.uk.publish: expected true or false, got 'no'"),
    "the default unpublished": ('[languages.en]\npublish = false\n[languages.uk]\n',
                                "timeline.toml:2: languages.en.publish: the default language is always published (list "
                                "a published language first: the one at the site's root)"),
    "not a table": ("languages = 3\n",
                    "timeline.toml:1: languages: expected [languages.<tag>] tables, the default language first "
                    "([languages.en])"),
}


@pytest.mark.parametrize("text, message", LANGUAGE_CASES.values(), ids=LANGUAGE_CASES.keys())
def test_bad_languages_are_file_line_errors(project, text, message):
    project.write("timeline.toml", text)
    result = project.check()
    assert result.code == 1
    assert message in result.err.splitlines(), result.err


def test_party_names_in_other_languages(two):
    registry = (two.root / "content/parties.toml").read_text(encoding="utf-8")
    two.write("content/parties.toml", registry.replace('name = "Japan"', 'name = "Japan"\nnames = { uk = "Японія" }'))
    assert two.build().code == 0
    assert [a.get_text() for a in _html(two, "uk/events/japan-agreement/index.html").select(".parties a")] == [
        "Ukraine", "Японія"]
    two.write("content/parties.toml", registry.replace('name = "Japan"', 'name = "Japan"\nnames = { uk = 3 }'))
    assert ("content/parties.toml:8: japan.names: expected a table of names by language (names = { uk = \"Україна\" })"
            ) in two.check().err.splitlines()


def test_a_translation_edit_reaches_its_pages_and_nothing_else(two):
    assert two.build().code == 0
    before = {p: p.read_bytes() for p in (two.root / "_site").rglob("*") if p.is_file()}
    two.write("content/japan-agreement.uk.md", TRANSLATION.replace("Текст.", "Новий текст."))
    assert two.build().code == 0
    after = {p: p.read_bytes() for p in (two.root / "_site").rglob("*") if p.is_file()}
    changed = sorted(p.relative_to(two.root / "_site").as_posix() for p in before.keys() | after.keys()
                     if before.get(p) != after.get(p))
    searched = [name for name in changed if name.startswith("search/")]
    assert [name for name in changed if name not in searched] == [
        "uk/events.json", "uk/events/japan-agreement/index.html", "uk/feed.xml"]
    # in the search index: pieces of the Ukrainian one only
    assert searched and all(name.startswith("search/uk/") for name in searched), searched
    assert "Новий текст." in (two.root / "_site/uk/events/japan-agreement/index.html").read_text(encoding="utf-8")


def test_the_bundled_timeline_reads_in_ukrainian_with_no_english_but_the_articles(bundled):
    assert bundled.build("--strict").code == 0
    site = bundled.root / "_site"
    allowed = {"G7", "JSON", "CSV", "TimelineJS", "Atom", "iCalendar", "timeline-generator"}
    for path in sorted((site / "uk").rglob("*.html")):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for node in page.find_all(string=True):
            if isinstance(node, (Doctype, Comment)) or node.parent.name in ("script", "style", "title", "code"):
                continue
            words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]+", node) if w not in allowed]
            owner = node.find_parent(attrs={"lang": True})
            assert not words or owner["lang"] != "uk", (path, str(node))


def test_a_cached_translation_is_read_again_when_its_original_changes(two):
    milestone = '\n  - {date: "2024-06-12", status: announced, note: "Announced"}'
    two.write("content/japan-agreement.md", entry(milestones=milestone))
    two.write("content/japan-agreement.uk.md", TRANSLATION.replace("---\nТекст", "milestones:\n  - {note: Оголошено}\n"
                                                                                 "---\nТекст"))
    assert two.build().code == 0  # the translation is in the cache now
    assert "Оголошено" in (two.root / "_site/uk/events/japan-agreement/index.html").read_text(encoding="utf-8")
    two.write("content/japan-agreement.md", entry())  # the milestone is gone: the translation no longer fits
    result = two.check()
    assert result.code == 1
    assert ("content/japan-agreement.uk.md:5: milestones: has 1 item, but content/japan-agreement.md has 0 (translate "
            "each one's note, in the same order)") in result.err.splitlines()


def test_the_preview_keeps_every_translation_when_an_entry_is_edited(two):
    """The preview lists content/ from the last load and the changed files: translations included
    (they were dropped, and every other language's pages fell back to the original, until a full
    listing)."""
    import datetime as dt

    from generator.build.recipe import build
    from generator.config import load_config
    from generator.core.cache import MemoryCache
    from generator.core.errors import ContentError

    two.write("content/us-agreement.md", entry(title="Ukraine and the US sign", parties="[ukraine, united-states, g7]"))
    two.write("content/us-agreement.uk.md", TRANSLATION.replace("Україна та Японія", "Україна та США"))
    config, cache = load_config(two.root), MemoryCache()
    assert build(config, dt.date(2026, 1, 1), cache=cache).warnings == []
    edited = two.write("content/us-agreement.md", entry(title="Ukraine and the US sign, edited",
                                                          parties="[ukraine, united-states, g7]"))
    translation = two.write("content/japan-agreement.uk.md", TRANSLATION.replace("Одне речення.", "Оновлене речення."))
    for changed in ({str(edited)}, {str(translation)}):
        result = build(config, dt.date(2026, 1, 1), cache=cache, changed=changed)
        assert result.warnings == []
        japan = (two.root / "_site/uk/events/japan-agreement/index.html").read_text(encoding="utf-8")
        us = (two.root / "_site/uk/events/us-agreement/index.html").read_text(encoding="utf-8")
        assert "Україна та Японія" in japan and "Україна та США" in us
    assert "Оновлене речення." in japan
    broken = two.write("content/us-agreement.uk.md", "---\ntitle: [a, list]\n---\n")
    with pytest.raises(ContentError):
        build(config, dt.date(2026, 1, 1), cache=cache, changed={str(broken)})
    with pytest.raises(ContentError):  # a file that failed is looked at again, not forgotten
        build(config, dt.date(2026, 1, 1), cache=cache, changed={str(edited)})
    two.write("content/us-agreement.uk.md", TRANSLATION)
    assert build(config, dt.date(2026, 1, 1), cache=cache, changed={str(broken)}).warnings == []


def test_a_language_in_preparation_is_built_for_editors_and_never_published(two):
    """[languages.<code>] publish = false: the preview and --drafts build it; a build does not (no
    pages, no switcher entry, no hreflang, nothing in the sitemap), and check still reads its
    translations."""
    import datetime as dt

    from generator.build.recipe import build
    from generator.config import load_config

    two.write("timeline.toml", '[site]\ntitle = "Test timeline"\nlanguage = "en-GB"\n'
                               + LANGUAGES.replace('[languages.uk]\n', '[languages.uk]\npublish = false\n'))
    assert two.build().code == 0
    site = two.root / "_site"
    assert not (site / "uk").exists()
    page = _html(two, "events/japan-agreement/index.html")
    assert not page.select("nav.languages") and not page.find("link", hreflang=True)
    assert "/uk/" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert two.build("--drafts").code == 0 and (site / "uk/events/japan-agreement/index.html").is_file()
    assert [a["hreflang"] for a in _html(two, "index.html").select("nav.languages a")] == ["en-GB", "uk"]
    two.write("content/japan-agreement.uk.md", "---\ntitle: [a, list]\n---\n")
    assert "content/japan-agreement.uk.md:2: title: expected text, got a list" in two.check().err
    two.write("content/japan-agreement.uk.md", TRANSLATION)
    config = load_config(two.root)
    build(config, dt.date(2026, 1, 1), preview=True)
    assert "Україна та Японія" in (site / "uk/events/japan-agreement/index.html").read_text(encoding="utf-8")
    assert build(config, dt.date(2026, 1, 1)).pages < build(config, dt.date(2026, 1, 1), preview=True).pages


def test_an_untranslated_card_is_marked_on_the_lists_as_on_its_page(two):
    """On the other language's timeline and lists, a card still in the original says so (a visible
    mark) besides carrying the original's lang; a translated card does not."""
    two.write("content/us-agreement.md", entry(title="Ukraine and the US sign", parties="[ukraine, united-states, g7]"))
    assert two.build().code == 0
    for page in ("uk/index.html", "uk/kinds/agreement/index.html", "uk/years/2024/index.html"):
        cards = {li["id"]: li for li in _html(two, page).select("li.event")}
        mark = cards["us-agreement"].select_one(".badge.untranslated")
        assert mark is not None and mark.get_text() == "Ще не перекладено", page
        assert cards["us-agreement"].select_one(".event-title")["lang"] == "en-GB"
        assert cards["japan-agreement"].select_one(".badge.untranslated") is None
    assert not _html(two, "index.html").select(".badge.untranslated")
    # the filter draws its cards from the search's records: they say the same, for the script to mark
    items = search_fragments(two.root / "_site", "uk")
    us = items["/uk/events/us-agreement/"]["meta"]
    assert (us["original"], us["original_fields"]) == ("en-GB", "summary title")  # (no location)
    assert "original" not in items["/uk/events/japan-agreement/"]["meta"]
    assert not any("original" in r["meta"] for r in search_fragments(two.root / "_site", "en-gb").values())
    strings = json.loads(_html(two, "uk/index.html").select_one("#filter")["data-strings"])
    assert strings["untranslated"] == "Ще не перекладено"
