"""Feeds, calendars and data exports, each read back by the consumer it is made for."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import xml.etree.ElementTree as ET
from urllib.parse import urljoin, urlsplit

import feedparser
import icalendar
import jsonschema
import pytest
from browser import npm_file, serve
from bs4 import BeautifulSoup

from conftest import entries_in, entry

BASE = "https://example.org/project/"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def published(bundled):
    """The bundled timeline built as GitHub Pages would publish it, under /project/."""
    result = bundled.build("--strict", "--base-url", BASE)
    assert result.code == 0, result.err
    return bundled


def read(project, name: str) -> bytes:
    return (project.root / "_site" / name).read_bytes()


def event_count(project) -> int:
    return len(entries_in(project.root / "content"))


# -- Atom -----------------------------------------------------------------------------------------

def test_the_feed_parses_cleanly_with_every_entry(published):
    feed = feedparser.parse(read(published, "feed.xml"))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Ukraine's security agreements"
    assert len(feed.entries) == event_count(published)
    for item in feed.entries:
        assert item.link.startswith(BASE + "events/") and item.id == item.link
        assert item.summary and item.content[0].value
        assert item.updated_parsed is not None
    summit = next(e for e in feed.entries if e.link.endswith("/g7-summit-2024-apulia/"))
    assert summit.updated.startswith("2024-06-15")  # the last day the entry mentions, not the build's clock
    assert "13\u2009–\u200915 June 2024" in summit.content[0].value
    body_link = BeautifulSoup(summit.content[0].value, "html.parser").find("a", string="Japan")["href"]
    assert body_link == BASE + "events/ukraine-japan-security-agreement-2024/"  # resolved against xml:base


def test_feed_ids_survive_a_title_edit_and_dates_come_from_the_content(published, monkeypatch):
    before = feedparser.parse(read(published, "feed.xml"))
    path = published.root / "content/g7-summit-2024-apulia.md"
    path.write_text(path.read_text(encoding="utf-8").replace('title: "G7 summit in Apulia"', 'title: "The G7 summit"'),
                    encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")  # another day: nothing may depend on it
    assert published.run("build", "--base-url", BASE).code == 0
    after = feedparser.parse(read(published, "feed.xml"))
    assert [e.id for e in after.entries] == [e.id for e in before.entries]
    assert [e.updated for e in after.entries] == [e.updated for e in before.entries]
    assert "The G7 summit" in [e.title for e in after.entries]


def test_feed_without_a_host_uses_stable_urn_ids_and_root_relative_links(bundled):
    assert bundled.build().code == 0
    feed = feedparser.parse(read(bundled, "feed.xml"))
    assert not feed.bozo
    ids = [e.id for e in feed.entries]
    assert all(i.startswith("urn:uuid:") for i in ids) and len(set(ids)) == len(ids)
    assert bundled.build().code == 0 and [e.id for e in feedparser.parse(read(bundled, "feed.xml")).entries] == ids


def test_feed_keeps_the_most_recent_entries_when_configured(project):
    for number in range(5):
        project.write(f"content/event-{number}.md", entry(title=f"Event {number}", date=f'"202{number}-01-01"'))
    (project.root / "content/japan-agreement.md").unlink()
    project.write("timeline.toml", '[site]\ntitle = "T"\nfeed_entries = 2\n')
    assert project.build().code == 0
    feed = feedparser.parse(read(project, "feed.xml"))
    assert [e.title for e in feed.entries] == ["Event 4", "Event 3"]


# -- iCalendar --------------------------------------------------------------------------------------

def calendar_events(project) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(read(project, "events.ics"))
    return {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}


def test_the_calendar_round_trips_through_icalendar(published):
    events = calendar_events(published)
    assert len(events) == event_count(published)
    summit = events["g7-summit-2024-apulia"]
    assert summit.decoded("DTSTART") == dt.date(2024, 6, 13)
    assert summit.decoded("DTEND") == dt.date(2024, 6, 16)  # exclusive: the summit ran 13-15 June
    assert str(summit["SUMMARY"]) == "G7 summit in Apulia"
    assert str(summit["LOCATION"]) == "Apulia, Italy"
    assert str(summit["URL"]) == BASE + "events/g7-summit-2024-apulia/"
    assert summit.decoded("DTSTAMP") == dt.datetime(2024, 6, 15, tzinfo=dt.timezone.utc)
    assert str(summit["STATUS"]) == "CONFIRMED"
    assert len({str(e["UID"]) for e in events.values()}) == len(events)


def test_a_month_precision_event_spans_the_month_and_says_so(published):
    japan = calendar_events(published)["ukraine-japan-security-agreement-2024"]
    assert japan.decoded("DTSTART") == dt.date(2024, 6, 1) and japan.decoded("DTEND") == dt.date(2024, 7, 1)
    assert "Known only to the month: June 2024" in str(japan["DESCRIPTION"])
    fourteen = calendar_events(published)["bilateral-security-agreements-14-countries"]
    assert fourteen.decoded("DTSTART") == dt.date(2023, 7, 1) and fourteen.decoded("DTEND") == dt.date(2024, 7, 1)
    assert "approximate" in str(fourteen["DESCRIPTION"])


def test_the_calendar_uses_crlf_folds_long_lines_and_escapes_text(project):
    title = "Talks on trade, energy; and a back\\slash:" + " long words é" * 12
    project.write("content/japan-agreement.md", entry(title=json.dumps(title), location='"Geneva, Switzerland"'))
    assert project.build().code == 0
    raw = read(project, "events.ics")
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # folded
    for line in lines:
        line.decode("utf-8")  # no character was cut in two by folding
    assert b"SUMMARY:Talks on trade\\, energy\\; and a back\\\\slash: " in raw
    event = calendar_events(project)["japan-agreement"]
    assert str(event["SUMMARY"]) == title and str(event["LOCATION"]) == "Geneva, Switzerland"


# -- events.json and its schema ---------------------------------------------------------------------

def test_events_json_validates_against_the_published_schema(published):
    schema = json.loads(read(published, "events.schema.json"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(read(published, "events.json"))
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["version"] == 1 and data["$schema"] == BASE + "events.schema.json"
    assert len(data["events"]) == event_count(published)
    japan = next(e for e in data["events"] if e["slug"] == "ukraine-japan-security-agreement-2024")
    assert japan["when"]["start"] == {"iso": "2024-06", "precision": "month"}
    assert (japan["when"]["first_day"], japan["when"]["last_day"]) == ("2024-06-01", "2024-06-30")
    assert {"event": "g7-summit-2024-apulia", "as": "signed-at"} in japan["related"]
    assert japan["milestones"][0]["date"] == {"iso": "2024-06", "precision": "month"}
    assert japan["sources"][0]["seed"] == "000_f58ab9d484ce5563.txt"
    assert japan["sources"][0]["page"] == BASE + "sources/000_f58ab9d484ce5563/"
    assert {p["id"] for p in japan["parties"]} == {"ukraine", "japan"}


def test_the_schema_rejects_what_it_must(published):
    schema = json.loads(read(published, "events.schema.json"))
    data = json.loads(read(published, "events.json"))
    data["events"][0]["when"]["start"] = {"iso": "2024-6", "precision": "month"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


# -- TimelineJS -------------------------------------------------------------------------------------

def test_timelinejs_json_keeps_precision_and_escapes_html(project):
    project.write("content/japan-agreement.md", entry(title='"Deal <b>signed</b> & sealed"', date='"2024-06"'))
    assert project.build().code == 0
    data = json.loads(read(project, "timelinejs.json"))
    (slide,) = data["events"]
    assert slide["start_date"] == {"year": 2024, "month": 6} and "end_date" not in slide
    assert slide["display_date"] == "June 2024"
    assert slide["text"]["headline"] == "Deal &lt;b&gt;signed&lt;/b&gt; &amp; sealed"
    assert slide["group"] == "Agreements" and slide["unique_id"] == "japan-agreement"
    assert data["title"]["text"]["headline"] == "Test timeline"


def test_timelinejs_shows_our_events_in_chromium(published, page, tmp_path):
    """Knight Lab's TimelineJS3 from npm loads our timelinejs.json in a real browser."""
    script = npm_file("@knight-lab/timelinejs/dist/js/timeline.js")
    root = tmp_path / "www"
    shutil.copytree(published.root / "_site", root / "project")
    shutil.copytree(script.parent.parent, root / "timelinejs")
    (root / "show.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>TimelineJS</title>'
        '<link rel="icon" href="data:,"><link rel="stylesheet" href="/timelinejs/css/timeline.css"></head><body>'
        '<div id="timeline" style="width: 1000px; height: 600px"></div>'
        '<script src="/timelinejs/js/timeline.js"></script>'
        '<script>window.timeline = new TL.Timeline("timeline", "/project/timelinejs.json",'
        ' {script_path: "/timelinejs/js/", font: null});'
        'window.timeline.on("loaded", () => { window.loaded = true; });</script></body></html>', encoding="utf-8")
    data = json.loads(read(published, "timelinejs.json"))
    with serve(root) as origin:
        page.goto(origin + "/show.html")
        page.wait_for_function("window.loaded === true", timeout=15000)
        headlines = page.eval_on_selector_all(".tl-slide .tl-headline", "nodes => nodes.map(n => n.textContent)")
        markers = page.eval_on_selector_all(".tl-timemarker", "nodes => nodes.length")
        japan_date = page.text_content("[id='ukraine-japan-security-agreement-2024'] .tl-headline-date")
    titles = {json.loads(json.dumps(e["text"]["headline"])).replace("&#39;", "'") for e in data["events"]}
    assert titles <= {h.strip() for h in headlines}
    assert markers == len(data["events"])
    assert japan_date.strip() == "June 2024"  # a month, not 1 June
    assert page.problems == []


