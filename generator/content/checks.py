"""Checks of validated entries that depend on "today" or on what the articles say of themselves,
run on every build (not cached with the entry, since today moves on and sidecars change)."""

from __future__ import annotations

import datetime as dt
from typing import Mapping

from ..config import Kind
from ..core.errors import Problems
from ..model.date_text import IN_MESSAGES
from ..model.timeline import Event, Source


def check_entries(events: list[Event], kinds: Mapping[str, Kind], today: dt.date, problems: Problems) -> None:
    for event in events:
        kind = kinds[event.kind]
        _check_happened(event, kind, today, problems)
        _check_revisions(event, today, problems)
        _check_source_dates(event, kind, problems)


def _check_happened(event: Event, kind: Kind, today: dt.date, problems: Problems) -> None:
    """A status saying the event took place cannot go with a date after today."""
    checks = [("status", event.line("status"), event.status, event.span.start)]
    checks += [(f"milestones[{i}].status", m.line, m.status, m.date) for i, m in enumerate(event.milestones)]
    for name, line, status, date in checks:
        if status in kind.happened and date.first_day() > today:
            problems.error(event.path, line, name, f"'{status}' says this happened, but {date.iso()} is after "
                           f"today ({today.isoformat()})", _not_yet_hint(kind, "correct the date"))


def _check_revisions(event: Event, today: dt.date, problems: Problems) -> None:
    """An entry cannot have been revised on a day still to come."""
    revisions = [("updated", event.line("updated"), event.updated)] if event.updated else []
    revisions += [(f"corrections[{i}].date", c.line, c.date) for i, c in enumerate(event.corrections)]
    for name, line, date in revisions:
        if date.first_day() > today:
            problems.error(event.path, line, name, f"{date.iso()} is after today ({today.isoformat()})",
                           "give the day the entry was revised")


def _check_source_dates(event: Event, kind: Kind, problems: Problems) -> None:
    """Source-date fidelity: when every dated source was published before the event began, none of
    them can say that it happened. A warning (fatal under --strict): the entry may rest on an
    article that only announced it. An undated source does not settle it (it may be as early):
    the warning names those and asks for their dates."""
    dated = [s for s in event.sources if s.date]
    if event.status not in kind.happened or not dated:
        return
    begins = event.span.first_day()
    if any(s.date.last_day() >= begins for s in dated):
        return
    latest = max(dated, key=lambda s: s.date.last_day())
    undated = [s for s in event.sources if not s.date]
    if len(dated) == 1:
        only = "its only dated source was" if undated else "its only source was"
    else:
        only = "all its dated sources were" if undated else "all its sources were"
    unknown = f", and {len(undated)} {'has' if len(undated) == 1 else 'have'} no date: " + ", ".join(
        dict.fromkeys(_named(s) for s in undated)) if undated else ""
    problems.warn(event.path, event.line("status"), "status",
                  f"'{event.status}' says this happened, but {only} published before it began "
                  f"(the latest, {_named(latest)}, on {IN_MESSAGES.date(latest.date)}; the event "
                  f"{IN_MESSAGES.span(event.span)}){unknown}",
                  ("give the undated sources' dates, " if undated else "") + _not_yet_hint(
                      kind, "cite a source from after the event"))


def _named(source: Source) -> str:
    return f"seeds/{source.seed}" if source.seed else source.url


def _not_yet_hint(kind: Kind, otherwise: str) -> str:
    not_yet = [s for s in kind.statuses if s not in kind.happened]
    return f"use {' or '.join(map(repr, not_yet))}, or {otherwise}" if not_yet else otherwise
