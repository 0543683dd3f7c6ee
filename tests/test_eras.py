"""Eras: [[eras]] in timeline.toml, named periods drawn as bands on the overview strip and as
headings in the timeline's list, translated per language, carried by events.json and the
TimelineJS export (and kept by the TimelineJS import); bad eras are timeline.toml:LINE errors."""

from __future__ import annotations

import json
import tomllib

import jsonschema
import pytest

from conftest import dedent, entry

ERAS = """\
[[eras]]
title = "The talks"
start = "2023-07"
end = "2024-05"
description = "Months of negotiation."
[eras.uk]
title = "Переговори"

[[eras]]
title = "The summit"
start = "2024-06-01"
end = "2024-06-30"
"""


def two_languages(project, eras: str = ERAS, page_size: int = 200) -> None:
    project.write("timeline.toml", dedent(f"""
        [site]
        title = "Test timeline"
        page_size = {page_size}
        [languages.en-GB]
        [languages.uk]
        """) + "\n" + eras)
    project.write("content/talks.md", entry(title="Talks open", date='"2023-09"', status="held", kind="summit"))
    project.write("content/before.md", entry(title="Before any era", date='"2022-03-01"'))
    project.write("content/talks.uk.md", "---\ntitle: Переговори почалися\n---\nТекст.\n")


def test_eras_head_the_list_in_their_order_and_band_the_strip_in_each_language(project):
    two_languages(project)
    result = project.build()
    assert result.code == 0, result.err
    page = project.html("index.html")
    sections = page.select(".timeline > section")
    # newest first: the summit's era, the talks' era, then the year before every era
    assert [s.get("class") for s in sections] == [["era"], ["era"], ["year"]]
    summit, talks, before = sections
    assert summit.select_one(".era-heading h2").get_text() == "The summit"
    assert summit.select_one(".era-dates").get_text() == "1\u2009–\u200930 June 2024"
    assert [a.get_text() for a in summit.select(".event-title a")] == ["Ukraine and Japan sign a security agreement"]
    assert talks.select_one(".era-heading h2").get_text() == "The talks"
    assert talks.select_one(".era-description").get_text() == "Months of negotiation."
    assert [h.name for h in talks.select(".year-heading")] == ["h3"]  # its years under its heading
    assert [a.get_text() for a in talks.select(".event-title a")] == ["Talks open"]
    assert before.select_one(".year-heading").name == "h2" and "Before any era" in before.get_text()
    ids = [tag["id"] for tag in page.select("[id]")]
    assert len(ids) == len(set(ids))  # a year an era divides is a section in each, with its own id
    names = [t.get_text() for t in page.select("svg.overview-strip .era-name")]
    assert names == ["The talks", "The summit"]
    bands = page.select("svg.overview-strip rect.era-band")
    assert [b.title.get_text() for b in bands] == ["The talks (July 2023\u2009–\u2009May 2024)", "The summit (1\u2009–\u200930 June 2024)"]
    assert float(bands[0]["x"]) < float(bands[1]["x"])  # time runs left to right
    uk = project.html("uk/index.html")
    heading = uk.select(".era-heading h2")
    assert [h.get_text() for h in heading] == ["The summit", "Переговори"]
    assert heading[0]["lang"] == "en-GB" and not heading[1].has_attr("lang")  # the untranslated one says so
    assert uk.select_one(".era-description")["lang"] == "en-GB"
    assert "червня 2024" in uk.select_one(".era-dates").get_text()


def test_a_paginated_timeline_repeats_the_era_on_each_page_it_reaches(project):
    two_languages(project, page_size=1)
    for day in ("2024-01-10", "2024-02-10", "2024-03-10"):
        project.write(f"content/talk-{day}.md", entry(title=f"Round on {day}", date=f'"{day}"', status="held",
                                                     kind="summit"))
    assert project.build().code == 0
    first = project.html("index.html")
    pages = [a["href"].strip("/") for a in first.select(".pagination ol a")]
    headings = [[h.get_text() for h in project.html(f"{page}/index.html".lstrip("/")).select(".era-heading h2")]
                for page in pages]
    assert headings[0] == ["The summit"]
    assert headings[1:4] == [["The talks"]] * 3  # the era's heading on every page of its events
    assert headings[-1] == []  # the year before every era


