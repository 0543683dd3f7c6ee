"""Long lists of events split into pages of whole years, so a reader can tell what each page holds.

A page takes whole years until the next year would make it longer than the page size; a year
longer than a page on its own is split into parts ("2020, part 2 of 3").
"""

from __future__ import annotations

import itertools
import operator
from dataclasses import dataclass
from typing import Sequence

from ..core.dates import PartialDate, Span
from ..model.date_text import DateText
from ..model.timeline import Event
from .words import Words

YEAR = operator.attrgetter("span.start.year")  # of an event


@dataclass(frozen=True)
class Chunk:
    label: str  # "2024", "2021–2023", "2020, part 2 of 3"
    events: tuple[Event, ...]  # in display order


def paginate(ordered: Sequence[Event], size: int, words: Words, dates: DateText) -> list[Chunk]:
    """Chunks of at most `size` events (in display order); one chunk when everything fits."""
    if len(ordered) <= size:
        return [_chunk(ordered, dates)]
    chunks: list[Chunk] = []
    current: list[Event] = []

    def flush() -> None:
        if current:
            chunks.append(_chunk(current, dates))
            current.clear()

    for year, group in itertools.groupby(ordered, YEAR):
        events = list(group)
        if len(events) > size:
            flush()
            parts = [events[i:i + size] for i in range(0, len(events), size)]
            label = words.gettext("%(year)s, part %(part)s of %(parts)s")
            chunks.extend(Chunk(label % {"year": dates.year_label(year), "part": n, "parts": len(parts)}, tuple(part))
                          for n, part in enumerate(parts, 1))
        else:
            if len(current) + len(events) > size:
                flush()
            current.extend(events)
    flush()
    return chunks


def _chunk(events: Sequence[Event], dates: DateText) -> Chunk:
    """A chunk labelled with the years its events start in (as the language writes a span of years)."""
    years = list(map(YEAR, events))
    if not years:
        return Chunk("", tuple(events))
    first, last = min(years), max(years)
    return Chunk(dates.span(Span(PartialDate(first), PartialDate(last) if last != first else None)), tuple(events))
