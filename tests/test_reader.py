"""The reader's timeline as built (no browser): pages by year, the overview strip, the filter's index."""

from __future__ import annotations

import re

from conftest import entry
from generator.core.dates import PartialDate, Span
from generator.model.date_text import DateText
from generator.model.timeline import Event
from generator.site.pagination import paginate
from generator.site.words import Words


def event(slug: str, year: int) -> Event:
    return Event(slug=slug, path=f"content/{slug}.md", title=slug, span=Span(PartialDate(year, 6, 1)), kind="summit")


def years_of(chunks) -> list[list[int]]:
    return [[e.span.start.year for e in chunk.events] for chunk in chunks]


def test_pages_take_whole_years_and_split_only_a_year_too_long_for_one_page():
    events = [event(f"a{i}", 2020) for i in range(2)] + [event(f"b{i}", 2021) for i in range(2)] + \
             [event(f"c{i}", 2022) for i in range(7)] + [event(f"d{i}", 2023) for i in range(1)]
    words, dates = Words("en-GB"), DateText("en-GB")
    chunks = paginate(events, 3, words, dates)
    assert [c.label for c in chunks] == ["2020", "2021", "2022, part 1 of 3", "2022, part 2 of 3", "2022, part 3 of 3",
                                         "2023"]
    assert years_of(chunks) == [[2020] * 2, [2021] * 2, [2022] * 3, [2022] * 3, [2022], [2023]]
    assert [c.label for c in paginate(events, 5, words, dates)] == [
        "2020\u2009\u2013\u20092021", "2022, part 1 of 2", "2022, part 2 of 2", "2023"]
    assert [c.label for c in paginate(events, 100, words, dates)] == ["2020\u2009\u2013\u20092023"]
    assert sum(len(c.events) for c in paginate(events, 4, words, dates)) == len(events)
    assert [c.label for c in paginate(events, 5, Words("uk"), DateText("uk"))][:2] == [
        "2020\u20132021", "2022, частина 1 з 2"]


def many(project, count: int, **fields) -> None:
    (project.root / "content/japan-agreement.md").unlink()
    for number in range(count):
        project.write(f"content/e{number:03d}.md", entry(title=f"Event {number}", date=f'"{1980 + number // 4}-03-0{1 + number % 4}"',
                                                      **fields))


def test_the_timeline_and_long_lists_are_paged_with_distinct_titles(project):
    many(project, 12)
    project.write("timeline.toml", '[site]\ntitle = "T"\npage_size = 5\n')
    assert project.build().code == 0
    site = project.root / "_site"
    assert (site / "page/2/index.html").is_file() and (site / "page/3/index.html").is_file()
    assert not (site / "page/4").exists()
    home = project.html("index.html")
    labels = [a.text for a in home.select("nav.pagination")[0].select("li a")]
    assert labels == ["1982", "1981", "1980"]  # 4 events a year: whole years, newest first
    assert home.select_one(".pagination a[aria-current=page]")["href"] == "/"
    assert len(home.select("#timeline-list .event")) == 4
    second = project.html("page/2/index.html")
    assert second.title.text.startswith("1981 · T")
    assert second.select_one("a[rel=prev]")["href"] == "/" and second.select_one("a[rel=next]")["href"] == "/page/3/"
    titles = [project.html(p).title.text for p in ("index.html", "page/2/index.html", "page/3/index.html")]
    assert len(set(titles)) == 3
    party = project.html("parties/japan/index.html")  # every event names Japan: the list pages too
    assert len(party.select("nav.pagination")[0].select("li a")) == 3
    assert (site / "parties/japan/page/3/index.html").is_file()
    # each page's link says which days its events start on (the script's jumps to an event or a date)
    ranges = [(a["data-first"], a["data-last"]) for a in home.select("nav.pagination")[0].select("li a")]
    assert ranges[0][0].startswith("1982-") and ranges[2][1].startswith("1980-") and ranges[1][0] > ranges[2][1]
    assert home.select_one("form#filter")["data-order"] == "newest-first"


def test_a_short_timeline_is_one_page_without_pagination(project):
    assert project.build().code == 0
    home = project.html("index.html")
    assert home.select("nav.pagination") == [] and not (project.root / "_site/page").exists()


def test_the_overview_draws_a_named_link_per_event_months_as_months(project):
    project.write("content/month.md", entry(title="Month deal", date='"2024-06"'))
    project.write("content/span.md", entry(title="Long talks", date='"2024-01-10"', end='"2024-03-20"', kind="meeting",
                                           status="held", approximate="true"))
    assert project.build().code == 0
    strip = project.html("index.html").select_one("svg.overview-strip")
    links = {a["aria-label"]: a for a in strip.select("a")}
    assert set(links) == {"13 June 2024: Ukraine and Japan sign a security agreement (Agreement)",
                          "June 2024: Month deal (Agreement)",
                          "c.\u00a010 January\u2009\u2013\u200920 March 2024: Long talks (Meeting)"}
    month = links["June 2024: Month deal (Agreement)"]
    assert month.select_one("rect.span") is not None  # a bar over the month
    assert float(month.select_one("rect.span")["width"]) > 30
    day = links["13 June 2024: Ukraine and Japan sign a security agreement (Agreement)"]
    assert day.select_one("rect.span") is None and day.select_one("rect.mark") is not None  # agreements are squares
    talks = links["c.\u00a010 January\u2009\u2013\u200920 March 2024: Long talks (Meeting)"]
    assert talks.select_one("rect.span")["stroke-dasharray"] and talks.select_one("polygon.mark")  # dashed: approximate
    assert all(a["href"].startswith("/events/") and a.title.text == label for label, a in links.items())
    axis = [t.text for t in strip.select("text tspan")]
    assert "2024" in axis and "Jun" in axis  # a short timeline gets a month axis
    legend = [li.text.strip() for li in project.html("index.html").select(".legend li")]
    assert legend[:2] == ["Meetings", "Agreements"]


def test_past_the_detail_limit_the_overview_counts_events_per_year(project):
    many(project, 160)
    assert project.build().code == 0
    strip = project.html("index.html").select_one("svg.overview-strip")
    bars = strip.select("a")
    assert len(bars) == 40  # 4 events a year, 1980-2019
    assert bars[0]["aria-label"] == "1980: 4 events" and bars[0]["href"] == "/years/1980/"
    assert re.fullmatch(r"Overview: 160 events from 1980 to 2019, .*", strip["aria-label"])
