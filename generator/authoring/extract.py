"""`timeline extract seeds/<article>`: draft entries proposed from an article, read in its
language (its sidecar's, else detected), one per event a sentence dates: the date at the precision
the text gives, the sentence as a quote (checked like any other), the parties the registry knows
by name or alias, a kind guessed from the language's words, and a status that never claims what
the text only announces ("will sign", "soll", "підпишуть" are not "signed"), nor what an article
published before the event could not know, nor anything in a language whose words it does not know.

Writes `draft: true` files, never over an existing one, skips sentences an entry already quotes,
and says what it wrote and why. An editor then fixes each draft and removes `draft: true`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional

import yaml

from ..config import Config, Kind
from ..content.files import entry_files
from ..content.frontmatter import read_entry_file, scalar
from ..content.parties import Registry, load_parties
from ..content.passages import sentences
from ..content.sources import SEEDS_DIR, Seed, load_seeds
from ..core.dates import PartialDate
from ..core.errors import Problems, UsageError, did_you_mean
from ..core.languages import language_name
from .date_patterns import lexicon
from .dates_in_text import Found, Timeframe, find_dates
from .drafts import Draft, draft_text, shown_paths, slug_for, taken_slugs, write_all
from .words import WORDS, detect_language, words_for

TITLE_WORDS = 14
_DATELINE = re.compile(r"[\W_]+")  # what a sentence that is only a date has beside it


@dataclass(frozen=True)
class Reading:
    """An article's language and what the tool reads in it: the language's words, compiled."""

    language: str
    how: str  # where the language came from, for the editor
    boundary: re.Pattern  # where a clause ends
    no_event: Optional[re.Pattern]  # before a date that is a state's end or a reference: until, as of
    reported: re.Pattern  # a verb of saying just before the date
    future: Optional[re.Pattern]  # the text only announces it
    kinds: tuple[tuple[str, re.Pattern], ...]
    happened: tuple[tuple[str, str, re.Pattern], ...]


_NEVER = re.compile(r"(?!)")


@lru_cache(maxsize=None)
def _reading(language: str, how: str) -> Reading:
    words = words_for(language)
    opens = rf"|\s(?:{words.clause_opens})\s" if words.clause_opens else ""
    word = lambda pattern: re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.I)  # noqa: E731
    no_event = re.compile(rf"(?<!\w)(?:{words.no_event})\s+$", re.I) if words.no_event else None
    return Reading(language, how, re.compile(rf"[,;:]\s{opens}", re.I), no_event,
                   re.compile(rf"(?<!\w)(?:{words.reported})\W+(?:\w+\W+){{0,2}}$", re.I) if words.reported else _NEVER,
                   lexicon(language).future, tuple((kind, word(p)) for kind, p in words.kinds),
                   tuple((kind, status, word(p)) for kind, status, p in words.happened))


def _language(seed: Seed) -> Reading:
    """The article's language: its sidecar's, else the one its words are clearly in."""
    if seed.meta.language:
        return _reading(seed.meta.language, "from its sidecar")
    detected = detect_language(seed.text)
    if detected is None:
        stem = Path(seed.name).stem
        raise UsageError(f"cannot tell which language {SEEDS_DIR}/{seed.name} is in: give it in "
                         f"{SEEDS_DIR}/{stem}.toml, as language = \"de\" (a tag CLDR knows)")
    return _reading(detected, "detected from its words")


def extract_drafts(config: Config, article: str, into: Optional[Path], today: dt.date,
                   say: Callable[[str], None] = lambda line: None) -> list[Path]:
    problems = Problems()
    registry = load_parties(config.root, problems)
    seeds = load_seeds(config.root, problems)
    problems.raise_if_errors()
    seed = _seed(seeds, article)
    cited = _cited_spans(config, seed)
    frame = Timeframe.of(seed.text, seed.meta.published)
    reading = _language(seed)
    say(_language_note(reading))
    folder = into or config.content_dir
    taken = taken_slugs(config.content_dir) | taken_slugs(folder)
    files: dict[Path, str] = {}
    for start, end in sentences(seed.text, seed.body_start):
        sentence = seed.text[start:end]
        found = find_dates(sentence, start, frame, reading.language)
        events = _events(found, sentence, reading)
        if not events:
            for f in found:
                say(f"skipped \"{f.text}\" in \"{_short(sentence)}\": {f.how}")
            continue
        if _DATELINE.sub("", sentence.replace(events[0].text, "", 1)) == "" and len(events) == 1:
            say(f"skipped \"{_short(sentence)}\": a dateline, a date and nothing it dates")
            continue
        if any(a < end and start < b for a, b, _ in cited):
            by = ", ".join(sorted({path for a, b, path in cited if a < end and start < b}))
            say(f"skipped \"{_short(sentence)}\": already quoted by {by}")
            continue
        for event in events:
            draft, why = _draft(config, registry, seed, reading, sentence, event, today, len(events) > 1)
            path = folder / f"{slug_for(draft.title, taken)}.md"
            files[path] = draft_text(draft)
            say(f"{shown_paths([path], config.root)[path]}: {why}")
    write_all(config, files, shown_paths(files, config.root))
    return list(files)


def _seed(seeds: dict[str, Seed], article: str) -> Seed:
    name = Path(article).name
    if name not in seeds:
        raise UsageError(f"no article '{name}' in {SEEDS_DIR}/ ({did_you_mean(name, seeds) or 'give seeds/<file>'})")
    return seeds[name]


def _cited_spans(config: Config, seed: Seed) -> list[tuple[int, int, str]]:
    """Where the article is quoted already, by any entry (drafts included): (start, end, file)."""
    spans = []
    for file, shown_as, _ in entry_files(config.content_dir, config.root, Problems()):
        entry = read_entry_file(Path(file), shown_as, Problems())
        for source in _sources(entry.fields if entry else None):
            if source.get("seed") == seed.name and source.get("quote"):
                span = seed.find(source["quote"])
                if span:
                    spans.append((*span, shown_as))
    return spans


def _sources(fields: Optional[yaml.Node]) -> list[dict]:
    """The entry's sources as plain mappings, read leniently: a draft half-written is still read."""
    if not isinstance(fields, yaml.MappingNode):
        return []
    for key, value in fields.value:
        if scalar(key) == "sources" and isinstance(value, yaml.SequenceNode):
            return [{scalar(k): scalar(v) for k, v in item.value if isinstance(v, yaml.ScalarNode)}
                    for item in value.value if isinstance(item, yaml.MappingNode)]
    return []


