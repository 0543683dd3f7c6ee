"""Long lists of events split into pages of whole years, so a reader can tell what each page holds.

A page takes whole years until the next year would make it longer than the page size; a year
longer than a page on its own is split into parts ("2020, part 2 of 3").
"""

from __future__ import annotations

import itertools
import operator
from dataclasses import dataclass
from typing import Sequence

from ..model.timeline import Event

YEAR = operator.attrgetter("span.start.year")  # of an event
EN_DASH = "\u2013"


@dataclass(frozen=True)
class Chunk:
    label: str  # "2024", "2021–2023", "2020, part 2 of 3"
    events: tuple[Event, ...]  # in display order


def paginate(ordered: Sequence[Event], size: int) -> list[Chunk]:
    """Chunks of at most `size` events (in display order); one chunk when everything fits."""
    if len(ordered) <= size:
        return [_chunk(ordered)]
    chunks: list[Chunk] = []
    current: list[Event] = []

    def flush() -> None:
        if current:
            chunks.append(_chunk(current))
            current.clear()

    for year, group in itertools.groupby(ordered, YEAR):
        events = list(group)
        if len(events) > size:
            flush()
            parts = [events[i:i + size] for i in range(0, len(events), size)]
            chunks.extend(Chunk(f"{year}, part {n} of {len(parts)}", tuple(part)) for n, part in enumerate(parts, 1))
        else:
            if len(current) + len(events) > size:
                flush()
            current.extend(events)
    flush()
    return chunks


def _chunk(events: Sequence[Event]) -> Chunk:
    """A chunk labelled with the years its events start in."""
    return Chunk(_years_label(list(map(YEAR, events))), tuple(events))


def _years_label(years: list[int]) -> str:
    if not years:
        return ""
    first, last = min(years), max(years)
    return str(first) if first == last else f"{first}{EN_DASH}{last}"
