"""Sources you can stand behind: article sidecars, citations with their metadata, quotes-only
source pages, the nearest passage to a wrong quote, corrections and source-date fidelity."""

from __future__ import annotations

import csv
import io
import json

import feedparser
import icalendar
import jsonschema
import pytest

from conftest import QUOTE, SEED, entry
from generator.content.passages import excerpts, nearest_passage, sentences
from generator.content.sources import Seed

SIDECAR = "seeds/000_f58ab9d484ce5563.toml"
UNQUOTED = "Zelensky will join the summit and plans to hold talks"  # a sentence no entry quotes


def sidecar(project, text: str) -> None:
    project.write(SIDECAR, text)
    # only the parties the entry names, so that --strict judges what the test is about
    project.write("content/parties.toml", '[ukraine]\nname = "Ukraine"\n\n[japan]\nname = "Japan"\n')


# -- the sidecar -----------------------------------------------------------------------------------

SIDECAR_CASES = {
    "quoted share zero": ('quoted_share = 0\n', f"{SIDECAR}:1: quoted_share: expected a share above 0 and at most 1, "
                                                 "got 0 (quoted_share = 0.25 (a quarter of the article's text))"),
    "quoted share over one": ('quoted_share = 1.5\n', f"{SIDECAR}:1: quoted_share: expected a share above 0 and at "
                                                       "most 1, got 1.5 (quoted_share = 0.25 (a quarter of the "
                                                       "article's text))"),
    "quoted share as text": ('quoted_share = "25%"\n', f"{SIDECAR}:1: quoted_share: expected a share above 0 and at "
                                                        "most 1, got '25%' (quoted_share = 0.25 (a quarter of the "
                                                        "article's text))"),
    "quoted share true": ('quoted_share = true\n', f"{SIDECAR}:1: quoted_share: expected a share above 0 and at "
                                                    "most 1, got True (quoted_share = 0.25 (a quarter of the "
                                                    "article's text))"),
    "not TOML": ('published = "2024-06"\nurl = https://x\n', f"{SIDECAR}:2: invalid TOML: Invalid value"),
    "unknown key": ('published = "2024-06"\npublsher = "X"\n',
                    f"{SIDECAR}:2: publsher: unknown key (did you mean 'publisher'?)"),
    "published not a date": ('published = "June 2024"\n',
                             f"{SIDECAR}:1: published: expected YYYY, YYYY-MM or YYYY-MM-DD, got 'June 2024' "
                             "(published = \"2024-06-12\")"),
    "published impossible": ('published = "2024-02-30"\n',
                             f"{SIDECAR}:1: published: February 2024 has 29 days, got '2024-02-30' "
                             "(published = \"2024-06-12\")"),
    "published with a time": ("published = 2024-06-12T10:00:00\n",
                              f"{SIDECAR}:1: published: expected a date without a time, got 2024-06-12 10:00:00 "
                              "(published = \"2024-06-12\")"),
    "url not http": ('url = "ftp://example.org/a"\n',
                     f"{SIDECAR}:1: url: expected an http(s) address, got 'ftp://example.org/a' "
                     "(url = \"https://publisher.example/2024/06/article\")"),
    "url javascript": ('url = "javascript:alert(1)"\n',
                       f"{SIDECAR}:1: url: expected an http(s) address, got 'javascript:alert(1)' "
                       "(url = \"https://publisher.example/2024/06/article\")"),
    "republish unknown": ('republish = "yes"\n',
                          f"{SIDECAR}:1: republish: unknown mode 'yes' ('quotes' shows the quoted passages only "
                          "(the default); 'full' the whole article, if its license allows it)"),
    "language not a tag": ('language = "English"\n',
                           f"{SIDECAR}:1: language: unknown language 'English' (a language tag CLDR knows, like "
                           "'en', 'uk' or 'pt-BR'; not a country code ('ua' is Ukraine's))"),
    "not text": ("publisher = 42\n", f"{SIDECAR}:1: publisher: expected text in quotes, got 42 (publisher = \"...\")"),
    "empty": ('author = "  "\n', f"{SIDECAR}:1: author: must not be empty (remove the line, or fill it in)"),
}


