"""The overview strip's drawing: its scale, lanes, marks' shapes, and the time axis with its ticks.
Coordinates are in the strip's own units (WIDTH wide); static/zoom.js draws the axis again, the
same way, when a reader zooms."""

from __future__ import annotations

import datetime as dt
from typing import Callable

from markupsafe import escape

from ..model.date_text import DateText

WIDTH, LEFT, RIGHT = 960, 12, 12
LANE, LANES, MARK = 20, 8, 7  # lane height, most lanes, half a mark's width

Scale = Callable[[dt.date], float]


def scale(start: dt.date, end: dt.date) -> Scale:
    """The x of a day, `start` at the left edge and `end` (the day after the last) at the right."""
    days = max((end - start).days, 1)
    width = WIDTH - LEFT - RIGHT
    return lambda day: LEFT + width * (day - start).days / days


def clamp(x: float) -> float:
    return min(max(x, LEFT), WIDTH - RIGHT)


def take_lane(lanes: list[float], left: float, right: float, most: int = LANES) -> int:
    """The first lane free at `left` (taking it up to `right`); the least busy one when `most` are full."""
    for index, busy_until in enumerate(lanes):
        if busy_until + 2 <= left:
            lanes[index] = right
            return index
    if len(lanes) < most:
        lanes.append(right)
        return len(lanes) - 1
    index = min(range(len(lanes)), key=lanes.__getitem__)
    lanes[index] = max(lanes[index], right)
    return index


def shape(kind_shape: str, cx: float, cy: float) -> str:
    r = MARK - 1
    if kind_shape == "circle":
        return f'<circle class="mark" cx="{n(cx)}" cy="{n(cy)}" r="{r}"/>'
    if kind_shape == "square":
        side = 2 * r - 2
        return f'<rect class="mark" x="{n(cx - r + 1)}" y="{n(cy - r + 1)}" width="{side}" height="{side}"/>'
    points = {
        "diamond": [(0, -r - 1), (r + 1, 0), (0, r + 1), (-r - 1, 0)],
        "triangle": [(0, -r - 1), (r + 1, r), (-r - 1, r)],
        "down": [(0, r + 1), (r + 1, -r), (-r - 1, -r)],
        "hexagon": [(-r / 2, -r), (r / 2, -r), (r, 0), (r / 2, r), (-r / 2, r), (-r, 0)],
    }[kind_shape]
    return '<polygon class="mark" points="' + " ".join(f"{n(cx + px)},{n(cy + py)}" for px, py in points) + '"/>'


def axis(y: float, ticks: list[tuple[float, str, bool]], mirrored: bool = False) -> str:
    """The time axis; `mirrored`: time runs right to left (the labels' text runs as the page's does,
    from their start at the tick)."""
    # the axis and every tick in one path, the labels in one text element of spans: a third of the bytes
    path, labels = [f"M{LEFT} {n(y)}H{WIDTH - RIGHT}"], []
    for x, label, major in ticks:
        x = WIDTH - x if mirrored else x
        path.append(f"M{n(x)} {n(y)}v{6 if major else 3}")
        if label:
            emphasis = ' class="major"' if major else ""
            labels.append(f'<tspan{emphasis} x="{n(x - 3 if mirrored else x + 3)}">{escape(label)}</tspan>')
    parts = [f'<path class="axis" d="{"".join(path)}"/>', f'<text y="{n(y + 16)}">{"".join(labels)}</text>']
    return f'<g class="ticks" data-y="{n(y)}" aria-hidden="true">' + "".join(parts) + "</g>"


def n(value: float) -> str:
    """A coordinate in as few characters as SVG needs: 116, 77.8."""
    return f"{value:.1f}".removesuffix(".0")


def year_ticks(first: int, end: int, x: Scale, dates: DateText) -> list[tuple[float, str, bool]]:
    """A tick per year; labels spaced at least 44 units apart."""
    step = 1
    while (x(dt.date(first + step, 1, 1)) - x(dt.date(first, 1, 1))) < 44:
        step = {1: 2, 2: 5, 5: 10, 10: 20, 20: 50}.get(step, step * 2)
    return [(x(dt.date(year, 1, 1)), dates.year_label(year) if year % step == 0 or step == 1 else "", year % step == 0)
            for year in range(first, end)]


def month_ticks(start: dt.date, end: dt.date, x: Scale, dates: DateText) -> list[tuple[float, str, bool]]:
    found, month = [], start.replace(day=1)
    while month < end:
        label = dates.year_label(month.year) if month.month == 1 or month == start else dates.month_label(month.month)
        found.append((x(month), label, month.month == 1 or month == start))
        month = add_months(month, 1)
    return found


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)