# -- CSV ----------------------------------------------------------------------------------------------

def test_csv_is_rfc4180_utf8_and_never_a_formula(project):
    project.write("content/japan-agreement.md", entry(title='"=HYPERLINK(\\"http://evil.example\\")"',
                                                      summary='"+1, said \\"Zürich\\"; -2"', location='"@home"'))
    assert project.build().code == 0
    raw = read(project, "events.csv")
    assert raw.split(b"\r\n")[0].startswith(b"\xef\xbb\xbfslug,title,date,end,precision")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    (row,) = rows
    assert row["title"] == "'=HYPERLINK(\"http://evil.example\")"
    assert row["summary"] == "'+1, said \"Zürich\"; -2"
    assert row["location"] == "'@home"
    assert (row["date"], row["precision"], row["first_day"], row["last_day"]) == (
        "2024-06-13", "day", "2024-06-13", "2024-06-13")


def test_csv_opens_in_a_spreadsheet_with_its_dashes_intact(published):
    """Excel and LibreOffice take a CSV with a UTF-8 byte order mark as UTF-8; without it, as the
    system's code page ('13â€“15 June 2024'). A reader that honours the mark gets the text back."""
    raw = read(published, "events.csv")
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""))}
    assert rows["g7-summit-2024-apulia"]["display_date"] == "13\u2009\u2013\u200915 June 2024"
    assert "â€" not in raw.decode("utf-8-sig")