def _events(found: list[Found], sentence: str, reading: Reading) -> list[Found]:
    """The dates a sentence reports events at, one draft each: every distinct date it gives (the
    first of each), but a time limit or the end of a state ("until 1 June") only when it gives no
    other."""
    dated = [f for f in found if f.date is not None]
    ends = [f for f in dated if reading.no_event and reading.no_event.search(sentence[:f.start])]
    events = [f for f in dated if not f.deadline and f not in ends] or dated[:1]
    first_of_each = {}
    for f in events:
        first_of_each.setdefault((f.date, f.end_date), f)
    return list(first_of_each.values())


def _language_note(reading: Reading) -> str:
    name = language_name(reading.language)
    if words_for(reading.language).kinds:
        return f"reading it as {name} ({reading.language}, {reading.how})"
    return (f"reading it as {name} ({reading.language}, {reading.how}): dates from CLDR's names for it; the "
            f"words that say what happened are known in {', '.join(WORDS)} only, so no status is given")


def _draft(config: Config, registry: Registry, seed: Seed, reading: Reading, sentence: str, found: Found,
           today: dt.date, one_of_several: bool) -> tuple[Draft, str]:
    """A draft for the event the sentence dates at `found`; where it dates several, titled by the
    date's own clause."""
    text = " ".join(sentence.split())
    clause = _clause(reading, sentence, found)
    kind, kind_why = _kind(config, reading, clause, sentence, found)
    status, status_why = _status(config.kinds[kind], reading, clause, found, seed.meta.published, today)
    parties = _parties(registry, clause) or _parties(registry, text)
    date = found.date.iso() + (f" to {found.end_date.iso()}" if found.end_date else "")
    why = [f"{date} (\"{found.text}\", {found.how})", f"{kind} ({kind_why})", f"status {status_why}",
           f"parties: {', '.join(parties) or 'none the registry knows'}"]
    return Draft(title=_title(clause if one_of_several else text), date=found.date, end=found.end_date,
                 kind=kind, status=status,
                 parties=tuple(parties), sources=((seed.name, text),)), "; ".join(why)


