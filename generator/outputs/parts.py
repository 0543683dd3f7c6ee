"""Exports that scale: past a size, the list exports are split by year.

A small timeline's events.json, timelinejs.json, events.ics and events.csv each hold every event.
Past WHOLE_BYTES (as estimated from the entries: the exports are made later, on every core) they
are split into parts by the year events start in, `events-2024.json`, a year too large for one
part into `events-2024-1.json`, `events-2024-2.json`...; events.json becomes the index of the parts
of every format (events.schema.json describes both forms), and each other format's own name holds
its newest part (a calendar subscription, a spreadsheet link keep working, with the latest events).
No file then grows past about PART_BYTES, whatever the archive's size.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Optional, Sequence

from ..model.timeline import Event

WHOLE_BYTES = 9_000_000  # an estimate of events.json, the largest export, past which all are split
PART_BYTES = 4_000_000  # the most a part is estimated to hold (the estimate errs high by a fifth; 10 MB is the bound)


@dataclass(frozen=True)
class Part:
    suffix: str  # "2024", or "2024-2" for the second part of a large year
    events: tuple[Event, ...]  # oldest first

    def name(self, export: str) -> str:
        """events.json -> events-2024.json"""
        stem, dot, extension = export.rpartition(".")
        return f"{stem}-{self.suffix}{dot}{extension}"


def estimated_size(event: Event) -> int:
    """Bytes an event takes in events.json, erring high: its text, its body twice (as Markdown and
    as HTML, with JSON's escapes), and what every item adds (dates, addresses, citations)."""
    text = sum(len(str(value).encode()) for value in (event.title, event.summary, event.location, event.tags,
                                                      event.extra, event.parties))
    sources = sum(len(source.quote.encode()) + len(source.title.encode()) + 400 for source in event.sources)
    return 2000 + 2 * text + sources + 3 * len(event.body.encode())


def export_parts(events: Sequence[Event]) -> Optional[list[Part]]:
    """The parts the list exports are split into, oldest first; None when they stay whole."""
    sizes = [estimated_size(event) for event in events]
    if sum(sizes) <= WHOLE_BYTES:
        return None
    parts = []
    by_year = itertools.groupby(zip(events, sizes), key=lambda pair: pair[0].span.start.year)
    for year, pairs in by_year:
        chunks, chunk, size = [], [], 0
        for event, estimate in pairs:
            if chunk and size + estimate > PART_BYTES:
                chunks.append(chunk)
                chunk, size = [], 0
            chunk.append(event)
            size += estimate
        chunks.append(chunk)
        if len(chunks) == 1:
            parts.append(Part(str(year), tuple(chunks[0])))
        else:
            parts += [Part(f"{year}-{n}", tuple(chunk)) for n, chunk in enumerate(chunks, 1)]
    return parts