@pytest.mark.parametrize("text, message", SIDECAR_CASES.values(), ids=SIDECAR_CASES.keys())
def test_a_bad_sidecar_is_a_file_line_error(project, text, message):
    sidecar(project, text)
    result = project.build()
    assert result.code == 1
    assert message in result.err.splitlines(), result.err
    assert not (project.root / "_site").exists()


def test_a_sidecar_without_an_article_is_an_error(project):
    project.write("seeds/lost.toml", 'publisher = "X"\n')
    result = project.check()
    assert result.code == 1
    assert ("seeds/lost.toml:1: no article beside this sidecar (it describes seeds/lost.*) "
            "(name it after the article's file, like seeds/<article>.toml)") in result.err.splitlines()


def test_a_sidecar_is_not_an_article(project):
    """x.toml beside x.txt is not a second article with the same name."""
    sidecar(project, 'publisher = "The Kyiv Paper"\n')
    result = project.check("--strict")
    assert result.code == 0, result.err


# -- citations ---------------------------------------------------------------------------------------

FULL_SIDECAR = '''\
title = "Kyiv to sign 'unprecedented' security deal"
publisher = "The Kyiv Paper"
url = "https://paper.example/news/kyiv-to-sign"
published = 2024-06-12
author = "A. Reporter"
language = "en"
license = "CC BY 4.0"
'''


