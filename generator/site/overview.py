"""The overview strip above the timeline: a static SVG drawn at build time, no script needed.

Up to DETAIL_LIMIT events, each event is a mark on a time axis (years, or months when the
timeline covers two calendar years or less): a shape per kind (so colour is not the only cue),
spans and month- or year-precision dates drawn as bars over the time they cover, never as a
point on the 1st; marks that would overlap go to another lane. Each mark links to its event
and has an accessible name. Past DETAIL_LIMIT events the strip becomes a bar per year (how many
events), each bar a link to the year's page.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Callable

from markupsafe import Markup, escape

from ..config import Config, Era
from ..core.cache import key_of
from ..model.date_text import DateText
from ..model.timeline import Event, Timeline
from ..urls import Urls
from .words import Words

DETAIL_LIMIT = 150
WIDTH, LEFT, RIGHT = 960, 12, 12
LANE, LANES, MARK = 20, 8, 7  # lane height, most lanes, half a mark's width
ERA_ROW = 18  # the row of era names above the marks, when the strip shows eras


class Overview:
    def __init__(self, config: Config, timeline: Timeline, urls: Urls, dates: DateText, words: Words):
        self.config, self.timeline, self.urls, self.dates, self.words = config, timeline, urls, dates, words
        self.shapes = {name: kind.shape for name, kind in config.kinds.items()}  # as the cards' dots (config/kinds.py)

    @property
    def detailed(self) -> bool:
        return len(self.timeline.events) <= DETAIL_LIMIT

    @cached_property
    def key(self) -> str:
        """Changes whenever the drawing would."""
        if self.detailed:
            return key_of("overview", [(e.slug, e.title, e.kind, e.span.key) for e in self.timeline.events])
        return key_of("overview", sorted((year, len(events)) for year, events in self.timeline.by_year.items()))

    def svg(self) -> Markup:
        if not self.timeline.events:
            return Markup("")
        return self._detailed() if self.detailed else self._per_year()

    def legend(self) -> list[tuple[str, str, Markup]]:
        """(kind, label, a small SVG of its shape) for the kinds the timeline has."""
        return [(kind, self.words.kind(self.config.kinds[kind], plural=True), Markup(
            f'<svg class="legend-mark" width="14" height="14" viewBox="-7 -7 14 14" aria-hidden="true">'
            f'{_shape(self.shapes[kind], 0, 0)}</svg>')) for kind in self.config.kinds if kind in self.timeline.by_kind]

    # -- one mark per event ----------------------------------------------------------------------

    def _detailed(self) -> Markup:
        events = self.timeline.events
        first, last = min(e.span.first_day() for e in events), max(e.span.last_day() for e in events)
        by_month = (last.year - first.year) <= 1
        if by_month:  # pad by a month each side so marks at the ends stay clear of the edge
            start, end = _add_months(first.replace(day=1), -1), _add_months(last.replace(day=1), 2)
        else:
            start, end = dt.date(first.year, 1, 1), dt.date(last.year + 1, 1, 1)
        x = _scale(start, end)
        eras = self._eras_within(start, end)
        top = 10 + (ERA_ROW if eras else 0)
        lanes: list[float] = []
        marks = []
        for event in events:
            x1, x2 = x(event.span.first_day()), x(event.span.last_day() + dt.timedelta(days=1))
            bar = x2 - x1 >= 2 * MARK
            left, right = (x1, x2) if bar else ((x1 + x2) / 2 - MARK, (x1 + x2) / 2 + MARK)
            lane = _lane(lanes, left, right)
            marks.append(self._mark(event, x1, x2, bar, top + lane * LANE + LANE / 2))
        axis_y = top + max(len(lanes), 1) * LANE + 6
        ticks = (_month_ticks(start, end, x, self.dates) if by_month
                 else _year_ticks(start.year, end.year, x, self.dates))
        caption = self.words.ngettext("%(count)s event from %(first)s to %(last)s",
                                      "%(count)s events from %(first)s to %(last)s", len(events)) % {
            "count": len(events), "first": self.dates.date(events[0].span.start),
            "last": self.dates.date(max(events, key=lambda e: e.span.last_day()).span.last)}
        bands, names = self._bands(eras, start, end, x, axis_y)
        return self._frame(axis_y + 24, caption, "".join(marks), _axis(axis_y, ticks, self.words.right_to_left)
                           + names, bands)

    def _mark(self, event: Event, x1: float, x2: float, bar: bool, y: float) -> str:
        kind = self.words.kind(self.config.kinds[event.kind])
        label = self.words.gettext("%(date)s: %(title)s (%(kind)s)") % {
            "date": self.dates.span(event.span), "title": event.title, "kind": kind}
        shape = self.shapes[event.kind]
        if bar:
            approximate = ' stroke-dasharray="3 2"' if event.span.approximate else ""
            drawing = (f'<rect class="span" x="{_n(x1)}" y="{_n(y - 4)}" width="{_n(x2 - x1)}" height="8" rx="3"'
                       f'{approximate}/>' + _shape(shape, x1 + MARK - 1, y))
        else:
            drawing = _shape(shape, (x1 + x2) / 2, y)
        return (f'<a href="{escape(self.urls.event(event.slug))}" class="kind-{escape(event.kind)}" '
                f'aria-label="{escape(label)}"><title>{escape(label)}</title>{drawing}</a>')

    # -- a bar per year --------------------------------------------------------------------------

    def _per_year(self) -> Markup:
        years = sorted(self.timeline.by_year)
        first, last = years[0], years[-1]
        start, end = dt.date(first, 1, 1), dt.date(last + 1, 1, 1)
        x = _scale(start, end)
        most = max(len(events) for events in self.timeline.by_year.values())
        height = 6 * LANE
        eras = self._eras_within(start, end)
        top = 10 + (ERA_ROW if eras else 0)
        bars = []
        for year in years:
            count = len(self.timeline.by_year[year])
            x1, x2 = x(dt.date(year, 1, 1)), x(dt.date(year + 1, 1, 1))
            h = max(2.0, height * count / most)
            label = self.words.ngettext("%(year)s: %(count)s event", "%(year)s: %(count)s events", count) % {
                "year": self.dates.year_label(year), "count": count}
            bars.append(f'<a href="{escape(self.urls.term("years", year))}" aria-label="{escape(label)}">'
                        f'<title>{escape(label)}</title><rect class="year-bar" x="{_n(x1 + 1)}" '
                        f'y="{_n(top + height - h)}" width="{_n(max(x2 - x1 - 2, 1))}" height="{_n(h)}"/></a>')
        axis_y = top + height + 4
        count = len(self.timeline.events)
        caption = self.words.ngettext("%(count)s event from %(first)s to %(last)s, counted by the year it falls in",
                                      "%(count)s events from %(first)s to %(last)s, counted by the year they fall in",
                                      count) % {"count": count, "first": self.dates.year_label(first),
                                                "last": self.dates.year_label(last)}
        ticks = _year_ticks(first, last + 1, x, self.dates)
        bands, names = self._bands(eras, start, end, x, axis_y)
        return self._frame(axis_y + 24, caption, "".join(bars),
                           _axis(axis_y, ticks, self.words.right_to_left) + names, bands)

    # -- eras: a band behind the marks of each, its name above them ------------------------------

    def _eras_within(self, start: dt.date, end: dt.date) -> list[Era]:
        return [era for era in self.config.eras if era.span.first_day() < end and era.span.last_day() >= start]

    def _bands(self, eras: list[Era], start: dt.date, end: dt.date, x: Callable[[dt.date], float],
               bottom: float) -> tuple[str, str]:
        """(the bands of `eras`, the strip's from `start` to `end`, drawn with the marks; their names,
        placed as the axis's labels are): each name clipped to its band, whose title says the era's
        name and dates in full."""
        bands, names = [], []
        mirrored = self.words.right_to_left
        for index, era in enumerate(eras, 1):
            x1 = max(x(max(era.span.first_day(), start)), LEFT)
            x2 = min(x(min(era.span.last_day() + dt.timedelta(days=1), end)), WIDTH - RIGHT)
            title = f"{era.title} ({self.dates.span(era.span)})"
            bands.append(f'<rect class="era-band era-{index % 2}" x="{_n(x1)}" y="4" width="{_n(x2 - x1)}" '
                         f'height="{_n(bottom - 4)}"><title>{escape(title)}</title></rect>')
            left, start_at = (WIDTH - x2, WIDTH - x1 - 4) if mirrored else (x1, x1 + 4)  # where its name begins
            names.append(f'<clipPath id="era-name-{index}"><rect x="{_n(left)}" y="4" width="{_n(x2 - x1)}" '
                         f'height="{ERA_ROW}"/></clipPath><text class="era-name" x="{_n(start_at)}" y="17" '
                         f'clip-path="url(#era-name-{index})">{escape(era.title)}</text>')
        if not bands:
            return "", ""
        return f'<g aria-hidden="true">{"".join(bands)}</g>', f'<g aria-hidden="true">{"".join(names)}</g>'

    def _frame(self, height: float, caption: str, marks: str, axis: str, bands: str = "") -> Markup:
        """The strip: the eras' bands, the axis and the marks over them; in a right-to-left language
        time runs from right to left, so bands and marks are drawn mirrored (the axis's labels are
        placed mirrored, not drawn so)."""
        label = self.words.gettext("Overview: %(caption)s") % {"caption": caption}
        if self.words.right_to_left:
            marks = f'<g transform="matrix(-1 0 0 1 {WIDTH} 0)">{marks}</g>'
            bands = f'<g transform="matrix(-1 0 0 1 {WIDTH} 0)">{bands}</g>' if bands else ""
        return Markup(
            f'<svg class="overview-strip" viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" height="{height:.0f}" '
            f'role="group" aria-label="{escape(label)}" preserveAspectRatio="xMinYMin meet">'
            f'{bands}{axis}{marks}</svg>')


# -- drawing helpers ---------------------------------------------------------------------------------

def _scale(start: dt.date, end: dt.date) -> Callable[[dt.date], float]:
    days = max((end - start).days, 1)
    width = WIDTH - LEFT - RIGHT
    return lambda day: LEFT + width * (day - start).days / days


def _lane(lanes: list[float], left: float, right: float) -> int:
    """The first lane free at `left` (taking it up to `right`); the least busy one when all are full."""
    for index, busy_until in enumerate(lanes):
        if busy_until + 2 <= left:
            lanes[index] = right
            return index
    if len(lanes) < LANES:
        lanes.append(right)
        return len(lanes) - 1
    index = min(range(len(lanes)), key=lanes.__getitem__)
    lanes[index] = max(lanes[index], right)
    return index


def _shape(shape: str, cx: float, cy: float) -> str:
    r = MARK - 1
    if shape == "circle":
        return f'<circle class="mark" cx="{_n(cx)}" cy="{_n(cy)}" r="{r}"/>'
    if shape == "square":
        side = 2 * r - 2
        return f'<rect class="mark" x="{_n(cx - r + 1)}" y="{_n(cy - r + 1)}" width="{side}" height="{side}"/>'
    points = {
        "diamond": [(0, -r - 1), (r + 1, 0), (0, r + 1), (-r - 1, 0)],
        "triangle": [(0, -r - 1), (r + 1, r), (-r - 1, r)],
        "down": [(0, r + 1), (r + 1, -r), (-r - 1, -r)],
        "hexagon": [(-r / 2, -r), (r / 2, -r), (r, 0), (r / 2, r), (-r / 2, r), (-r, 0)],
    }[shape]
    return '<polygon class="mark" points="' + " ".join(f"{_n(cx + px)},{_n(cy + py)}" for px, py in points) + '"/>'


def _axis(y: float, ticks: list[tuple[float, str, bool]], mirrored: bool = False) -> str:
    """The time axis; `mirrored`: time runs right to left (the labels' text runs as the page's does,
    from their start at the tick)."""
    # the axis and every tick in one path, the labels in one text element of spans: a third of the bytes
    path, labels = [f"M{LEFT} {_n(y)}H{WIDTH - RIGHT}"], []
    for x, label, major in ticks:
        x = WIDTH - x if mirrored else x
        path.append(f"M{_n(x)} {_n(y)}v{6 if major else 3}")
        if label:
            emphasis = ' class="major"' if major else ""
            labels.append(f'<tspan{emphasis} x="{_n(x - 3 if mirrored else x + 3)}">{escape(label)}</tspan>')
    parts = [f'<path class="axis" d="{"".join(path)}"/>', f'<text y="{_n(y + 16)}">{"".join(labels)}</text>']
    return '<g aria-hidden="true">' + "".join(parts) + "</g>"


def _n(value: float) -> str:
    """A coordinate in as few characters as SVG needs: 116, 77.8."""
    return f"{value:.1f}".removesuffix(".0")


def _year_ticks(first: int, end: int, x: Callable[[dt.date], float],
                dates: DateText) -> list[tuple[float, str, bool]]:
    """A tick per year; labels spaced at least 44 units apart."""
    step = 1
    while (x(dt.date(first + step, 1, 1)) - x(dt.date(first, 1, 1))) < 44:
        step = {1: 2, 2: 5, 5: 10, 10: 20, 20: 50}.get(step, step * 2)
    return [(x(dt.date(year, 1, 1)), dates.year_label(year) if year % step == 0 or step == 1 else "", year % step == 0)
            for year in range(first, end)]


def _month_ticks(start: dt.date, end: dt.date, x: Callable[[dt.date], float],
                 dates: DateText) -> list[tuple[float, str, bool]]:
    ticks, month = [], start
    while month < end:
        label = dates.year_label(month.year) if month.month == 1 or month == start else dates.month_label(month.month)
        ticks.append((x(month), label, month.month == 1 or month == start))
        month = _add_months(month, 1)
    return ticks


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)
