"""The site's own fields and taxonomies, declared in timeline.toml alone ([fields.<name>]), and a
built-in field declared once: every output follows (the event page in two languages, events.json
against its generated schema, the CSV, the search index, the CMS form, translations, term pages,
the filter), and every bad declaration and value is a file:line error."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup

import generator.config as config_module
from conftest import dedent, entry, search_fragments
from generator.config.schema import ENTRY, Field

FIELDS = dedent('''
    [fields.venue]
    shape = "text"
    label = "Venue"
    hint = "where it took place"
    translated = true

    [fields.topics]
    shape = "texts"
    label = "Topics"
    taxonomy = true
    translated = true

    [fields.ratified]
    shape = "day"
    label = "Ratified"

    [fields.official]
    shape = "flag"
    label = "Official text"

    [fields.text_url]
    shape = "url"
    label = "Full text"
    ''')
LANGUAGES = '[languages.en-GB]\n[languages.uk]\ntitle = "Тестова хронологія"\n'
OWN_VALUES = dict(venue='"Borgo Egnazia, Apulia"', topics='["Air defence", "Security"]', ratified='"2024-07-01"',
                  official="true", text_url='"https://example.org/agreement"')
TRANSLATION = dedent('''
    ---
    title: Україна та Японія підписують безпекову угоду
    venue: "Борго Еньяція, Апулія"
    topics: ["ППО", "Безпека"]
    ---
    Текст.
    ''')


@pytest.fixture
def fielded(project):
    """The test project in English and Ukrainian, with fields and a taxonomy of its own, translated."""
    project.write("timeline.toml", '[site]\ntitle = "Test timeline"\nlanguage = "en-GB"\n' + LANGUAGES + FIELDS)
    project.write("content/japan-agreement.md", entry(**OWN_VALUES))
    project.write("content/us-agreement.md", entry(title="Ukraine and the US sign", topics='["security"]',
                                                   parties="[ukraine, united-states]"))
    project.write("content/japan-agreement.uk.md", TRANSLATION)
    return project


def _html(project, path: str) -> BeautifulSoup:
    return BeautifulSoup((project.root / "_site" / path).read_text(encoding="utf-8"), "html.parser")


def _facts(page: BeautifulSoup) -> dict[str, str]:
    facts = page.select_one("aside.facts dl")
    return {dt.get_text(): dt.find_next_sibling("dd").get_text(" ", strip=True) for dt in facts.find_all("dt")}


def test_the_event_page_shows_each_field_with_its_label_in_both_languages(fielded):
    assert fielded.build().code == 0  # the us entry has no uk translation: a notice, shown in the original
    english = _facts(_html(fielded, "events/japan-agreement/index.html"))
    assert english["Venue"] == "Borgo Egnazia, Apulia"
    assert english["Topics"] == "Air defence , Security"
    assert english["Ratified"] == "1 July 2024"
    assert english["Official text"] == "Yes"
    assert english["Full text"] == "https://example.org/agreement"
    ukrainian = _html(fielded, "uk/events/japan-agreement/index.html")
    facts = _facts(ukrainian)
    assert facts["Venue"] == "Борго Еньяція, Апулія"
    assert facts["Ratified"] == "1 липня 2024\u202fр."
    assert facts["Official text"] == "Так"
    links = {a.get_text(): a["href"] for a in ukrainian.select("dd.field-topics a")}
    assert links == {"ППО": "/uk/topics/air-defence/", "Безпека": "/uk/topics/security/"}
    assert ukrainian.select_one("dd.field-venue").get("lang") is None  # translated: no fallback mark
    untranslated = _html(fielded, "uk/events/us-agreement/index.html")
    assert "field-venue" not in str(untranslated)  # an entry without the field shows nothing of it


def test_a_field_left_untranslated_is_marked_in_the_original_language(fielded):
    fielded.write("content/japan-agreement.uk.md", TRANSLATION.replace('venue: "Борго Еньяція, Апулія"\n', ""))
    assert fielded.build().code == 0
    venue = _html(fielded, "uk/events/japan-agreement/index.html").select_one("dd.field-venue")
    assert venue.get_text() == "Borgo Egnazia, Apulia" and venue["lang"] == "en-GB"


def test_a_site_taxonomy_has_term_pages_in_every_language_with_the_same_addresses(fielded):
    assert fielded.build().code == 0
    site = fielded.root / "_site"
    for prefix in ("", "uk/"):
        assert (site / f"{prefix}topics/index.html").is_file()
        assert (site / f"{prefix}topics/air-defence/index.html").is_file()
        assert (site / f"{prefix}topics/security/index.html").is_file()
    index = _html(fielded, "uk/topics/index.html")
    assert [a.get_text() for a in index.select("ul.terms a")] == ["Безпека", "ППО"]  # sorted by the label shown
    security = _html(fielded, "topics/security/index.html")
    assert security.h1.get_text(strip=True) == "Security"
    assert security.select_one(".crumbs a")["href"] == "/topics/"
    assert len(security.select("li.event")) == 2  # 'Security' and 'security' are one term
    navigation = [a["href"] for a in _html(fielded, "uk/index.html").select("nav.site-nav a")]
    assert navigation == ["/uk/", "/uk/kinds/", "/uk/parties/", "/uk/years/", "/uk/topics/", "/uk/sources/"]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/uk/topics/air-defence/" in sitemap and "/topics/security/" in sitemap


def test_the_filter_has_a_control_for_the_site_taxonomy_and_the_script_is_told_of_it(fielded):
    assert fielded.build().code == 0
    page = _html(fielded, "uk/index.html")
    control = page.select_one("select#filter-topics")
    assert control["name"] == "topics"
    assert [(o["value"], o.get_text()) for o in control.find_all("option")] == [
        ("", "Усі"), ("security", "Безпека (2)"), ("air-defence", "ППО (1)")]
    facets = json.loads(page.select_one("form#filter")["data-facets"])
    assert [facet["name"] for facet in facets] == ["kind", "status", "party", "year", "topics"]
    assert facets[-1] == {"name": "topics"}
    records = search_fragments(fielded.root / "_site", "uk")
    terms = {url: record["filters"].get("topics") for url, record in records.items()}
    assert terms == {"/uk/events/japan-agreement/": ["air-defence", "security"], "/uk/events/us-agreement/": ["security"]}


def test_events_json_carries_the_fields_and_validates_against_the_generated_schema(fielded):
    assert fielded.build().code == 0
    site = fielded.root / "_site"
    for prefix in ("", "uk/"):
        schema = json.loads((site / f"{prefix}events.schema.json").read_text(encoding="utf-8"))
        data = json.loads((site / f"{prefix}events.json").read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.Draft202012Validator(schema).validate(data)
        assert {"venue", "topics", "ratified", "official", "text_url"} <= set(schema["$defs"]["event"]["required"])
        broken = json.loads(json.dumps(data))
        broken["events"][0]["ratified"] = {"iso": "2024-07-01"}
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)
    events = {e["slug"]: e for e in json.loads((site / "uk/events.json").read_text(encoding="utf-8"))["events"]}
    japan, us = events["japan-agreement"], events["us-agreement"]
    assert (japan["venue"], japan["topics"], japan["ratified"], japan["official"], japan["text_url"]) == (
        "Борго Еньяція, Апулія", ["ППО", "Безпека"], "2024-07-01", True, "https://example.org/agreement")
    assert (us["venue"], us["topics"], us["ratified"], us["official"], us["text_url"]) == (
        None, ["Безпека"], None, False, None)  # its 'security' is the term the translation names Безпека


def test_the_csv_has_a_column_for_each_field(fielded):
    assert fielded.build().code == 0
    text = (fielded.root / "_site/events.csv").read_text(encoding="utf-8-sig")
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(text))}
    assert list(rows["japan-agreement"])[-5:] == ["venue", "topics", "ratified", "official", "text_url"]
    japan = rows["japan-agreement"]
    assert (japan["venue"], japan["topics"], japan["ratified"], japan["official"], japan["text_url"]) == (
        "Borgo Egnazia, Apulia", "Air defence; Security", "2024-07-01", "yes", "https://example.org/agreement")
    assert rows["us-agreement"]["official"] == "no" and rows["us-agreement"]["venue"] == ""


def test_the_cms_form_and_the_admin_page_have_the_fields(fielded):
    fielded.write("timeline.toml", (fielded.root / "timeline.toml").read_text(encoding="utf-8") +
                  '\n[cms]\nrepo = "newsroom/timeline"\n')
    assert fielded.run("cms").code == 0
    document = yaml.safe_load((fielded.root / "admin/config.yml").read_text(encoding="utf-8"))
    events = document["collections"][0]
    by_name = {field["name"]: field for field in events["fields"]}
    assert [f["name"] for f in events["fields"]][-6:] == ["venue", "topics", "ratified", "official", "text_url", "body"]
    assert by_name["venue"] == {"name": "venue", "label": "Venue", "required": False, "hint": "where it took place",
                                "widget": "string", "i18n": True}
    assert by_name["ratified"]["pattern"][0].startswith("^[0-9]{4}-")
    assert by_name["official"]["widget"] == "boolean" and by_name["topics"]["widget"] == "list"
    assert [f["name"] for f in events["fields"] if f["i18n"] is True] == [
        "title", "location", "summary", "tags", "milestones", "updated", "corrections", "media", "venue", "topics",
        "body"]  # what a translation carries: offered in its language's pane, the rest in the original's alone
    assert fielded.build().code == 0
    settings = json.loads(_html(fielded, "admin/index.html").select_one("#timeline-cms").get_text())
    assert {"name": "ratified", "shape": "day"} in settings["entry"]
    assert {"name": "topics", "shape": "texts"} in settings["translation"]


def test_fmt_and_new_follow_the_declaration(fielded):
    fielded.write("content/japan-agreement.md", dedent('''
        ---
        text_url: 'https://example.org/agreement'
        topics:
          - Air defence
          - Security
        title: Ukraine and Japan sign a security agreement
        date: 2024-06-13
        kind: agreement
        venue: Apulia
        summary: One sentence.
        sources:
          - seed: 000_f58ab9d484ce5563.txt
            quote: "Ukraine will sign bilateral security agreements with the United States and Japan"
        ---
        The body.
        '''))
    assert fielded.run("fmt", str(fielded.root / "content/japan-agreement.md")).code == 0
    text = (fielded.root / "content/japan-agreement.md").read_text(encoding="utf-8")
    assert text.split("---")[1].splitlines()[-3:] == [
        'venue: "Apulia"', 'topics: ["Air defence", "Security"]', 'text_url: "https://example.org/agreement"']
    fielded.write("timeline.toml", fielded.root.joinpath("timeline.toml").read_text() + "required = true\n")
    made = fielded.run("new", "Leaders meet", "--date", "2024-05", "--kind", "summit")
    assert made.code == 0
    assert "text_url: required by timeline.toml (Full text); add it before the entry leaves draft" in made.err
    fielded.write("content/us-agreement.md", entry(text_url='"https://example.org/us"'))
    assert fielded.check().code == 0  # a draft may lack it
    fielded.write("content/leaders-meet.md", (fielded.root / "content/leaders-meet.md").read_text().replace(
        "draft: true", "draft: false"))
    assert "content/leaders-meet.md:1: text_url: missing (add 'text_url:' to the front matter)" in fielded.check().err


def test_a_built_in_field_is_one_declaration(fielded, monkeypatch):
    """A plain built-in field (no attribute of the model's) is read, shown and exported by its shape."""
    extent = Field("extent", "texts", "Extent", "the areas it covers", translated=True)
    monkeypatch.setattr(config_module, "ENTRY", ENTRY + (extent,))
    fielded.write("content/japan-agreement.md", entry(**OWN_VALUES, extent='["Air", "Sea"]'))
    fielded.write("content/japan-agreement.uk.md", TRANSLATION.replace("---\nТекст", 'extent: ["Повітря", "Море"]\n---\nТекст'))
    assert fielded.build().code == 0
    assert _facts(_html(fielded, "uk/events/japan-agreement/index.html"))["Extent"] == "Повітря, Море"
    data = json.loads((fielded.root / "_site/events.json").read_text(encoding="utf-8"))
    schema = json.loads((fielded.root / "_site/events.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["events"][0]["extent"] == ["Air", "Sea"]
    fielded.write("timeline.toml", (fielded.root / "timeline.toml").read_text(encoding="utf-8") +
                  '\n[cms]\nrepo = "newsroom/timeline"\n')
    assert fielded.run("cms").code == 0
    assert "name: extent" in (fielded.root / "admin/config.yml").read_text(encoding="utf-8")


def test_outputs_without_fields_keep_their_shape(project):
    """A site without fields of its own: no extra key, column, control or page."""
    assert project.build().code == 0
    site = project.root / "_site"
    event = json.loads((site / "events.json").read_text(encoding="utf-8"))["events"][0]
    assert set(next(iter(search_fragments(site).values()))["filters"]) == {"kind", "status", "party", "year"}
    assert list(event)[-1] == "updated"
    facets = json.loads(_html(project, "index.html").select_one("form#filter")["data-facets"])
    assert [facet["name"] for facet in facets] == ["kind", "status", "party", "year"]


DECLARATIONS = {
    "unknown shape": ('[fields.venue]\nshape = "txt"\n', "timeline.toml:2: fields.venue.shape: unknown shape 'txt' (did you mean 'text'?)"),
    "no shape": ('[fields.venue]\nlabel = "Venue"\n', "timeline.toml:1: fields.venue: has no shape (shape = \"text\" (or id, date, day, flag, url, ids, texts))"),
    "unknown key": ('[fields.venue]\nshape = "text"\nlabl = "Venue"\n', "timeline.toml:3: fields.venue.labl: unknown key (did you mean 'label'?)"),
    "a key of the wrong type": ('[fields.venue]\nshape = "text"\nrequired = "yes"\n', "timeline.toml:3: fields.venue.required: expected true or false, got 'yes'"),
    "a built-in name": ('[fields.location]\nshape = "text"\n', "timeline.toml:1: fields.location: 'location' is a built-in field (give the site's own field another name)"),
    "an export's name": ('[fields.url]\nshape = "url"\n', "timeline.toml:1: fields.url: 'url' is a name events.json and the CSV give their own data (give the site's own field another name)"),
    "a bad name": ('[fields.Venue-Name]\nshape = "text"\n', "timeline.toml:1: fields.Venue-Name: a field's name must be lowercase letters, digits and '_', starting with a letter (for example [fields.venue_name])"),
    "not a table": ('[fields]\nvenue = "text"\n', "timeline.toml:2: fields.venue: expected a table ([fields.venue] with shape = \"text\")"),
    "a taxonomy without terms": ('[fields.signed]\nshape = "flag"\ntaxonomy = true\n', "timeline.toml:3: fields.signed.taxonomy: a flag field has no terms to list (a taxonomy is of shape id, ids, texts)"),
    "a translated date": ('[fields.ratified]\nshape = "date"\ntranslated = true\n', "timeline.toml:3: fields.ratified.translated: a date field is the same in every language (only text and texts are translated)"),
    "a taxonomy over the site's folders": ('[fields.events]\nshape = "ids"\ntaxonomy = true\n', "timeline.toml:3: fields.events.taxonomy: its pages at /events/ would clash with the site's own (give the field another name)"),
    "a taxonomy over a language": ('[languages.en]\n[languages.uk]\n[fields.uk]\nshape = "ids"\ntaxonomy = true\n', "timeline.toml:5: fields.uk.taxonomy: its pages at /uk/ would clash with the site's own (give the field another name)"),
}


@pytest.mark.parametrize("text, message", DECLARATIONS.values(), ids=DECLARATIONS.keys())
def test_a_bad_declaration_is_a_timeline_toml_line_error(project, text, message):
    project.write("timeline.toml", text)
    result = project.check()
    assert result.code == 1
    assert message in result.err.splitlines(), result.err


B = "content/japan-agreement.md"
VALUES = {
    "text given a list": (dict(venue="[a, b]"), f"{B}:8: venue: expected text, got a list"),
    "a texts item that is a mapping": (dict(topics="[{a: b}]"), f"{B}:8: topics: expected text, got a mapping"),
    "a term listed twice": (dict(topics='["Security", "security"]'), f"{B}:8: topics: 'security' is listed twice"),
    "a term with no page name": (dict(topics='["!!"]'), f"{B}:8: topics: '!!' has no letters or digits to make a page name from"),
    "a day known to the month": (dict(ratified='"2024-07"'), f"{B}:8: ratified: expected YYYY-MM-DD, got '2024-07' (the day the entry was revised)"),
    "an impossible day": (dict(ratified='"2024-02-30"'), f"{B}:8: ratified: February 2024 has 29 days, got '2024-02-30'"),
    "a flag that is not one": (dict(official="maybe"), f"{B}:8: official: expected true or false, got 'maybe'"),
    "a url that is not a web address": (dict(text_url='"example.org"'), f"{B}:8: text_url: 'example.org' is not a web address (write an address starting with https://)"),
    "a control character": (dict(venue='"Apulia\\u001b"'), f"{B}:8: venue: contains a control character (\\x1b) (remove it)"),
    "a typo of a declared field": (dict(venu='"Apulia"'), f"{B}:8: venu: unknown field (did you mean 'venue'?)"),
    "a typo of a built-in field near a declared one": (dict(topcs='["Security"]'), f"{B}:8: topcs: unknown field (did you mean 'topics'?)"),
    "an id given a mapping": (dict(body_id="{a: b}"), f"{B}:8: body_id: expected text, got a mapping"),
    "a date in words": (dict(signed='"June 2024"'), f"{B}:8: signed: expected YYYY, YYYY-MM or YYYY-MM-DD, got 'June 2024'"),
    "names given a mapping": (dict(observers="{a: b}"), f"{B}:8: observers: expected a list, got a mapping (write observers: [a, b] or one '- item' per line)"),
}


MORE_FIELDS = '[fields.body_id]\nshape = "id"\n[fields.signed]\nshape = "date"\n[fields.observers]\nshape = "ids"\n'


@pytest.mark.parametrize("fields, message", VALUES.values(), ids=VALUES.keys())
def test_a_bad_value_is_a_file_line_error_and_nothing_is_written(fielded, fields, message):
    fielded.write("timeline.toml", fielded.root.joinpath("timeline.toml").read_text() + MORE_FIELDS)
    fielded.write(B, entry(**fields))
    result = fielded.build()
    assert result.code == 1
    assert message in result.err.splitlines(), result.err
    assert not (fielded.root / "_site").exists()


TRANSLATIONS = {
    "a topic missing": ('topics: ["ППО"]', "content/japan-agreement.uk.md:4: topics: has 1 item, but content/japan-agreement.md has 2 (translate each of them, in the same order)"),
    "a field of the original's": ('ratified: "2024-07-02"', "content/japan-agreement.uk.md:4: ratified: comes from content/japan-agreement.md; a translation gives only its text (remove it here (change it in content/japan-agreement.md))"),
}


@pytest.mark.parametrize("line, message", TRANSLATIONS.values(), ids=TRANSLATIONS.keys())
def test_a_bad_translated_field_is_a_file_line_error(fielded, line, message):
    fielded.write("content/japan-agreement.uk.md", TRANSLATION.replace('topics: ["ППО", "Безпека"]', line))
    result = fielded.check()
    assert result.code == 1
    assert message in result.err.splitlines(), result.err


def test_a_label_from_timeline_toml_is_text_not_markup(fielded):
    text = fielded.root.joinpath("timeline.toml").read_text()
    fielded.write("timeline.toml", text.replace('label = "Topics"', 'label = "<b>Topics</b>"'))
    assert fielded.build().code == 0
    page = (fielded.root / "_site/events/japan-agreement/index.html").read_text(encoding="utf-8")
    assert "<b>Topics</b>" not in page and "&lt;b&gt;Topics&lt;/b&gt;" in page
    assert "<b>" not in (fielded.root / "_site/index.html").read_text(encoding="utf-8")


def test_changing_a_declaration_rebuilds_what_shows_it(fielded):
    assert fielded.build().code == 0
    text = fielded.root.joinpath("timeline.toml").read_text()
    fielded.write("timeline.toml", text.replace('label = "Venue"', 'label = "Place of signing"'))
    assert fielded.build().code == 0
    assert "Place of signing" in _facts(_html(fielded, "events/japan-agreement/index.html"))



def test_the_filter_filters_by_a_site_taxonomy_in_chromium(fielded, page):
    """timeline.js knows the site's taxonomy only from the page: choosing a topic filters, the
    address holds it, and the address alone restores it."""
    from browser import serve

    fielded.write("content/pledge.md", entry(title="A pledge of air defence", kind="pledge", status="made",
                                             topics='["Air defence"]'))
    assert fielded.build().code == 0
    site = fielded.root / "_site"
    with serve(site) as origin:
        page.goto(origin + "/uk/")
        page.select_option("#filter-topics", "air-defence")
        page.wait_for_function("document.getElementById('filter-count').textContent.startsWith('2 ')")
        titles = page.eval_on_selector_all("#filter-results .event-title", "nodes => nodes.map(n => n.textContent)")
        assert sorted(titles) == ["A pledge of air defence", "Україна та Японія підписують безпекову угоду"]
        assert page.url == origin + "/uk/?topics=air-defence"
        page.goto(origin + "/uk/?topics=security&kind=pledge")
        page.wait_for_function("document.getElementById('filter-count').textContent.startsWith('0 ')")
        assert page.input_value("#filter-topics") == "security" and page.input_value("#filter-kind") == "pledge"
        page.select_option("#filter-kind", "")
        page.wait_for_function("document.getElementById('filter-count').textContent.startsWith('2 ')")
    assert page.problems == []