# -- sitemap, robots, links under the base path --------------------------------------------------------

def test_sitemap_lists_every_page_and_robots_points_to_it(published):
    site = published.root / "_site"
    root = ET.fromstring(read(published, "sitemap.xml"))
    listed = [loc.text for loc in root.iter(f"{SITEMAP_NS}loc")]
    pages = {BASE + p.relative_to(site).as_posix().removesuffix("index.html")
             for p in site.rglob("*.html") if p.name != "404.html" and "embed" not in p.relative_to(site).parts}
    assert sorted(listed) == sorted(pages)
    lastmod = {u.find(f"{SITEMAP_NS}loc").text: u.find(f"{SITEMAP_NS}lastmod") for u in root}
    assert lastmod[BASE + "events/g7-summit-2024-apulia/"].text == "2024-06-15"
    assert f"Sitemap: {BASE}sitemap.xml" in read(published, "robots.txt").decode()


def test_no_link_escapes_the_base_path(published):
    """Every href and src of every page, the feed's links and the sitemap stay under /project/."""
    site = published.root / "_site"
    urls = []
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        page_url = BASE + page.relative_to(site).as_posix().removesuffix("index.html")
        urls += [urljoin(page_url, e.get("href") or e.get("src")) for e in soup.find_all(href=True) + soup.find_all(src=True)]
        urls += [m["content"] for m in soup.find_all("meta", property="og:url")]
        for script in soup.find_all("script", type="application/ld+json"):
            urls.append(json.loads(script.string)["url"])
    feed = feedparser.parse(read(published, "feed.xml"))
    urls += [link.href for item in [feed.feed, *feed.entries] for link in item.links]
    urls += [a["href"] for item in feed.entries for a in BeautifulSoup(item.content[0].value, "html.parser").find_all("a")]
    urls += [loc.text for loc in ET.fromstring(read(published, "sitemap.xml")).iter(f"{SITEMAP_NS}loc")]
    urls += [e["url"] for e in json.loads(read(published, "events.json"))["events"]]
    ours = [u for u in urls if urlsplit(u).netloc in ("", "example.org")]
    assert len(ours) > 500
    escaping = sorted({u for u in ours if not u.startswith(BASE)})
    assert escaping == []


