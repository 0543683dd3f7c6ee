"""The overview's zoom without scripts: the whole timeline, a page per decade and the year's page,
each with its own strip and links to the others; lanes by kind or by party; bad [overview]
settings are timeline.toml:LINE errors. (Smooth zoom with scripts: tests/test_browser.py.)"""

from __future__ import annotations

import re

from conftest import entry


def over_decades(project, years: range, per_year: int, **fields) -> None:
    """`per_year` events in each of `years`, on days spread over the year."""
    (project.root / "content/japan-agreement.md").unlink()
    for year in years:
        for n in range(per_year):
            day = f'"{year}-{1 + n * 12 // per_year:02d}-{1 + n % 28:02d}"'
            project.write(f"content/e{year}-{n:03d}.md", entry(title=f"Event {year} {n}", date=day, **fields))


def zoom_links(page) -> dict[str, list[tuple[str, str]]]:
    """The links under a strip: {"out": [(words, href)], "in": [...], "prev": [...], "next": [...]}."""
    nav = page.select_one("figure.overview nav.zoom")
    found = {"out": nav.select(".zoom-out a"), "in": nav.select(".zoom-in a"),
             "prev": nav.select("a[rel=prev]"), "next": nav.select("a[rel=next]")}
    return {name: [(a.get_text(), a["href"]) for a in links] for name, links in found.items()}


def decade(first: int) -> str:
    """How English writes a decade's years (CLDR's interval: thin spaces around the dash)."""
    return f"{first}\u2009–\u2009{first + 9}"


def strip_of(page):
    return page.select_one("figure.overview svg.overview-strip")


def test_a_timeline_over_decades_zooms_from_the_whole_to_a_decade_to_a_years_months(project):
    over_decades(project, range(1985, 2005), 10)  # 200 events: counted by year on the whole strip
    assert project.build().code == 0
    home = project.html("index.html")
    assert len(strip_of(home).select("a rect.year-bar")) == 20
    assert zoom_links(home)["in"] == [(decade(1980), "/decades/1980s/"), (decade(1990), "/decades/1990s/"),
                                      (decade(2000), "/decades/2000s/")]

    nineties = project.html("decades/1990s/index.html")
    assert nineties.h1.get_text() == decade(1990)
    strip = strip_of(nineties)
    assert (strip["data-start"], strip["data-end"]) == ("1990-01-01", "2000-01-01")
    marks = strip.select(".marks a")
    assert len(marks) == 100 and all(a["href"].startswith("/events/e199") for a in marks)  # a mark per event
    assert [t.get_text() for t in strip.select(".ticks tspan")][:2] == ["1990", "1991"]
    links = zoom_links(nineties)
    assert links["out"] == [("Whole timeline", "/")]
    assert links["in"] == [(str(y), f"/years/{y}/") for y in range(1990, 2000)]
    assert links["prev"] == [("Earlier: " + decade(1980), "/decades/1980s/")]
    assert links["next"] == [("Later: " + decade(2000), "/decades/2000s/")]
    assert [li.a.get_text() for li in nineties.select("ul.terms li")] == [str(y) for y in range(1990, 2000)]

    year = project.html("years/1995/index.html")
    strip = strip_of(year)
    assert (strip["data-start"], strip["data-end"]) == ("1995-01-01", "1996-01-01")
    assert "Mar" in [t.get_text() for t in strip.select(".ticks tspan")]  # by month
    assert sorted(a["href"] for a in strip.select(".marks a")) == sorted(
        f"/events/e1995-{n:03d}/" for n in range(10))
    links = zoom_links(year)
    assert links["out"] == [(decade(1990), "/decades/1990s/"), ("Whole timeline", "/")]
    assert (links["prev"], links["next"]) == ([("Earlier: 1994", "/years/1994/")], [("Later: 1996", "/years/1996/")])
    sitemap = (project.root / "_site/sitemap.xml").read_text(encoding="utf-8")
    assert "/decades/1990s/" in sitemap


def test_the_first_and_last_of_a_level_link_only_to_the_neighbours_they_have(project):
    over_decades(project, range(1998, 2002), 2)
    assert project.build().code == 0
    first = zoom_links(project.html("decades/1990s/index.html"))
    assert first["prev"] == [] and first["next"] == [("Later: " + decade(2000), "/decades/2000s/")]
    last = zoom_links(project.html("years/2001/index.html"))
    assert last["next"] == [] and last["prev"] == [("Earlier: 2000", "/years/2000/")]


def test_a_timeline_within_one_decade_has_no_decade_level(project):
    over_decades(project, range(2021, 2025), 2)
    assert project.build().code == 0
    assert not (project.root / "_site/decades").exists()
    assert zoom_links(project.html("index.html"))["in"] == [(str(y), f"/years/{y}/") for y in range(2021, 2025)]
    assert zoom_links(project.html("years/2022/index.html"))["out"] == [("Whole timeline", "/")]