def test_citations_carry_the_articles_metadata_everywhere(project):
    sidecar(project, FULL_SIDECAR)
    assert project.build().code == 0
    page = project.html("events/japan-agreement/index.html")
    cite = page.select_one(".sources .cite")
    assert " ".join(cite.get_text().split()) == ("Kyiv to sign 'unprecedented' security deal, A. Reporter, "
                                                 "The Kyiv Paper, 12 June 2024 (quoted passages)")
    assert cite.select_one("a.url")["href"] == "https://paper.example/news/kyiv-to-sign"
    assert cite.select_one("time")["datetime"] == "2024-06-12"
    assert [a["href"] for a in cite.select("a")][-1] == "/sources/000_f58ab9d484ce5563/"
    jsonld = json.loads(page.select_one("script[type='application/ld+json']").string)
    assert jsonld["citation"] == [{"@type": "CreativeWork", "name": "Kyiv to sign 'unprecedented' security deal",
                                   "url": "https://paper.example/news/kyiv-to-sign",
                                   "publisher": {"@type": "Organization", "name": "The Kyiv Paper"},
                                   "author": {"@type": "Person", "name": "A. Reporter"},
                                   "datePublished": "2024-06-12", "inLanguage": "en"}]
    data = json.loads((project.root / "_site/events.json").read_text(encoding="utf-8"))
    source = data["events"][0]["sources"][0]
    assert (source["publisher"], source["author"], source["date"], source["url"], source["language"]) == (
        "The Kyiv Paper", "A. Reporter", {"iso": "2024-06-12", "precision": "day"},
        "https://paper.example/news/kyiv-to-sign", "en")
    rows = list(csv.DictReader(io.StringIO((project.root / "_site/events.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0]["citations"] == ("Kyiv to sign 'unprecedented' security deal. A. Reporter, The Kyiv Paper, "
                                    "12 June 2024. https://paper.example/news/kyiv-to-sign")
    feed = feedparser.parse((project.root / "_site/feed.xml").read_bytes())
    assert "The Kyiv Paper, 12 June 2024" in feed.entries[0].content[0].value


def test_an_entrys_own_publisher_and_date_win_over_the_sidecar(project):
    sidecar(project, FULL_SIDECAR)
    project.write("content/japan-agreement.md", entry(sources=f'\n  - seed: {SEED}\n    quote: "{QUOTE}"\n'
                                                         '    publisher: "Wire service"\n    date: "2024-06-13"'))
    assert project.build().code == 0
    cite = project.html("events/japan-agreement/index.html").select_one(".sources .cite")
    assert "Wire service, 13 June 2024" in " ".join(cite.get_text().split())


def test_a_seed_source_with_its_own_url_points_at_the_sidecar(project):
    project.write("content/japan-agreement.md", entry(sources=f'\n  - seed: {SEED}\n    url: https://x.example/\n'
                                                         f'    quote: "{QUOTE}"'))
    result = project.check()
    assert ("content/japan-agreement.md:10: sources[0].url: give either seed: (a file in seeds/) or url:, not both "
            "(an article's original address goes in its sidecar, seeds/<article>.toml: url = \"...\")"
            ) in result.err.splitlines()


# -- quotes only, or the whole text ----------------------------------------------------------------

def _every_output_text(project) -> str:
    return "\n".join(path.read_text(encoding="utf-8-sig") for path in (project.root / "_site").rglob("*")
                     if path.is_file() and path.suffix in (".html", ".json", ".xml", ".csv", ".ics", ".txt"))


def test_by_default_an_article_is_shown_by_its_quoted_passages_only(project):
    assert project.build().code == 0
    page = project.html("sources/000_f58ab9d484ce5563/index.html")
    assert "Quoted passages only" in page.select_one(".lead").get_text()
    passages = page.select(".passages li")
    assert len(passages) == 1
    assert passages[0].select_one("mark").get_text() == QUOTE
    # the whole sentence around the quote, and not a word more
    assert " ".join(passages[0].select_one("blockquote").get_text().split()) == (
        "Ukraine will sign bilateral security agreements with the United States and Japan on the sidelines of "
        "the Group of Seven (G7) summit in Italy, President Volodymyr Zelensky said.")
    assert [a["href"] for a in passages[0].select(".quoted-by a")] == ["/events/japan-agreement/"]
    assert UNQUOTED not in _every_output_text(project)


def test_republish_full_shows_the_whole_article_and_says_so(project):
    sidecar(project, 'republish = "full"\nlicense = "CC BY 4.0"\n')
    assert project.build().code == 0
    page = project.html("sources/000_f58ab9d484ce5563/index.html")
    assert "The whole article as cited, unchanged, republished under its license (CC BY 4.0)" in " ".join(
        page.select_one(".lead").get_text().split())
    assert UNQUOTED in page.select_one(".article-text").get_text()
    assert page.select_one(".article-text mark").get_text() == QUOTE
    assert "seeds/" not in page.get_text()  # the build machine's file name is not the reader's business


def test_excerpts_take_whole_sentences_and_merge_when_they_share_one():
    text = ("Headline\n\nThe U.S. and Mr. Smith met on June 12. They agreed on a plan. Later, talks ended.\n\n"
            "A new paragraph. It stands alone.")
    seed = Seed("a.txt", text)
    assert [text[a:b] for a, b in sentences(text, seed.body_start)] == [
        "The U.S. and Mr. Smith met on June 12.", "They agreed on a plan.", "Later, talks ended.",
        "A new paragraph.", "It stands alone."]
    shown = seed.excerpts(["met on June", "agreed on", "It stands"])
    assert [("".join(t for t, _ in segments), quotes) for segments, quotes in shown] == [
        ("The U.S. and Mr. Smith met on June 12.", ["met on June"]),
        ("They agreed on a plan.", ["agreed on"]),
        ("It stands alone.", ["It stands"]),
    ]
    assert excerpts(text, seed.body_start, [(10, 40), (30, 60)])[0].quoted == (0, 1)


# -- the nearest passage ---------------------------------------------------------------------------

def test_the_nearest_passage_is_found_in_a_long_article_and_says_what_differs():
    filler = " ".join(f"Sentence number {i} says nothing of note." for i in range(3000))
    text = f"Head\n\n{filler} The ministers signed the accord in Geneva on Tuesday. {filler}"
    found = nearest_passage(text, "The ministers have signed the accord in Geneva on Monday.")
    assert found.passage == "The ministers signed the accord in Geneva on Tuesday."
    assert found.differences == ("'have' is not in the article", "'Monday.' where the article has 'Tuesday.'")
    assert nearest_passage(text, "Completely unrelated words about astronomy and stars") is None


def test_the_nearest_passage_is_shown_as_the_article_has_it():
    seed = Seed("a.txt", "Head\n\nHe said \u201cit\u2019s unprecedented\u201d \u2013 twice.\n")
    nearest = seed.nearest('He said "its unprecedented" - twice.')
    assert nearest.passage == "He said \u201cit\u2019s unprecedented\u201d \u2013 twice."


# -- corrections -------------------------------------------------------------------------------------

CORRECTED = entry(updated='"2024-07-02"', corrections='\n  - {date: "2024-06-20", note: "The agreement was signed '
                  'on 13 June, not 14 June."}\n  - {date: "2024-07-01", note: "Japan\'s prime minister is Fumio '
                  'Kishida."}')


def test_a_correction_shows_on_the_page_and_reaches_feed_readers_and_calendars(project):
    project.write("content/japan-agreement.md", CORRECTED)
    assert project.build().code == 0
    page = project.html("events/japan-agreement/index.html")
    assert " ".join(page.select_one(".revised").get_text().split()) == "Updated 2 July 2024 · 2 corrections"
    items = [" ".join(li.get_text().split()) for li in page.select(".corrections li")]
    assert items == ["20 June 2024: The agreement was signed on 13 June, not 14 June.",
                     "1 July 2024: Japan's prime minister is Fumio Kishida."]
    feed = feedparser.parse((project.root / "_site/feed.xml").read_bytes())
    assert feed.entries[0].updated == "2024-07-02T00:00:00Z"
    assert "The agreement was signed on 13 June, not 14 June." in feed.entries[0].content[0].value
    calendar = icalendar.Calendar.from_ical((project.root / "_site/events.ics").read_bytes())
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["SEQUENCE"]) == "3"
    assert event["LAST-MODIFIED"].dt.isoformat().startswith("2024-07-02")
    assert event["DTSTAMP"].dt.isoformat().startswith("2024-07-02")


def test_events_json_has_corrections_inverse_relations_and_the_body_as_html(project):
    project.write("content/japan-agreement.md", CORRECTED)
    project.write("content/g7-summit.md", entry(title="G7 summit", kind="summit", status="held", date='"2024-06-13"',
                                                end='"2024-06-15"'))
    project.write("content/japan-agreement.md", CORRECTED.replace(
        "---\nThe body.", "related:\n  - {event: g7-summit, as: signed-at}\n---\nSigned at [the summit](g7-summit.md)."))
    assert project.build().code == 0
    data = json.loads((project.root / "_site/events.json").read_text(encoding="utf-8"))
    schema = json.loads((project.root / "_site/events.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    by_slug = {e["slug"]: e for e in data["events"]}
    assert by_slug["g7-summit"]["inverse"] == [{"event": "japan-agreement", "as": "signed-at"}]
    assert by_slug["japan-agreement"]["inverse"] == []
    assert by_slug["japan-agreement"]["body_html"] == '<p>Signed at <a href="/events/g7-summit/">the summit</a>.</p>'
    assert by_slug["japan-agreement"]["corrections"][0] == {
        "date": "2024-06-20", "note": "The agreement was signed on 13 June, not 14 June."}
    assert by_slug["japan-agreement"]["updated"] == "2024-07-02"


def test_the_inverse_relation_follows_an_edit_of_the_other_entry(project):
    """events.json's items are reused from build to build: the target's item must change when
    another entry starts relating to it."""
    project.write("content/g7-summit.md", entry(title="G7 summit", kind="summit", status="held", date='"2024-06-13"'))
    assert project.build().code == 0
    project.write("content/japan-agreement.md", entry().replace(
        "---\nThe body.", "related:\n  - {event: g7-summit, as: signed-at}\n---\nThe body."))
    assert project.build().code == 0
    data = json.loads((project.root / "_site/events.json").read_text(encoding="utf-8"))
    assert {e["slug"]: e for e in data["events"]}["g7-summit"]["inverse"] == [
        {"event": "japan-agreement", "as": "signed-at"}]


REVISION_CASES = {
    "updated not a day": (entry(updated='"2024-07"'),
                          "content/japan-agreement.md:8: updated: expected YYYY-MM-DD, got '2024-07' "
                          "(the day the entry was revised)"),
    "updated to come": (entry(updated='"2027-01-01"'),
                        "content/japan-agreement.md:8: updated: 2027-01-01 is after today (2026-01-01) "
                        "(give the day the entry was revised)"),
    "correction without note": (entry(corrections='\n  - {date: "2024-07-01"}'),
                                "content/japan-agreement.md:9: corrections[0].note: missing "
                                "(write {date: YYYY-MM-DD, note: what was corrected})"),
    "correction to come": (entry(corrections='\n  - {date: "2026-02-01", note: "x"}'),
                           "content/japan-agreement.md:9: corrections[0].date: 2026-02-01 is after today "
                           "(2026-01-01) (give the day the entry was revised)"),
    "corrections not a list": (entry(corrections="fixed a typo"),
                               "content/japan-agreement.md:8: corrections: expected a list, got 'fixed a typo' "
                               "(write corrections: [a, b] or one '- item' per line)"),
    "correction unknown key": (entry(corrections='\n  - {date: "2024-07-01", note: "x", by: "me"}'),
                               "content/japan-agreement.md:9: corrections[0].by: unknown field (one of: date, note)"),
}


@pytest.mark.parametrize("text, message", REVISION_CASES.values(), ids=REVISION_CASES.keys())
def test_bad_revisions_are_file_line_errors(project, text, message):
    project.write("content/japan-agreement.md", text)
    result = project.check()
    assert result.code == 1
    assert message in result.err.splitlines(), result.err


# -- source-date fidelity ----------------------------------------------------------------------------

def test_an_event_cannot_be_said_to_have_happened_on_sources_published_before_it(project):
    sidecar(project, 'published = "2024-06-12"\n')
    project.write("content/japan-agreement.md", entry(date='"2024-06-13"', status="signed"))
    result = project.check()
    assert result.code == 0
    warning = ("content/japan-agreement.md:5: warning: status: 'signed' says this happened, but its only source "
               "was published before it began (the latest, seeds/000_f58ab9d484ce5563.txt, on 12 June 2024; the "
               "event 13 June 2024) (use 'proposed' or 'announced', or cite a source from after the event)")
    assert warning in result.err.splitlines(), result.err
    assert project.check("--strict").code == 1
    project.write("content/japan-agreement.md", entry(date='"2024-06-13"', status="announced"))
    assert project.check("--strict").code == 0


def test_a_later_source_keeps_the_claim(project):
    sidecar(project, 'published = "2024-06-12"\n')
    later = '\n  - url: https://x.example/a\n    title: Signed\n    date: "2024-06-14"'
    undated = '\n  - url: https://x.example/b\n    title: Undated'
    project.write("content/japan-agreement.md",
                  entry(sources=f'\n  - seed: {SEED}\n    quote: "{QUOTE}"{later}{undated}'))
    assert project.check("--strict").code == 0
    sidecar(project, 'published = "2024-06"\n')  # the month of the event: it may be after it
    project.write("content/japan-agreement.md", entry())
    assert project.check("--strict").code == 0


def test_an_undated_source_does_not_silence_the_warning_but_is_named(project):
    """An undated source may be from after the event, or not: the editor is asked for its date
    instead of the question being dropped."""
    sidecar(project, 'published = "2024-06-12"\n')
    undated = ('\n  - url: https://x.example/a\n    title: Signed'
               '\n  - url: https://x.example/b\n    title: Also signed')
    project.write("content/japan-agreement.md", entry(sources=f'\n  - seed: {SEED}\n    quote: "{QUOTE}"{undated}'))
    result = project.check()
    assert result.code == 0
    warning = ("content/japan-agreement.md:5: warning: status: 'signed' says this happened, but its only dated "
               "source was published before it began (the latest, seeds/000_f58ab9d484ce5563.txt, on 12 June 2024; "
               "the event 13 June 2024), and 2 have no date: https://x.example/a, https://x.example/b (give the undated "
               "sources' dates, use 'proposed' or 'announced', or cite a source from after the event)")
    assert warning in result.err.splitlines(), result.err
    assert project.check("--strict").code == 1
    dated = undated.replace("title: Signed", 'title: Signed\n    date: "2024-06-13"')
    project.write("content/japan-agreement.md", entry(sources=f'\n  - seed: {SEED}\n    quote: "{QUOTE}"{dated}'))
    assert project.check("--strict").code == 0  # one source from the day itself: the claim stands


def test_only_undated_sources_ask_nothing(project):
    """With no dated source there is nothing to compare: no warning (the source list says so)."""
    undated = '\n  - url: https://x.example/a\n    title: Signed'
    project.write("content/japan-agreement.md", entry(sources=undated))
    result = project.check()
    assert result.code == 0 and "japan-agreement.md" not in result.err, result.err


def test_the_bundled_article_keeps_every_status_honest(bundled):
    result = bundled.check("--strict")
    assert result.code == 0, result.err


# -- quotes only means a small share ------------------------------------------------------------------

TALKS = ("Talks in Example City\n\n" + "\n\n".join(
    f"On day {n:02d} of the talks the delegations met again." for n in range(1, 11)) + "\n")  # ten sentences alike


def quoting(project, *numbers: int, name: str = "talks") -> None:
    """An entry per number, each quoting that sentence of a ten-sentence article (a tenth of it)."""
    project.write(f"seeds/{name}.txt", TALKS)
    for n in numbers:
        quote = f"On day {n:02d} of the talks the delegations met again."
        project.write(f"content/day-{n}.md", entry(title=f"Day {n}", sources=f'\n  - seed: {name}.txt\n    quote: "{quote}"'))
    (project.root / "content/japan-agreement.md").unlink(missing_ok=True)


def share_warnings(result) -> list[str]:
    return [line for line in result.err.splitlines() if "of this article's text" in line]


def test_quoting_more_than_a_quarter_of_a_quotes_only_article_is_a_warning_naming_the_share_and_the_entries(project):
    quoting(project, 1, 2, 3, 4)
    project.write("content/day-4.md", entry(title="Days 4 and 5", sources=(
        "\n  - seed: talks.txt\n    quote: On day 04 of the talks the delegations met again."
        "\n  - seed: talks.txt\n    quote: On day 05 of the talks the delegations met again.")))
    result = project.check()
    assert result.code == 0
    assert share_warnings(result) == [
        "seeds/talks.txt: warning: the entries quote 50% of this article's text, more than the 25% a quotes-only "
        "article may show (its page republishes them); most: content/day-4.md 20%, content/day-1.md 10%, "
        "content/day-2.md 10% (quote less of it; or, if you may show that much, raise quoted_share in "
        "seeds/talks.toml, or set republish = \"full\" there if its license allows)"]
    assert project.check("--strict").code == 1


def test_a_small_share_or_a_raised_limit_or_a_full_article_asks_nothing(project):
    quoting(project, 1, 2)
    assert share_warnings(project.check()) == []  # 20%
    quoting(project, 1, 2, 3, 4, 5)
    project.write("seeds/talks.toml", "quoted_share = 0.5\n")
    assert share_warnings(project.check()) == []
    project.write("seeds/talks.toml", 'republish = "full"\n')
    assert share_warnings(project.check()) == []
    project.write("seeds/talks.toml", "")
    project.write("timeline.toml", '[site]\ntitle = "T"\n[build]\nquoted_share = 0.5\n')
    assert share_warnings(project.check()) == []
    project.write("timeline.toml", '[site]\ntitle = "T"\n[build]\nquoted_share = 0.1\n')
    quoting(project, 1)  # (the entries for days 2 to 5 remain)
    assert "more than the 10%" in share_warnings(project.check())[0]


@pytest.mark.parametrize("value, message", [
    ("0", "timeline.toml:4: build.quoted_share: expected a share above 0 and at most 1, got 0 (quoted_share = 0.25 "
          "(a quarter of an article's text))"),
    ('"a quarter"', "timeline.toml:4: build.quoted_share: expected a number, got 'a quarter'"),
    ("true", "timeline.toml:4: build.quoted_share: expected a number, got True"),
])
def test_a_bad_site_share_is_a_file_line_error(project, value, message):
    project.write("timeline.toml", f'[site]\ntitle = "T"\n[build]\nquoted_share = {value}\n')
    result = project.check()
    assert result.code == 1 and message in result.err.splitlines(), result.err


def test_the_source_page_states_the_share_it_shows(project):
    quoting(project, 1, 2)
    assert project.build().code == 0
    shown = project.html("sources/talks/index.html").find("dt", string="Shown here").find_next("dd").get_text()
    assert shown == "Quoted passages only: 20% of the article's text"  # the two quoted sentences
    project.write("seeds/talks.toml", 'republish = "full"\n')
    assert project.build().code == 0
    assert project.html("sources/talks/index.html").find("dt", string="Shown here").find_next("dd").get_text() == (
        "The whole text")


def test_a_passage_quoted_by_many_entries_counts_once():
    seed = Seed("talks.txt", TALKS)
    one = "On day 01 of the talks the delegations met again."
    assert seed.quoted_share([one]) == seed.quoted_share([one, one, "the delegations met"]) == 0.1
    assert seed.quoted_share([]) == 0.0 and seed.quoted_share(["nowhere in the text"]) == 0.0


# -- archived copies ------------------------------------------------------------------------------

ARCHIVE = "https://web.archive.org/web/20240614000000/https://x.example/a"


def test_an_archived_copy_is_shown_beside_its_source_and_carried_by_the_exports(project):
    web = f'\n  - url: https://x.example/a\n    archived: {ARCHIVE}\n    title: Signed\n    date: "2024-06-14"'
    project.write("content/japan-agreement.md", entry(sources=f'\n  - seed: {SEED}\n    quote: "{QUOTE}"{web}'))
    project.write(SIDECAR, 'archived = "https://archive.today/abcde"\n')
    assert project.build().code == 0
    page = project.html("events/japan-agreement/index.html")
    assert [a["href"] for a in page.select(".sources .cite a.archived")] == ["https://archive.today/abcde", ARCHIVE]
    assert {a.get_text() for a in page.select(".sources .cite a.archived")} == {"archived copy"}
    sources = json.loads((project.root / "_site/events.json").read_text(encoding="utf-8"))["events"][0]["sources"]
    assert [s["archived"] for s in sources] == ["https://archive.today/abcde", ARCHIVE]
    jsonld = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert [c.get("archivedAt") for c in jsonld["citation"]] == ["https://archive.today/abcde", ARCHIVE]


def test_a_media_link_may_carry_its_archived_copy(project):
    media = (f"\n  - url: https://www.youtube.com/watch?v=xyz\n    title: The ceremony\n    archived: {ARCHIVE}")
    project.write("content/japan-agreement.md", entry(media=media))
    assert project.build().code == 0
    link = project.html("events/japan-agreement/index.html").select_one(".media-link a.archived")
    assert link["href"] == ARCHIVE


@pytest.mark.parametrize("field, text, message", [
    ("sources", '\n  - url: https://x.example/a\n    archived: not an address\n    title: T',
     "content/japan-agreement.md:10: sources[0].archived: expected an http(s) address, got 'not an address' (the "
     "archive's address of the page, like https://web.archive.org/web/2024/https://...)"),
    ("media", "\n  - url: https://x.example/v\n    title: T\n    archived: ftp://x.example/v",
     "content/japan-agreement.md:11: media[0].archived: 'ftp://x.example/v' is not an http(s) address"),
])
def test_a_bad_archived_copy_is_a_file_line_error(project, field, text, message):
    project.write("content/japan-agreement.md", entry(**{field: text}))
    result = project.check()
    assert result.code == 1 and message in result.err.splitlines(), result.err


def test_a_bad_archived_copy_in_a_sidecar_is_a_file_line_error(project):
    project.write(SIDECAR, 'published = "2024-06"\narchived = "web.archive.org/x"\n')
    result = project.check()
    assert result.code == 1
    assert (f"{SIDECAR}:2: archived: expected an http(s) address, got 'web.archive.org/x' (archived = "
            "\"https://web.archive.org/web/2024/https://publisher.example/article\")") in result.err.splitlines()