def test_events_json_and_the_timelinejs_export_carry_the_eras_and_import_keeps_them(project, tmp_path):
    two_languages(project)
    assert project.build().code == 0
    site = project.root / "_site"
    data = json.loads((site / "events.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads((site / "events.schema.json").read_text(encoding="utf-8")))
    assert [(e["title"], e["when"]["start"]["iso"], e["when"]["last_day"], e["description"]) for e in data["eras"]] == [
        ("The talks", "2023-07", "2024-05-31", "Months of negotiation."), ("The summit", "2024-06-01", "2024-06-30", "")]
    assert [e["title"] for e in json.loads((site / "uk/events.json").read_text(encoding="utf-8"))["eras"]] == [
        "Переговори", "The summit"]
    timelinejs = json.loads((site / "timelinejs.json").read_text(encoding="utf-8"))
    assert timelinejs["eras"][0] == {"start_date": {"year": 2023, "month": 7}, "end_date": {"year": 2024, "month": 5},
                                     "text": {"headline": "The talks", "text": "Months of negotiation."}}
    # the round trip: a new site imports the export, and has the same eras
    fresh = project.root.parent / "fresh"
    (fresh / "content").mkdir(parents=True)
    (fresh / "timeline.toml").write_text('[site]\ntitle = "Fresh"\n', encoding="utf-8")
    result = project.run("--root", str(fresh), "import", str(site / "timelinejs.json"))
    assert result.code == 0, result.err
    eras = tomllib.loads((fresh / "timeline.toml").read_text(encoding="utf-8"))["eras"]
    assert eras == [{"title": "The talks", "start": "2023-07", "end": "2024-05", "description": "Months of negotiation."},
                    {"title": "The summit", "start": "2024-06-01", "end": "2024-06-30"}]


def test_an_import_whose_eras_overlap_the_sites_writes_nothing(project):
    project.write("timeline.toml", '[site]\ntitle = "T"\n\n' + ERAS.replace('[eras.uk]\ntitle = "Переговори"\n', ""))
    before = (project.root / "timeline.toml").read_text(encoding="utf-8")
    project.write("old/t.json", json.dumps({"eras": [{"start_date": {"year": 2024}, "end_date": {"year": 2024},
                                                      "text": {"headline": "All of 2024"}}],
                                            "events": [{"start_date": {"year": 2020}, "text": {"headline": "A"}}]}))
    result = project.run("import", str(project.root / "old/t.json"))
    assert result.code == 1
    assert "with the imported eras added, 'All of 2024' (2024) begins before 'The talks'" in result.err
    assert (project.root / "timeline.toml").read_text(encoding="utf-8") == before
    assert not (project.root / "content/a.md").exists()


BAD_ERAS = {
    "end before start": ('[[eras]]\ntitle = "A"\nstart = "2024-06"\nend = "2024-01"\n',
                         'timeline.toml:7: eras.end: ends (2024-01) before it starts (2024-06) (swap start and end)'),
    "overlap": ('[[eras]]\ntitle = "A"\nstart = "2020"\nend = "2022"\n\n[[eras]]\ntitle = "B"\nstart = "2022-03"\n'
                'end = "2023"\n',
                "timeline.toml:9: eras: 'B' (2022-03) begins before 'A' (line 4) ends (2022) (eras may not overlap"),
    "unknown key": ('[[eras]]\ntitle = "A"\nstart = "2020"\nend = "2021"\ncolour = "red"\n',
                    "timeline.toml:8: eras.colour: unknown key (one of: title, start, end, description)"),
    "misspelt key": ('[[eras]]\ntitle = "A"\nstart = "2020"\nedn = "2021"\n',
                     "timeline.toml:7: eras.edn: unknown key (did you mean 'end'?)"),
    "no title": ('[[eras]]\nstart = "2020"\nend = "2021"\n', 'timeline.toml:4: eras: an era needs a title'),
    "no end": ('[[eras]]\ntitle = "A"\nstart = "2020"\n', "timeline.toml:4: eras: an era needs an end"),
    "bad date": ('[[eras]]\ntitle = "A"\nstart = "2020-02-30"\nend = "2021"\n',
                 "timeline.toml:6: eras.start: February 2020 has 29 days, got '2020-02-30'"),
    "a number": ('[[eras]]\ntitle = "A"\nstart = 2020.5\nend = "2021"\n',
                 "timeline.toml:6: eras.start: expected a date, got 2020.5"),
    "empty title": ('[[eras]]\ntitle = " "\nstart = "2020"\nend = "2021"\n',
                    "timeline.toml:5: eras.title: expected text, got ' '"),
    "a language the site lacks": ('[[eras]]\ntitle = "A"\nstart = "2020"\nend = "2021"\n[eras.de]\ntitle = "B"\n',
                                  "timeline.toml:8: eras.de: 'de' is not one of the site's other languages"),
    "a translation's unknown key": ('[[eras]]\ntitle = "A"\nstart = "2020"\nend = "2021"\n[eras.uk]\nnote = "B"\n',
                                    "timeline.toml:10: eras.uk.note: unknown key"),
    "not tables": ('eras = ["2020"]\n', 'timeline.toml:1: eras: expected [[eras]] tables'),
}


@pytest.mark.parametrize("case", BAD_ERAS, ids=list(BAD_ERAS))
def test_bad_eras_are_timeline_toml_line_errors(project, case):
    toml, message = BAD_ERAS[case]
    languages = "[languages.en-GB]\n[languages.uk]\n" if "uk" in toml else ""
    if toml.startswith("eras ="):  # a key of the file, before any [table]
        project.write("timeline.toml", f'{toml}[site]\ntitle = "T"\n')
    else:
        project.write("timeline.toml", f'[site]\ntitle = "T"\n{languages or chr(10)}{toml}')
    result = project.check()
    assert result.code == 1
    assert message in result.err, result.err
    assert "Traceback" not in result.err