def test_the_404_page_works_at_any_depth(published):
    soup = BeautifulSoup(read(published, "404.html"), "html.parser")
    for element in soup.find_all(href=True) + soup.find_all(src=True):
        url = element.get("href") or element.get("src")
        assert url.startswith("/project/") or url.startswith("#"), url


# -- JSON-LD, Open Graph, feeds in the head -------------------------------------------------------------

def test_event_pages_carry_json_ld_open_graph_and_a_canonical_link(published):
    soup = published.html("events/g7-summit-2024-apulia/index.html")
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "Event" and data["name"] == "G7 summit in Apulia"
    assert (data["startDate"], data["endDate"]) == ("2024-06-13", "2024-06-15")  # inclusive
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["name"] == "Apulia, Italy"
    assert {a["name"] for a in data["attendee"]} == {"Group of Seven (G7)", "Ukraine"}
    assert soup.find("link", rel="canonical")["href"] == BASE + "events/g7-summit-2024-apulia/"
    assert soup.find("meta", property="og:type")["content"] == "article"
    assert soup.find("meta", property="og:title")["content"] == "G7 summit in Apulia"
    feeds = {link["type"]: link["href"] for link in soup.find_all("link", rel="alternate") if link.get("type")}
    assert feeds["application/atom+xml"] == "/project/feed.xml"
    assert feeds["text/calendar"] == "/project/events.ics"
    japan = json.loads(published.html("events/ukraine-japan-security-agreement-2024/index.html")
                       .find("script", type="application/ld+json").string)
    assert japan["startDate"] == "2024-06" and "eventStatus" not in japan  # reduced ISO for a month


def test_a_script_end_tag_in_a_title_cannot_end_the_json_ld(project):
    title = "</script><script>alert(1)</script>"
    project.write("content/japan-agreement.md", entry(title=json.dumps(title)))
    assert project.build().code == 0
    html = (project.root / "_site/events/japan-agreement/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert json.loads(soup.find("script", type="application/ld+json").string)["name"] == title
    assert feedparser.parse(read(project, "feed.xml")).entries[0].title == title


def test_no_canonical_link_without_a_host(bundled):
    assert bundled.build().code == 0
    soup = bundled.html("index.html")
    assert soup.find("link", rel="canonical") is None and soup.find("meta", property="og:url") is None
    assert "Sitemap:" not in read(bundled, "robots.txt").decode()
