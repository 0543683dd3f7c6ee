"""Translations of entries: `content/<slug>.<lang>.md` gives an entry's text in another language
(title, summary, location, body, the notes of its milestones and corrections); everything else
(dates, kind, status, parties, relations, sources) is the original's. What a translation does not
give is shown in the original language, and marked so (`Event.fallback`)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import Any, Mapping, Optional

from ..core.dates import PartialDate
from ..core.errors import Problems
from .timeline import Event, Party, Timeline, build_timeline, slugify, term_values

TEXT_FIELDS = ("title", "summary", "location", "body", "milestones", "corrections")


@dataclass(frozen=True, slots=True)
class Translation:
    language: str
    path: str  # content/<slug>.<lang>.md
    text: Mapping[str, str]  # title, summary, location, body: what it gives
    milestone_notes: Optional[tuple[str, ...]] = None  # one per milestone of the original, in order
    correction_notes: Optional[tuple[str, ...]] = None
    updated: Optional[PartialDate] = None  # when it was last brought up to date
    fingerprint: str = ""
    body_line: int = 1
    tag_labels: Optional[tuple[str, ...]] = None  # the original's tags as this language writes them
    extra: tuple[tuple[str, Any], ...] = ()  # the site's own translated fields: a text, or one per original item
    media_text: Optional[tuple[Mapping[str, str], ...]] = None  # alt, caption, title of each of the original's media


def translated(event: Event, translation: Optional[Translation], original_language: str,
               translatable: frozenset[str] = frozenset(), taxonomies: frozenset[str] = frozenset()) -> Event:
    """The event as the pages of the translation's language show it. `translatable`: the site's own
    translated fields; `taxonomies`: those of them whose values are terms (they keep the original's
    values, which name their pages; their labels are translated in the timeline's term labels)."""
    given = dict(translation.text) if translation else {}
    fields = {name: given[name] for name in ("title", "summary", "location", "body") if given.get(name)}
    own = dict(translation.extra) if translation else {}
    if any(name not in taxonomies for name in own):
        fields["extra"] = tuple((name, own[name] if name in own and name not in taxonomies else value)
                                for name, value in event.extra)
    if translation and translation.milestone_notes is not None:
        fields["milestones"] = tuple(replace(m, note=note or m.note)
                                     for m, note in zip(event.milestones, translation.milestone_notes))
    if translation and translation.media_text is not None:
        fields["media"] = tuple(replace(item, **{k: v for k, v in text.items() if v and hasattr(item, k)})
                                for item, text in zip(event.media, translation.media_text))
    if translation and translation.correction_notes is not None:
        fields["corrections"] = tuple(replace(c, note=note or c.note)
                                      for c, note in zip(event.corrections, translation.correction_notes))
    shown = {"title": event.title, "summary": event.summary, "location": event.location, "body": event.body,
             "milestones": any(m.note for m in event.milestones), "corrections": event.corrections}
    fallback = frozenset(name for name in TEXT_FIELDS if shown[name] and name not in fields) | (
        {"media"} if event.media and "media" not in fields else set()) | {  # alt text, captions: the original's
        name for name, _ in event.extra if name in translatable and name not in own}
    if translation is None:  # the original's text, whose rendered body and cards are reused as they are
        return replace(event, fallback=fallback, original_language=original_language)
    lines = {**event.lines, "body": translation.body_line} if "body" in fields else event.lines
    return replace(event, **fields, fallback=fallback, original_language=original_language,
                   path=translation.path if "body" in fields else event.path, lines=lines,
                   fingerprint=_joined(event.fingerprint, translation.fingerprint),
                   front_fingerprint=_joined(event.front_fingerprint, translation.fingerprint, str(sorted(fallback))))


def _joined(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()


def translated_timeline(timeline: Timeline, translations: Mapping[str, Translation], language: str,
                        original_language: str, translatable: frozenset[str] = frozenset(),
                        taxonomies: tuple[str, ...] = ()) -> Timeline:
    """The timeline as the pages of `language` show it: each event translated (or not), parties
    by their names in that language. Relations were checked on the original already."""
    events = [translated(e, translations.get(e.slug), original_language, translatable, frozenset(taxonomies))
              for e in timeline.events]
    parties = {key: _party_in(party, language) for key, party in timeline.parties.items()}
    shown = build_timeline(events, parties, Problems(), taxonomies=taxonomies)
    for event in timeline.events:  # a term keeps its page (its slug, the original's); its label is translated
        translation = translations.get(event.slug)
        if translation is None:
            continue
        given = {"tags": translation.tag_labels, **dict(translation.extra)}
        for taxonomy in ("tags", *taxonomies):
            if given.get(taxonomy):
                shown.term_labels[taxonomy].update(
                    (slugify(value), label) for value, label in zip(term_values(event, taxonomy), given[taxonomy]))
    return shown


def _party_in(party: Party, language: str) -> Party:
    name = dict(party.names).get(language)
    return replace(party, name=name) if name else party
