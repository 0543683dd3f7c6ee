"""Exports that scale: past a size, events.json, timelinejs.json, events.ics and events.csv are split
by the year events start in (a large year in several parts); events.json lists the parts, each
other format's own name holds the newest part. The sizes are lowered here; the benchmark shows
that no file passes 10 MB at 100,000 events."""

from __future__ import annotations

import csv
import io
import json

import icalendar
import jsonschema
import pytest

from conftest import entry
from generator.outputs import parts

YEARS = {1998: 2, 1999: 5, 2000: 1}  # events per year


@pytest.fixture
def split(project, monkeypatch):
    """A timeline whose exports split: 1999's five events in parts of at most two."""
    project.write("content/japan-agreement.md", entry(date='"1998-01-05"'))
    for year, count in YEARS.items():
        for n in range(count if year != 1998 else count - 1):
            project.write(f"content/e-{year}-{n}.md", entry(title=f"Event {n} of {year}", date=f'"{year}-0{n + 1}-10"'))
    size = parts.estimated_size  # every event of these is the same size, give or take its title
    monkeypatch.setattr(parts, "WHOLE_BYTES", 1)
    monkeypatch.setattr(parts, "PART_BYTES", 2 * 2600)
    monkeypatch.setattr(parts, "estimated_size", lambda event: 2600 if size(event) else 0)
    assert project.build().code == 0
    return project.root / "_site"


def test_a_large_timelines_exports_are_split_by_year_and_listed_in_events_json(split):
    index = json.loads((split / "events.json").read_text(encoding="utf-8"))
    assert "events" not in index
    jsonschema.validate(index, json.loads((split / "events.schema.json").read_text(encoding="utf-8")))
    files = [part["events"].rsplit("/", 1)[1] for part in index["parts"]]
    assert files == ["events-1998.json", "events-1999-1.json", "events-1999-2.json", "events-1999-3.json",
                     "events-2000.json"]
    assert [part["count"] for part in index["parts"]] == [2, 2, 2, 1, 1]
    assert index["parts"][1]["first_day"] == "1999-01-10" and index["parts"][1]["last_day"] == "1999-02-10"
    seen = []
    for part in index["parts"]:
        data = json.loads((split / part["events"].lstrip("/")).read_text(encoding="utf-8"))
        jsonschema.validate(data, json.loads((split / "events.schema.json").read_text(encoding="utf-8")))
        assert len(data["events"]) == part["count"]
        seen += [event["slug"] for event in data["events"]]
        timelinejs = json.loads((split / part["timelinejs"].lstrip("/")).read_text(encoding="utf-8"))
        assert [slide["unique_id"] for slide in timelinejs["events"]] == [e["slug"] for e in data["events"]]
        calendar = icalendar.Calendar.from_ical((split / part["icalendar"].lstrip("/")).read_bytes())
        assert len(calendar.walk("VEVENT")) == part["count"]
        rows = list(csv.DictReader(io.StringIO((split / part["csv"].lstrip("/")).read_text(encoding="utf-8-sig"))))
        assert [row["slug"] for row in rows] == [e["slug"] for e in data["events"]]
    assert len(seen) == len(set(seen)) == sum(YEARS.values())  # every event once
    # the other formats' own names: the newest part, for subscriptions and links made before the split
    newest = index["parts"][-1]
    for name, key in (("timelinejs.json", "timelinejs"), ("events.ics", "icalendar"), ("events.csv", "csv")):
        assert (split / name).read_bytes() == (split / newest[key].lstrip("/")).read_bytes(), name


def test_an_edit_rewrites_the_parts_of_its_year_and_the_index_only(split, project):
    before = {p.name: p.read_bytes() for p in split.glob("*.*")}
    project.write("content/e-1999-3.md", entry(title="Event 3 of 1999, renamed", date='"1999-04-10"'))
    assert project.build().code == 0
    after = {p.name: p.read_bytes() for p in split.glob("*.*")}
    changed = sorted(name for name in after if before.get(name) != after[name])
    assert changed == ["events-1999-2.csv", "events-1999-2.ics", "events-1999-2.json", "feed.xml", "index.html",
                       "timelinejs-1999-2.json"]  # (and the timeline's page that lists it)


def test_a_small_timeline_keeps_each_export_whole(project):
    assert project.build().code == 0
    site = project.root / "_site"
    assert "events" in json.loads((site / "events.json").read_text(encoding="utf-8"))
    assert not list(site.glob("events-*")) and not list(site.glob("timelinejs-*"))


def test_past_the_protocols_bound_sitemap_xml_is_an_index_of_sitemaps(project, monkeypatch):
    import xml.etree.ElementTree as ET

    from generator.outputs import files

    monkeypatch.setattr(files, "SITEMAP_URLS", 10)
    assert project.build().code == 0
    site, ns = project.root / "_site", {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.parse(site / "sitemap.xml").getroot()
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    listed = [loc.text for loc in index.findall("s:sitemap/s:loc", ns)]
    assert listed == [f"/sitemap-{n}.xml" for n in range(1, len(listed) + 1)] and len(listed) > 1
    pages = [loc.text for name in listed for loc in ET.parse(site / name.lstrip("/")).getroot().findall("s:url/s:loc", ns)]
    assert len(pages) == len(set(pages)) > 10 and "/events/japan-agreement/" in pages
    assert all(len(ET.parse(site / name.lstrip("/")).getroot()) <= 10 for name in listed)
