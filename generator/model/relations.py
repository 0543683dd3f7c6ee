"""Typed relations between events: what each is called from either side, and the checks that a
timeline's relations make sense (the target exists, the dates agree, 'follows' goes one way)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping

from ..core.errors import Problems, did_you_mean
from .date_text import IN_MESSAGES

if TYPE_CHECKING:  # the timeline module uses this one to link its events
    from .timeline import Event, Relation, Timeline

# Typed relations: label seen from the entry that declares it, and from the target.
RELATIONS = {
    "signed-at": ("Signed at", "Signed here"),
    "held-during": ("Held during", "Held during this"),
    "part-of": ("Part of", "Includes"),
    "implements": ("Implements", "Implemented by"),
    "follows": ("Follows", "Followed by"),
    "see-also": ("See also", "See also"),
}
_LABEL_ORDER = {label: i for i, label in enumerate(dict.fromkeys(
    [forward for forward, _ in RELATIONS.values()] + [backward for _, backward in RELATIONS.values()]))}
# Relations that say the two events happened at the same time.
CONCURRENT = ("signed-at", "held-during", "part-of")


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    event: Event
    type: str = ""  # the relation as declared (signed-at ...)
    inverse: bool = False  # declared by the other event, towards this one


def link_events(timeline: Timeline, drafts: Mapping[str, Event], failed: frozenset[str],
                problems: Problems) -> dict[str, list[Link]]:
    """Each event's links: the relations it declares, checked, and their inverses, in the order of
    their labels and then of the events. `failed`: slugs of entries that could not be read."""
    links: dict[str, list[Link]] = defaultdict(list)
    for event in timeline.events:
        for relation in event.related:
            target = timeline.by_slug.get(relation.target)
            if target is None:
                if relation.target not in failed:
                    _report_missing_target(event, relation, drafts, timeline, problems)
                continue
            if target is event:
                problems.error(event.path, relation.line, "related", "an event cannot relate to itself")
                continue
            if relation.type in CONCURRENT and not event.span.overlaps(target.span):
                problems.error(event.path, relation.line, "related",
                               f"'{relation.type}' needs the dates to overlap, but {IN_MESSAGES.span(event.span)} "
                               f"does not overlap '{target.slug}' ({IN_MESSAGES.span(target.span)})",
                               "check both dates, or use 'see-also'")
                continue
            if relation.type == "follows" and event.span.ends_before(target.span):
                problems.error(event.path, relation.line, "related",
                               f"'follows' needs this event to come after '{target.slug}', but "
                               f"{IN_MESSAGES.span(event.span)} is before {IN_MESSAGES.span(target.span)}",
                               "check both dates, or relate them the other way round")
                continue
            forward, backward = RELATIONS[relation.type]
            links[event.slug].append(Link(forward, target, relation.type))
            links[target.slug].append(Link(backward, event, relation.type, inverse=True))
    result = {}
    for slug, items in links.items():
        unique = {(link.label, link.event.slug): link for link in items}
        result[slug] = sorted(unique.values(), key=lambda link: (_LABEL_ORDER[link.label], link.event.sort_key))
    return result


def refuse_follows_cycles(timeline: Timeline, problems: Problems) -> None:
    """'follows' is an order: A follows B and B follows A (the dates may allow it when they are the
    same) cannot both hold. A depth-first search over every 'follows'; each circle is reported on
    its first entry by slug, at the line of its 'follows' in the circle."""
    edges = {e.slug: [(r.target, r.line) for r in e.related
                      if r.type == "follows" and r.target in timeline.by_slug and r.target != e.slug]
             for e in timeline.events}
    done: set[str] = set()
    for start in sorted(edges):
        if start in done:
            continue
        path, lines, stack = [start], [], [iter(edges[start])]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                done.add(path.pop())
                stack.pop()
                if lines:
                    lines.pop()
            elif step[0] in path:
                at = path.index(step[0])
                _report_circle(timeline, path[at:], [*lines[at:], step[1]], problems)
            elif step[0] not in done:
                path.append(step[0])
                lines.append(step[1])
                stack.append(iter(edges[step[0]]))


def _report_circle(timeline: Timeline, circle: list[str], lines: list[int], problems: Problems) -> None:
    """`lines[i]`: where circle[i] says it follows the next one."""
    first = circle.index(min(circle))
    order = [*circle[first:], *circle[:first], circle[first]]
    problems.error(timeline.by_slug[circle[first]].path, lines[first], "related",
                   f"'follows' goes round in a circle: {' -> '.join(order)}",
                   "one of them came first: remove or reverse one 'follows'")


def _report_missing_target(event: Event, relation: Relation, drafts: Mapping[str, Event],
                           timeline: Timeline, problems: Problems) -> None:
    if relation.target in drafts:
        problems.warn(event.path, relation.line, "related",
                      f"'{relation.target}' is a draft, so this link is left out", "build with --drafts to see it")
        return
    problems.error(event.path, relation.line, "related", f"no event '{relation.target}'",
                   did_you_mean(relation.target, timeline.by_slug) or "give the slug of an entry in content/")
