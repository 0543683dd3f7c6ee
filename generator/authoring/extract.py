"""`timeline extract seeds/<article>`: draft entries proposed from an article, one per sentence
that reports a dated event: the date at the precision the text gives, the sentence as a quote
(checked like any other), the parties the registry knows by name or alias, a guessed kind, and a
status that never claims what the text only announces ("will sign" is not "signed"), nor what an
article published before the event could not know.

Writes `draft: true` files, never over an existing one, skips sentences an entry already quotes,
and says what it wrote and why. An editor then fixes each draft and removes `draft: true`.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Callable, Optional

import yaml

from ..config import Config, Kind
from ..content.files import entry_files
from ..content.frontmatter import read_entry_file, scalar
from ..content.parties import Registry, load_parties
from ..content.passages import sentences
from ..content.sources import SEEDS_DIR, Seed, load_seeds
from ..core.errors import Problems, UsageError, did_you_mean
from ..model.dates import PartialDate
from .dates_in_text import Found, Timeframe, find_dates
from .drafts import Draft, draft_text, shown_paths, slug_for, taken_slugs, write_all

TITLE_WORDS = 14
_KIND_WORDS = (("summit", r"summits?"), ("agreement", r"agreements?|deals?|treat(?:y|ies)|accords?|sign(?:s|ed|ing)?"),
               ("pledge", r"pledge[sd]?|promise[sd]?|vow(?:s|ed)?"), ("meeting", r"met|meets?|meetings?|talks"),
               ("announcement", r"said|says|announce[sd]?|statement|declared|told"))
_BOUNDARY = re.compile(r"[,;:]\s|\s(?:which|that|who|where|while|because|based on)\s")
_REPORTED = re.compile(r"\b(?:said|says|announced|declared|stated|told|reported)\W+(?:\w+\W+){0,2}$")
_FUTURE = re.compile(r"\b(?:will|would|shall|plans?\s+to|planned\s+to|expected\s+to|is\s+to|are\s+to|set\s+to|"
                     r"scheduled|upcoming|to\s+be\s+held|due\s+to)\b", re.I)
# (kind, status, what in the text says so): a past tense that reports it happened
_HAPPENED = (("summit", "held", r"held|took place|convened|hosted"), ("meeting", "held", r"held|took place|met"),
             ("agreement", "signed", r"signed"), ("agreement", "agreed", r"agreed|reached an? (?:agreement|deal)"),
             ("pledge", "made", r"pledged|made|promised"), ("announcement", "made", r"said|announced|declared|stated"))


def extract_drafts(config: Config, article: str, into: Optional[Path], today: dt.date,
                   say: Callable[[str], None] = lambda line: None) -> list[Path]:
    problems = Problems()
    registry = load_parties(config.root, problems)
    seeds = load_seeds(config.root, problems)
    problems.raise_if_errors()
    seed = _seed(seeds, article)
    cited = _cited_spans(config, seed)
    frame = Timeframe.of(seed.text, seed.meta.published)
    folder = into or config.content_dir
    taken = taken_slugs(config.content_dir) | taken_slugs(folder)
    files: dict[Path, str] = {}
    for start, end in sentences(seed.text, seed.body_start):
        sentence = seed.text[start:end]
        found = find_dates(sentence, start, frame)
        primary = _primary(found)
        if primary is None:
            for f in found:
                say(f"skipped \"{f.text}\" in \"{_short(sentence)}\": {f.how}")
            continue
        if any(a < end and start < b for a, b, _ in cited):
            by = ", ".join(sorted({path for a, b, path in cited if a < end and start < b}))
            say(f"skipped \"{_short(sentence)}\": already quoted by {by}")
            continue
        draft, why = _draft(config, registry, seed, sentence, primary, today)
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


def _primary(found: list[Found]) -> Optional[Found]:
    """The date the sentence is about: the first it gives, a time limit only when it gives no other."""
    dated = [f for f in found if f.date is not None]
    return next((f for f in dated if not f.deadline), dated[0] if dated else None)


def _draft(config: Config, registry: Registry, seed: Seed, sentence: str, found: Found,
           today: dt.date) -> tuple[Draft, str]:
    text = " ".join(sentence.split())
    clause = _clause(sentence, found)
    kind, kind_why = _kind(config, clause, sentence, found)
    status, status_why = _status(config.kinds[kind], clause, found, seed.meta.published, today)
    parties = _parties(registry, clause) or _parties(registry, text)
    date = found.date.iso() + (f" to {found.end_date.iso()}" if found.end_date else "")
    why = [f"{date} (\"{found.text}\", {found.how})", f"{kind} ({kind_why})", f"status {status_why}",
           f"parties: {', '.join(parties) or 'none the registry knows'}"]
    return Draft(title=_title(text), date=found.date, end=found.end_date, kind=kind, status=status,
                 parties=tuple(parties), sources=((seed.name, text),)), "; ".join(why)


def _clause(sentence: str, found: Found) -> str:
    """The part of the sentence the date belongs to: from the boundary before it to the one after."""
    before = [m.end() for m in _BOUNDARY.finditer(sentence, 0, found.start)]
    after = _BOUNDARY.search(sentence, found.end)
    return " ".join(sentence[before[-1] if before else 0:after.start() if after else len(sentence)].split())


def _kind(config: Config, clause: str, sentence: str, found: Found) -> tuple[str, str]:
    """The kind a word of the date's clause names (the nearest to the date), else one of the sentence's."""
    if "announcement" in config.kinds and _REPORTED.search(sentence[:found.start]):
        return "announcement", "the date is when someone said it"
    for text in (clause, sentence):
        words = [(abs(m.start() - len(text) // 2), kind, m.group()) for kind, pattern in _KIND_WORDS
                 if kind in config.kinds for m in re.finditer(rf"\b(?:{pattern})\b", text, re.I)]
        if words:
            _, kind, word = min(words)
            return kind, f"from \"{word}\""
    fallback = "announcement" if "announcement" in config.kinds else next(iter(config.kinds))
    return fallback, "a guess: no word of the sentence names a kind"


def _status(kind: Kind, text: str, found: Found, published: Optional[PartialDate], today: dt.date) -> tuple[str, str]:
    waiting = next((s for s in ("scheduled", "announced", "proposed") if s in kind.statuses and s not in kind.happened),
                   "")
    first_day = found.date.first_day()
    if found.deadline:
        return waiting, f"{waiting or 'left out'} (\"{found.text}\" is a time limit, not a date it happened)"
    if first_day > today:
        return waiting, f"{waiting or 'left out'} (the date is after today)"
    if published is not None and first_day > published.last_day():
        return waiting, f"{waiting or 'left out'} (the article was published before it)"
    future = _FUTURE.search(text)
    if future:
        return waiting, f"{waiting or 'left out'} (\"{future.group()}\": the text only announces it)"
    for name, status, words in _HAPPENED:
        match = re.search(rf"\b(?:{words})\b", text, re.I)
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