def test_a_year_past_the_detail_limit_counts_its_months_each_leading_to_its_first_event(project):
    over_decades(project, range(2020, 2021), 180)
    project.write("timeline.toml", '[site]\ntitle = "T"\nlanguage = "en-GB"\norder = "oldest-first"\npage_size = 50\n')
    assert project.build().code == 0
    strip = strip_of(project.html("years/2020/index.html"))
    bars = strip.select("a rect.month-bar")
    assert len(bars) == 12
    links = [bar.parent for bar in bars]
    assert links[0]["aria-label"] == "January 2020: 15 events"
    for link in links:  # the page of the year's list holding the month's first card, at that card
        page, _, slug = link["href"].partition("#")
        listed = project.html(page.strip("/") + "/index.html")
        card = listed.find(id=slug)
        assert card is not None, link["href"]
        month = int(link["data-from"][5:7])
        assert card.select_one("time")["datetime"].startswith(f"2020-{month:02d}")
    assert any("/page/" in link["href"] for link in links)  # the later months are on later pages


def test_an_edit_redraws_the_strips_of_every_level_that_shows_it(project):
    over_decades(project, range(1998, 2002), 2)
    assert project.build().code == 0
    path = project.root / "content/e1999-000.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Event 1999 0", "Renamed event"), encoding="utf-8")
    assert project.build().code == 0
    for page in ("index.html", "decades/1990s/index.html", "years/1999/index.html"):
        labels = [a["aria-label"] for a in strip_of(project.html(page)).select(".marks a")]
        assert any("Renamed event" in label for label in labels), page


def test_lanes_by_kind_give_each_kind_a_named_row(project):
    over_decades(project, range(2023, 2025), 3)
    project.write("content/summit.md", entry(title="A summit", kind="summit", status="held", date='"2024-06-13"'))
    project.write("timeline.toml", '[site]\ntitle = "T"\nlanguage = "en-GB"\n\n[overview]\nlanes = "kinds"\n')
    assert project.build().code == 0
    strip = strip_of(project.html("index.html"))
    assert [t.get_text() for t in strip.select("text.row-name")] == ["Summits", "Agreements"]
    summit = strip.select_one("a.kind-summit")
    agreements = strip.select("a.kind-agreement")
    y = lambda a: float((a.select_one("circle") or a.select_one("rect.mark") or a.select_one("polygon"))  # noqa: E731
                        .get("cy") or a.select_one("rect.mark")["y"])
    assert all(y(summit) < y(a) for a in agreements)  # the summit's row first, as timeline.toml's kinds are


def test_lanes_by_party_put_an_event_in_each_of_its_parties_rows_once_in_the_tab_order(project):
    over_decades(project, range(2023, 2025), 2)  # each between Ukraine and Japan
    project.write("content/us.md", entry(title="With the United States", parties="[ukraine, united-states]"))
    project.write("timeline.toml", '[site]\ntitle = "T"\nlanguage = "en-GB"\n\n[overview]\nlanes = "parties"\n')
    assert project.build().code == 0
    strip = strip_of(project.html("index.html"))
    assert [t.get_text() for t in strip.select("text.row-name")] == ["Ukraine", "Japan", "United States"]
    marks = strip.select(".marks a")
    assert len(marks) == 5 + 4 + 1  # each event in each of its parties' rows
    reachable = [a for a in marks if a.get("tabindex") != "-1"]
    assert sorted(a["href"] for a in reachable) == sorted({a["href"] for a in marks})  # each once
    assert all(a["aria-hidden"] == "true" for a in marks if a.get("tabindex") == "-1")


def test_lanes_by_party_keep_the_busiest_parties_and_gather_the_rest(project):
    parties = "".join(f'[p{n}]\nname = "Party {n}"\ntype = "country"\n\n' for n in range(12))
    project.write("content/parties.toml", parties)
    (project.root / "content/japan-agreement.md").unlink()
    for n in range(12):  # party n is in n + 1 events
        for k in range(n + 1):
            project.write(f"content/p{n}-{k}.md", entry(title=f"P{n} {k}", parties=f"[p{n}]",
                                                         date=f'"2024-{1 + k % 12:02d}-01"'))
    project.write("timeline.toml", '[site]\ntitle = "T"\nlanguage = "en-GB"\n\n[overview]\nlanes = "parties"\n')
    assert project.build().code == 0
    names = [t.get_text() for t in strip_of(project.html("index.html")).select("text.row-name")]
    assert names == [f"Party {n}" for n in range(11, 4, -1)] + ["Other parties"]


def test_bad_overview_settings_are_config_errors_with_their_line(project):
    project.write("timeline.toml", '[site]\ntitle = "T"\n\n[overview]\nlanes = "party"\n')
    run = project.build()
    assert run.code != 0
    assert "timeline.toml:5: overview.lanes: unknown lanes 'party'" in run.err
    assert "kinds" in run.err and "parties" in run.err  # what it may be
    project.write("timeline.toml", '[site]\ntitle = "T"\n\n[overview]\nlane = "kinds"\n')
    run = project.build()
    assert run.code != 0 and re.search(r"timeline\.toml:5: overview\.lane: unknown key.*lanes", run.err)
    project.write("timeline.toml", '[site]\ntitle = "T"\n\n[overview]\nlanes = true\n')
    run = project.build()
    assert run.code != 0 and "timeline.toml:5: overview.lanes: expected a string, got True" in run.err
    assert not (project.root / "_site").exists()
