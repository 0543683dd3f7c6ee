"""Translations of entries, `content/<slug>.<lang>.md` beside the original: the text only.

A translation may give title, summary, location, a body, `milestones` and `corrections` as lists
of `{note: ...}` (one per item of the original, in order) and its own `updated:` (the day it was
brought up to date). Dates, kind, status, parties, relations and sources are the original's; a
translation that sets one is an error. `check` gives notices (never fatal) about entries with no
translation into a language of the site, and about translations older than their original's last
update.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Mapping, Optional

import yaml

from ..config import Config
from ..config.schema import MEDIA, Field, names, translation_fields
from ..core.cache import MemoryCache
from ..core.errors import Problems, did_you_mean, one_of
from ..core.workers import fork_map
from ..model.date_text import IN_MESSAGES
from ..model.timeline import Event, last_revised
from ..model.translations import Translation
from .entry_lists import read_day
from .files import Stamp, stamp, trusted
from .frontmatter import FieldReader, mapping_items, read_entry_file

TRANSLATION_RECORDS = "translation"  # the cache's records of translations read
MEDIA_TEXT = names(translation_fields(MEDIA))  # alt, caption, title
_NAME = re.compile(r"(?P<stem>.+)\.(?P<language>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)\.md")


def translation_language(shown_as: str) -> Optional[str]:
    """'content/x.uk.md' -> 'uk'; None for an entry of its own."""
    match = _NAME.fullmatch(shown_as.rpartition("/")[2])
    return match.group("language") if match else None


def load_translations(config: Config, files: list[tuple], events: list[Event], problems: Problems,
                      cache: MemoryCache) -> tuple[dict[str, dict[str, Translation]], set[str]]:
    """{language: {slug: translation}} for the site's languages other than the default, and the
    files that gave none, as shown; `files`: the translation files found in content/ (path, as
    shown, stat). A file unchanged since it was read for the same original comes from the cache;
    the others are read on every core."""
    others, by_path = config.language_codes[1:], {e.path: e for e in events}
    cached, now = cache.load(TRANSLATION_RECORDS), time.time_ns()
    found: dict[str, dict[str, Translation]] = {language: {} for language in others}
    misses = []
    for file, shown_as, stat in files:
        language = translation_language(shown_as)
        event = by_path.get(shown_as[:-len(f".{language}.md")] + ".md")
        if not _belongs(config, shown_as, language, event, problems):
            continue
        hit = cached.get(shown_as)
        if hit and hit[:2] == (stamp(stat), event.fingerprint) and hit[3:] == (config.fields,) and trusted(hit[0], now):
            found[language][event.slug] = hit[2]
        else:
            misses.append((Path(file) if file else config.root / shown_as, shown_as, language, event,
                           config.entry_fields))
    fresh = {}
    for (path, shown_as, language, event, _), (translation, items) in zip(misses, fork_map(_read_isolated, misses)):
        problems.items.extend(items)
        if translation is not None:
            found[language][event.slug] = translation
            fresh[shown_as] = (stamp(path.stat(), now), event.fingerprint, translation, config.fields)
    cache.put(TRANSLATION_RECORDS, fresh)
    cache.keep_only(TRANSLATION_RECORDS, {shown_as for _, shown_as, _ in files})
    given = {translation.path for language in found.values() for translation in language.values()}
    return found, {shown_as for _, shown_as, _ in files} - given


def known_translations(cache: MemoryCache) -> dict[str, Stamp]:
    """The translation files the cache holds, with their stamps."""
    return {shown_as: record[0] for shown_as, record in cache.load(TRANSLATION_RECORDS).items()}


def _belongs(config: Config, shown_as: str, language: str, original: Optional[Event], problems: Problems) -> bool:
    """Whether a translation file translates an entry into one of the site's languages."""
    if language not in config.language_codes[1:]:
        listed = ", ".join(repr(code) for code in config.language_codes)
        problems.error(shown_as, 1, "", f"a translation into '{language}', but the site is published in {listed}",
                       f"add [languages.{language}] to timeline.toml, after the default language")
        return False
    if original is None:
        name = shown_as[:-len(f".{language}.md")] + ".md"
        if not (config.root / name).is_file():  # (an original that failed is reported already)
            problems.error(shown_as, 1, "", f"no entry {name} to translate",
                           "name a translation after its original: <slug>.<language>.md beside <slug>.md")
        return False
    return True


def _read_isolated(item: tuple) -> tuple[Optional[Translation], list]:
    """Read one translation with problems of its own (it may run in a worker process)."""
    path, shown_as, language, original, fields = item
    problems = Problems()
    return _read(path, shown_as, language, original, fields, problems), problems.items


