"""The overview strip: a static SVG drawn at build time, no script needed, at one of three levels
(site/zoom.py links them): the whole timeline on its pages, a decade on its page, a year on the
year's page.

Up to DETAIL_LIMIT events, each event is a mark on a time axis (years, or months over two years or
less): a shape per kind (so colour is not the only cue), spans and month- or year-precision dates
drawn as bars over the time they cover, never as a point on the 1st; marks that would overlap go to
another lane, and with `lanes` set, each kind or party has a row of its own. Each mark links to its
event and has an accessible name. Past DETAIL_LIMIT events the strip counts them in a bar per year
(each a link to the year's page), or per month on a year's page. Every mark and bar says the days
it covers (data-from, data-to), for static/zoom.js to draw them again as a reader zooms.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Optional, Sequence

from markupsafe import Markup, escape

from ..config import Config, Era
from ..core.cache import key_of
from ..core.dates import PartialDate
from ..model.date_text import DateText
from ..model.timeline import Event, Timeline
from ..urls import Urls
from .overview_drawing import (
    LANE,
    LANES,
    LEFT,
    MARK,
    RIGHT,
    WIDTH,
    Scale,
    add_months,
    axis,
    clamp,
    month_ticks,
    n,
    scale,
    shape,
    take_lane,
    year_ticks,
)
from .words import Words

DETAIL_LIMIT = 150
ERA_ROW = 18  # the row of era names above the marks, when the strip shows eras
ROW_NAME, ROW_LANES, ROWS = 15, 3, 8  # with lanes: a row's name above it, its lanes, and most rows by party
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Window:
    """The time a strip shows: from `start` up to `end` (the day after its last)."""

    start: dt.date
    end: dt.date
    by_month: bool  # its axis counts months, not years

    @classmethod
    def year(cls, year: int) -> "Window":
        return cls(dt.date(year, 1, 1), dt.date(year + 1, 1, 1), True)

    @classmethod
    def decade(cls, first: int) -> "Window":
        return cls(dt.date(first, 1, 1), dt.date(first + 10, 1, 1), False)

    @classmethod
    def around(cls, events: Sequence[Event]) -> "Window":
        """The whole of `events`: whole years, or over two calendar years or less, its months and
        one more each side (so marks at the ends stay clear of the edge)."""
        first, last = min(e.span.first_day() for e in events), max(e.span.last_day() for e in events)
        if last.year - first.year <= 1:
            return cls(add_months(first.replace(day=1), -1), add_months(last.replace(day=1), 2), True)
        return cls(dt.date(first.year, 1, 1), dt.date(last.year + 1, 1, 1), False)


Bar = tuple[dt.date, dt.date, int, str, str]  # first day, the day after the last, events, its name, its link


class Overview:
    def __init__(self, config: Config, timeline: Timeline, urls: Urls, dates: DateText, words: Words,
                 events: Optional[Sequence[Event]] = None, window: Optional[Window] = None,
                 month_link: Callable[[dt.date], str] = lambda month: ""):
        """The strip of `events` (every event of `timeline` by default) over `window` (all of them by
        default); `month_link`: where a month's bar leads, on a year's strip past DETAIL_LIMIT."""
        self.config, self.timeline, self.urls, self.dates, self.words = config, timeline, urls, dates, words
        self.events = list(timeline.events if events is None else events)
        self.window = window or (Window.around(self.events) if self.events else None)
        self.month_link = month_link
        self.shapes = {name: kind.shape for name, kind in config.kinds.items()}  # as the cards' dots (config/kinds.py)

    @property
    def detailed(self) -> bool:
        return len(self.events) <= DETAIL_LIMIT

    @cached_property
    def key(self) -> str:
        """Changes whenever the drawing would."""
        if self.detailed:
            return key_of("overview", self.window, self.config.lanes, [
                (e.slug, e.title, e.kind, e.span.key, e.parties) for e in self.events])
        return key_of("overview", self.window, [(bar[0], bar[2]) for bar in self._bars(linked=False)])

    def svg(self) -> Markup:
        if not self.events or self.window is None:
            return Markup("")
        return self._detailed() if self.detailed else self._counted()

    def legend(self) -> list[tuple[str, str, Markup]]:
        """(kind, label, a small SVG of its shape) for the kinds the strip shows."""
        shown = {event.kind for event in self.events}
        return [(kind, self.words.kind(self.config.kinds[kind], plural=True), Markup(
            f'<svg class="legend-mark" width="14" height="14" viewBox="-7 -7 14 14" aria-hidden="true">'
            f'{shape(self.shapes[kind], 0, 0)}</svg>')) for kind in self.config.kinds if kind in shown]

    # -- one mark per event, in rows by kind or party when the site asks ------------------------

    def _detailed(self) -> Markup:
        window, events = self.window, self.events
        x = scale(window.start, window.end)
        eras = self._eras_within()
        top = 10 + (ERA_ROW if eras else 0)
        marks, names, y = [], [], top
        for name, row, first_seen in self._rows():
            if name:
                names.append(self._row_name(name, y + ROW_NAME - 4))
                y += ROW_NAME
            lanes: list[float] = []
            for event in row:
                x1, x2 = x(event.span.first_day()), x(event.span.last_day() + ONE_DAY)
                bar = x2 - x1 >= 2 * MARK
                left, right = (x1, x2) if bar else ((x1 + x2) / 2 - MARK, (x1 + x2) / 2 + MARK)
                lane = take_lane(lanes, left, right, ROW_LANES if name else LANES)
                marks.append(self._mark(event, x1, x2, bar, y + lane * LANE + LANE / 2, event.slug in first_seen))
            y += max(len(lanes), 1) * LANE
        axis_y = y + 6
        ticks = (month_ticks(window.start, window.end, x, self.dates) if window.by_month
                 else year_ticks(window.start.year, window.end.year, x, self.dates))
        caption = self.words.ngettext("%(count)s event from %(first)s to %(last)s",
                                      "%(count)s events from %(first)s to %(last)s", len(events)) % {
            "count": len(events), "first": self.dates.date(events[0].span.start),
            "last": self.dates.date(max(events, key=lambda e: e.span.last_day()).span.last)}
        bands, era_names = era_bands(eras, x, axis_y, self.dates, self.words.right_to_left)
        return self._frame(axis_y + 24, caption, "".join(marks),
                           axis(axis_y, ticks, self.words.right_to_left) + era_names + "".join(names), bands)

    def _rows(self) -> list[tuple[str, list[Event], set[str]]]:
        """(a row's name, its events, the slugs of those it is the first row of): one unnamed row, or
        a row per kind, or one per party."""
        if self.config.lanes == "kinds":
            rows = [(self.words.kind(kind, plural=True), [e for e in self.events if e.kind == name])
                    for name, kind in self.config.kinds.items()]
        elif self.config.lanes == "parties":
            rows = self._party_rows()
        else:
            rows = [("", self.events)]
        seen: set[str] = set()
        found = []
        for name, row in rows:
            if row:
                slugs = {e.slug for e in row}
                found.append((name, row, slugs - seen))
                seen.update(slugs)
        return found

    def _party_rows(self) -> list[tuple[str, list[Event]]]:
        """A row per party, those with most events first (at most ROWS), then the others' events."""
        counted = Counter(party for event in self.events for party in event.parties)
        named = [party for party, _ in counted.most_common(ROWS - 1 if len(counted) > ROWS else ROWS)]
        rows = [(self.timeline.parties[p].name, [e for e in self.events if p in e.parties]) for p in named]
        rest = [e for e in self.events if not set(e.parties) & set(named)]
        return rows + [(self.words.gettext("Other parties"), rest)]

    def _row_name(self, name: str, y: float) -> str:
        x = WIDTH - LEFT - 2 if self.words.right_to_left else LEFT + 2
        return (f'<path class="row-rule" d="M{LEFT} {n(y - ROW_NAME + 6)}H{WIDTH - RIGHT}"/>'
                f'<text class="row-name" x="{n(x)}" y="{n(y)}">{escape(name)}</text>')

    def _mark(self, event: Event, x1: float, x2: float, bar: bool, y: float, first: bool) -> str:
        """A link to `event`; `first`: its first mark (with lanes by party, an event with two parties
        has a mark in each row: the others are left out of the tab order and the accessibility tree)."""
        kind = self.words.kind(self.config.kinds[event.kind])
        label = self.words.gettext("%(date)s: %(title)s (%(kind)s)") % {
            "date": self.dates.span(event.span), "title": event.title, "kind": kind}
        kind_shape = self.shapes[event.kind]
        left, right = clamp(x1), clamp(x2)
        if bar:
            approximate = ' stroke-dasharray="3 2"' if event.span.approximate else ""
            drawing = (f'<rect class="span" x="{n(left)}" y="{n(y - 4)}" width="{n(right - left)}" height="8" rx="3"'
                       f'{approximate}/>' + shape(kind_shape, left + MARK - 1, y))
        else:
            drawing = shape(kind_shape, (x1 + x2) / 2, y)
        again = "" if first else ' tabindex="-1" aria-hidden="true"'
        days = f'data-from="{event.span.first_day()}" data-to="{event.span.last_day() + ONE_DAY}"'
        return (f'<a href="{escape(self.urls.event(event.slug))}" class="kind-{escape(event.kind)}" {days}{again} '
                f'aria-label="{escape(label)}"><title>{escape(label)}</title>{drawing}</a>')

    # -- a bar per year, or per month on a year's strip ------------------------------------------

    def _bars(self, linked: bool = True) -> list[Bar]:
        """A bar per month of a year's strip, else per year; `linked`: with the address each leads to
        (a month's is found in the year's pages, which only drawing needs)."""
        window = self.window
        assert window is not None
        if window.by_month and window.end == dt.date(window.start.year + 1, 1, 1):  # a year's strip
            counted = Counter(max(e.span.first_day(), window.start).replace(day=1) for e in self.events)
            return [(month, add_months(month, 1), counted[month], self.dates.date(PartialDate(month.year, month.month)),
                     self.month_link(month) if linked else "") for month in sorted(counted)]
        counted = Counter(e.span.start.year for e in self.events)
        return [(dt.date(year, 1, 1), dt.date(year + 1, 1, 1), counted[year], self.dates.year_label(year),
                 self.urls.term("years", year)) for year in sorted(counted)]

    def _counted(self) -> Markup:
        window, bars = self.window, self._bars()
        assert window is not None
        x = scale(window.start, window.end)
        most, height = max(bar[2] for bar in bars), 6 * LANE
        eras = self._eras_within()
        top = 10 + (ERA_ROW if eras else 0)
        drawn, kind = [], "month-bar" if window.by_month else "year-bar"
        for first, after, count, name, link in bars:
            x1, x2 = x(first), x(after)
            h = max(2.0, height * count / most)
            label = self.words.ngettext("%(year)s: %(count)s event", "%(year)s: %(count)s events", count) % {
                "year": name, "count": count}
            drawn.append(f'<a href="{escape(link)}" data-from="{first}" data-to="{after}" aria-label="{escape(label)}">'
                         f'<title>{escape(label)}</title><rect class="{kind}" x="{n(x1 + 1)}" '
                         f'y="{n(top + height - h)}" width="{n(max(x2 - x1 - 2, 1))}" height="{n(h)}"/></a>')
        axis_y = top + height + 4
        count = len(self.events)
        span = (bars[0][3], bars[-1][3])
        caption = self.words.ngettext("%(count)s event from %(first)s to %(last)s, counted by the year it falls in",
                                      "%(count)s events from %(first)s to %(last)s, counted by the year they fall in",
                                      count) % {"count": count, "first": span[0], "last": span[1]}
        ticks = (month_ticks(window.start, window.end, x, self.dates) if window.by_month
                 else year_ticks(window.start.year, window.end.year, x, self.dates))
        bands, names = era_bands(eras, x, axis_y, self.dates, self.words.right_to_left)
        return self._frame(axis_y + 24, caption, "".join(drawn),
                           axis(axis_y, ticks, self.words.right_to_left) + names, bands)

    @property
    def _months(self) -> str:
        """The months' short names, for static/zoom.js to label its axis as ours is."""
        return "|".join(self.dates.month_label(month) for month in range(1, 13))

    # -- eras: a band behind the marks of each, its name above them ------------------------------

    def _eras_within(self) -> list[Era]:
        window = self.window
        assert window is not None
        return [era for era in self.config.eras
                if era.span.first_day() < window.end and era.span.last_day() >= window.start]

    def _frame(self, height: float, caption: str, marks: str, axis_drawn: str, bands: str = "") -> Markup:
        """The strip: the eras' bands, the axis and the marks over them; in a right-to-left language
        time runs from right to left, so bands and marks are drawn mirrored (the axis's labels are
        placed mirrored, not drawn so)."""
        label = self.words.gettext("Overview: %(caption)s") % {"caption": caption}
        window = self.window
        assert window is not None
        if self.words.right_to_left:
            marks = f'<g transform="matrix(-1 0 0 1 {WIDTH} 0)">{marks}</g>'
            bands = f'<g transform="matrix(-1 0 0 1 {WIDTH} 0)">{bands}</g>' if bands else ""
        return Markup(
            f'<svg class="overview-strip" viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" height="{height:.0f}" '
            f'role="group" aria-label="{escape(label)}" preserveAspectRatio="xMinYMin meet" '
            f'data-start="{window.start}" data-end="{window.end}" data-months="{escape(self._months)}">'
            f'{bands}{axis_drawn}<g class="marks">{marks}</g></svg>')


def era_bands(eras: list[Era], x: Scale, bottom: float, dates: DateText, mirrored: bool) -> tuple[str, str]:
    """(the bands of `eras`, drawn with the marks; their names, placed as the axis's labels
    are): each name clipped to its band, whose title says the era's name and dates in full."""
    bands, names = [], []
    for index, era in enumerate(eras, 1):
        first, after = era.span.first_day(), era.span.last_day() + ONE_DAY
        x1, x2 = clamp(x(first)), clamp(x(after))
        title = f"{era.title} ({dates.span(era.span)})"
        days = f'data-from="{first}" data-to="{after}"'
        bands.append(f'<rect class="era-band era-{index % 2}" {days} x="{n(x1)}" y="4" width="{n(x2 - x1)}" '
                     f'height="{n(bottom - 4)}"><title>{escape(title)}</title></rect>')
        left, start_at = (WIDTH - x2, WIDTH - x1 - 4) if mirrored else (x1, x1 + 4)  # where its name begins
        names.append(f'<clipPath id="era-name-{index}"><rect x="{n(left)}" y="4" width="{n(x2 - x1)}" '
                     f'height="{ERA_ROW}"/></clipPath><text class="era-name" {days} x="{n(start_at)}" y="17" '
                     f'clip-path="url(#era-name-{index})">{escape(era.title)}</text>')
    if not bands:
        return "", ""
    return f'<g aria-hidden="true">{"".join(bands)}</g>', f'<g aria-hidden="true">{"".join(names)}</g>'