def _clause(reading: Reading, sentence: str, found: Found) -> str:
    """The part of the sentence the date belongs to: from the boundary before it to the one after."""
    before = [m.end() for m in reading.boundary.finditer(sentence, 0, found.start)]
    after = reading.boundary.search(sentence, found.end)
    return " ".join(sentence[before[-1] if before else 0:after.start() if after else len(sentence)].split())


def _kind(config: Config, reading: Reading, clause: str, sentence: str, found: Found) -> tuple[str, str]:
    """The kind a word of the date's clause names (the nearest to the date), else one of the sentence's."""
    if "announcement" in config.kinds and reading.reported.search(sentence[:found.start]):
        return "announcement", "the date is when someone said it"
    for text in (clause, sentence):
        words = [(abs(m.start() - len(text) // 2), kind, m.group()) for kind, pattern in reading.kinds
                 if kind in config.kinds for m in pattern.finditer(text)]
        if words:
            _, kind, word = min(words)
            return kind, f"from \"{word}\""
    fallback = "announcement" if "announcement" in config.kinds else next(iter(config.kinds))
    return fallback, "a guess: no word of the sentence names a kind"


def _status(kind: Kind, reading: Reading, text: str, found: Found, published: Optional[PartialDate],
            today: dt.date) -> tuple[str, str]:
    waiting = next((s for s in ("scheduled", "announced", "proposed") if s in kind.statuses and s not in kind.happened),
                   "")
    first_day = found.date.first_day()
    if found.deadline:
        return waiting, f"{waiting or 'left out'} (\"{found.text}\" is a time limit, not a date it happened)"
    if first_day > today:
        return waiting, f"{waiting or 'left out'} (the date is after today)"
    if published is not None and first_day > published.last_day():
        return waiting, f"{waiting or 'left out'} (the article was published before it)"
    if reading.future is None:
        return "", "left out (the tool knows no words of this language that say whether it happened)"
    future = reading.future.search(text)
    if future:
        return waiting, f"{waiting or 'left out'} (\"{future.group()}\": the text only announces it)"
    for name, status, pattern in reading.happened:
        match = pattern.search(text)
        if name == kind.name and status in kind.statuses and match:
            return status, f"{status} (\"{match.group()}\")"
    return "", "left out (no word of the sentence says whether it happened)"


def _parties(registry: Registry, text: str) -> list[str]:
    found = []
    for party in registry.parties.values():
        for name in (party.name, *party.aliases):
            exact = len(name) <= 4 or name.isupper()  # 'US' is a party, 'us' is not
            if re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", text, 0 if exact else re.I):
                found.append(party.id)
                break
    return found


def _title(text: str) -> str:
    words = text.strip("\"'\u201c\u201d ").split()
    title = " ".join(words[:TITLE_WORDS]).rstrip(",;:")
    return title + ("..." if len(words) > TITLE_WORDS else "")


def _short(text: str, most: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[:most].rsplit(" ", 1)[0] + "..."