def _read(file: Path, shown_as: str, language: str, original: Event, fields: tuple[Field, ...],
          problems: Problems) -> Optional[Translation]:
    """`fields`: every field of an entry, the site's own included."""
    before = len(problems.errors)
    entry = read_entry_file(file, shown_as, problems)
    if entry is None:
        return None
    reader = FieldReader(entry, problems)
    every, translated = names(fields), names(translation_fields(fields))
    own = {field.name: field for field in fields if not field.typed}
    text, notes, updated, extra = {}, {}, None, []
    for key, key_node, value in mapping_items(entry.fields, entry, problems):
        if key in every and key not in translated:
            reader.error(key_node, key, f"comes from {original.path}; a translation gives only its text",
                         f"remove it here (change it in {original.path})")
        elif key not in translated:
            reader.error(key_node, key, "unknown field", did_you_mean(key, translated) or one_of(translated))
        elif key in own:
            extra.append((key, _own(reader, value, own[key], original)))
        elif key == "updated":
            updated = read_day(reader, value, "updated")
        elif key in ("milestones", "corrections"):
            notes[key] = _notes(reader, value, key, len(getattr(original, key)), original.path)
        elif key == "media":
            notes[key] = _media_text(reader, value, original)
        elif key == "tags":
            notes[key] = _texts(reader, value, "tags", len(original.tags), original.path, "tag")
        else:
            text[key] = reader.text(value, key)
    if entry.body.strip():
        text["body"] = entry.body
    if len(problems.errors) > before:
        return None
    return Translation(language, shown_as, {k: v for k, v in text.items() if v}, notes.get("milestones"),
                       notes.get("corrections"), updated, entry.fingerprint, entry.body_line, notes.get("tags"),
                       tuple((name, value) for name, value in extra if value), notes.get("media"))


def _own(reader: FieldReader, node: yaml.Node, field: Field, original: Event) -> str | tuple[str, ...] | None:
    """A field of the site's own in another language: a text, or one text for each of the original's."""
    if field.shape == "text":
        return reader.text(node, field.name)
    return _texts(reader, node, field.name, len(original.own(field.name) or ()), original.path, "item")


def _notes(reader: FieldReader, node: yaml.Node, name: str, count: int, original: str) -> Optional[tuple[str, ...]]:
    """`- {note: ...}` for each item of the original's list, in its order."""
    items = _one_for_each(reader, node, name, count, original, "item", "translate each one's note, in the same order")
    if items is None:
        return None
    notes = []
    for index, item in enumerate(items):
        fields = reader.fields(item, f"{name}[{index}]", ("note",))
        notes.append(reader.text(fields["note"], f"{name}[{index}].note") or "" if "note" in fields else "")
    return tuple(notes)


def _media_text(reader: FieldReader, node: yaml.Node, original: Event) -> Optional[tuple[dict[str, str], ...]]:
    """The text of each of the original's media, in its order: a picture's alt text and caption, a
    link's title (what a reader of the language reads; the files and addresses are the original's)."""
    items = _one_for_each(reader, node, "media", len(original.media), original.path, "item",
                          "translate each one's alt text, caption or title, in the same order")
    if items is None:
        return None
    texts = []
    for index, item in enumerate(items):
        fields = reader.fields(item, f"media[{index}]", MEDIA_TEXT)
        texts.append({key: reader.text(value, f"media[{index}].{key}") or "" for key, value in fields.items()})
    return tuple(texts)


def _texts(reader: FieldReader, node: yaml.Node, name: str, count: int, original: str,
           noun: str) -> Optional[tuple[str, ...]]:
    """The original's list of texts (tags, a site's texts field) as the language writes them, one
    for each, in the same order (a term's page stays the original's)."""
    items = _one_for_each(reader, node, name, count, original, noun,
                          f"translate each of {'its tags' if name == 'tags' else 'them'}, in the same order",
                          single_allowed=True)
    if items is None:
        return None
    labels = [reader.text(item, name, required=True) for item in items]
    return tuple(labels) if all(labels) else None


def _one_for_each(reader: FieldReader, node: yaml.Node, name: str, count: int, original: str, noun: str,
                  hint: str, single_allowed: bool = False) -> Optional[list[yaml.Node]]:
    """A translated list's items, which must be as many as the original's (or None, reported)."""
    items = reader.items(node, name, single_allowed=single_allowed)
    if len(items) != count:
        reader.error(node, name, f"has {len(items)} {noun}{'' if len(items) == 1 else 's'}, but {original} has {count}",
                     hint)
        return None
    return items


def warn_about_translations(events: list[Event], translations: Mapping[str, Mapping[str, Translation]],
                            problems: Problems) -> None:
    """Notices (never fatal: a site is published in its first language first): an entry with no
    translation into one of the site's languages, and a translation older than its original's last
    update."""
    for language, found in translations.items():
        for event in events:
            translation = found.get(event.slug)
            if translation is None:
                expected = f"{event.path[:-3]}.{language}.md"
                problems.note(event.path, 0, "", f"no '{language}' translation ({expected}): its pages in "
                                                 f"'{language}' show it in the original", "translate its text there")
                continue
            revised = last_revised(event)
            if revised and (translation.updated is None or translation.updated.first_day() < revised.first_day()):
                since = IN_MESSAGES.date(translation.updated) if translation.updated else "no updated: date"
                problems.note(translation.path, 1, "", f"the original was updated on {IN_MESSAGES.date(revised)}, "
                                                       f"after this translation ({since})",
                              "bring the translation up to date, then set its updated: to that day")
