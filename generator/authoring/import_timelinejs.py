"""`timeline import TIMELINE.json|.csv`: a Knight Lab TimelineJS3 timeline (its JSON, or the CSV
of its Google Sheets template) -> one `draft: true` entry per slide.

Each slide keeps the precision it gives (a year, a month, a day, and an end), its headline, its
text as Markdown, its media as a credited link, its group as a kind the site declares or a tag,
and its display_date as a note. Its eras are added to timeline.toml as [[eras]] (each with its
headline, dates and text); the title slide is reported, not imported. Every problem is reported
with its file and line before anything is written.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Optional

from ..config import CONFIG_FILE, Config
from ..config.eras import read_eras
from ..config.toml import parse_toml
from ..core.dates import PartialDate, parse_partial_date
from ..core.errors import ContentError, Problems
from ..core.textfile import replace_text
from ..model.timeline import slugify
from .drafts import Draft, draft_text, shown_paths, slug_for, taken_slugs, write_all
from .html_text import markdown_from_html, plain_text

CSV_COLUMNS = ("Year", "Month", "Day", "End Year", "End Month", "End Day", "Display Date", "Headline", "Text",
               "Media", "Media Credit", "Media Caption", "Type", "Group")


@dataclass(frozen=True)
class Slide:
    line: int
    start: dict  # {"year": ..., "month": ..., "day": ...}, values as given (text or numbers)
    end: Optional[dict]
    headline: str
    text: str
    media: dict
    group: str
    display_date: str
    type: str = ""  # "title", "era" or "" in the CSV template


def import_timelinejs(config: Config, file: Path, shown_as: str, into: Path, kind: str,
                      say: Callable[[str], None] = lambda line: None) -> list[Path]:
    problems = Problems()
    text = file.read_text(encoding="utf-8-sig", errors="replace")
    slides = (_csv_slides if file.suffix.lower() == ".csv" else _json_slides)(text, shown_as, problems, say)
    problems.raise_if_errors()
    taken = taken_slugs(into)
    drafts, eras = {}, []
    for slide in slides:
        if slide.type == "era":
            eras.append(_era(slide, shown_as, problems))
            continue
        draft = _draft(slide, config, kind, shown_as, problems)
        if draft is not None:
            drafts[into / f"{slug_for(draft.title, taken)}.md"] = draft_text(draft)
    problems.raise_if_errors()
    settings = with_eras(config, [era for era in eras if era]) if eras else None
    write_all(config, drafts, shown_paths(drafts, config.root))
    if settings:
        try:
            replace_text(config.root / CONFIG_FILE, settings)
        except BaseException:
            for path in drafts:  # all or nothing: the drafts go if the eras cannot be kept
                path.unlink(missing_ok=True)
            raise
        say(f"{len(eras)} era{'s' * (len(eras) != 1)} added to {CONFIG_FILE} as [[eras]]")
    return list(drafts)


# -- reading the two formats --------------------------------------------------------------------

def _json_slides(text: str, shown_as: str, problems: Problems, say: Callable[[str], None]) -> list[Slide]:
    repeated: list[str] = []
    try:
        data = json.loads(text, object_pairs_hook=lambda pairs: _once(pairs, repeated))
    except json.JSONDecodeError as exc:
        problems.error(shown_as, exc.lineno, "", f"invalid JSON: {exc.msg}")
        return []
    for key in dict.fromkeys(repeated):  # JSON readers keep one of the two silently: which did the author mean?
        at = [match.start() for match in re.finditer(rf'"{re.escape(key)}"\s*:', text)]
        problems.error(shown_as, text.count("\n", 0, at[-1]) + 1 if at else 1, key,
                       f"'{key}' is given twice in one object", "keep the one you mean")
    if repeated:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        problems.error(shown_as, 1, "", "not a TimelineJS timeline: it needs an \"events\" list")
        return []
    if isinstance(data.get("title"), dict):
        say(f"title slide: {plain_text(_text(data['title']).get('headline', ''))!r} (not an event; not imported)")
    lists = {"eras": data["eras"] if isinstance(data.get("eras"), list) else [], "events": data["events"]}
    items = [("era" if key == "eras" else "", key, index, item, line) for key, values in lists.items()
             for index, (item, line) in enumerate(zip(values, _item_lines(text, key, len(values))))]
    slides = []
    for kind, key, index, event, line in items:
        if not isinstance(event, dict):
            problems.error(shown_as, line, f"{key}[{index}]", "expected an object")
            continue
        start, end = event.get("start_date"), event.get("end_date")
        wrong = [name for name in ("start_date", "end_date", "text", "media")
                 if event.get(name) is not None and not isinstance(event[name], dict)]
        if wrong:
            problems.error(shown_as, line, f"{key}[{index}].{wrong[0]}",
                           f"expected an object, got {json.dumps(event[wrong[0]], ensure_ascii=False)[:60]}",
                           'TimelineJS writes a date as {"year": 2019, "month": 6}, a text as {"headline": "..."}')
            continue
        slides.append(Slide(line, start or {}, end or None,
                            _text(event).get("headline", ""), _text(event).get("text", ""),
                            event.get("media") if isinstance(event.get("media"), dict) else {},
                            str(event.get("group") or ""),
                            str(event.get("display_date") or (start or {}).get("display_date") or ""), kind))
    return slides


def _once(pairs: list[tuple[str, Any]], repeated: list[str]) -> dict:
    """A JSON object, noting the keys it gives twice."""
    seen = {}
    for key, value in pairs:
        if key in seen:
            repeated.append(key)
        seen[key] = value
    return seen


def _text(item: Any) -> dict:
    text = item.get("text") if isinstance(item, dict) else None
    return {key: str(value) for key, value in text.items() if value is not None} if isinstance(text, dict) else {}


def _item_lines(text: str, key: str, count: int) -> list[int]:
    """The line each of the `count` items of a top-level list ("events", "eras") starts on (JSON
    keeps no positions)."""
    if not count:
        return []
    decoder, lines = json.JSONDecoder(), []
    at = text.find("[", _top_level_key(text, key)) + 1
    for _ in range(count):
        while text[at] in " \t\r\n,":
            at += 1
        lines.append(text.count("\n", 0, at) + 1)
        at = decoder.raw_decode(text, at)[1]
    return lines


def _top_level_key(text: str, key: str) -> int:
    """Where the value of a key of the top-level object starts."""
    decoder, at = json.JSONDecoder(), text.index("{") + 1
    while True:
        while text[at] in " \t\r\n,":
            at += 1
        name, at = decoder.raw_decode(text, at)
        at = text.index(":", at) + 1
        while text[at] in " \t\r\n":
            at += 1
        if name == key:
            return at
        at = decoder.raw_decode(text, at)[1]


def _separator(text: str) -> str:
    """The template's columns are separated by commas, or by semicolons (Excel saves CSV so where the
    decimal mark is a comma) or tabs: whichever splits the header into the most columns."""
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=lambda mark: len(next(csv.reader([header], delimiter=mark), [])))


def _csv_slides(text: str, shown_as: str, problems: Problems, say: Callable[[str], None]) -> list[Slide]:
    rows = csv.reader(io.StringIO(text), delimiter=_separator(text))
    header = [column.strip() for column in next(rows, [])]
    missing = [c for c in ("Year", "Headline") if c not in header]
    if missing:
        problems.error(shown_as, 1, "", f"not a TimelineJS spreadsheet: no {' or '.join(missing)} column",
                       "export the sheet of the TimelineJS template as CSV")
        return []
    slides = []
    for row in rows:
        line = rows.line_num
        cells = {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(header)}
        if not any(cells.values()):
            continue
        kind = cells.get("Type", "").lower()
        if kind == "title":
            say(f"title row at line {line}: {plain_text(cells.get('Headline', '')) or 'untitled'} (not imported)")
            continue
        end = {"year": cells.get("End Year", ""), "month": cells.get("End Month", ""), "day": cells.get("End Day", "")}
        slides.append(Slide(line, {"year": cells["Year"], "month": cells.get("Month", ""), "day": cells.get("Day", "")},
                            end if end["year"] else None, cells["Headline"], cells.get("Text", ""),
                            {"url": cells.get("Media", ""), "credit": cells.get("Media Credit", ""),
                             "caption": cells.get("Media Caption", "")},
                            cells.get("Group", ""), cells.get("Display Date", ""), "era" if kind == "era" else ""))
    return slides


# -- a slide -> a draft --------------------------------------------------------------------------

def _draft(slide: Slide, config: Config, default_kind: str, shown_as: str, problems: Problems) -> Optional[Draft]:
    start = _date(slide.start, slide.line, "start_date", shown_as, problems)
    end = _date(slide.end, slide.line, "end_date", shown_as, problems) if slide.end else None
    title = plain_text(slide.headline) or _first_words(plain_text(slide.text))
    if not title:
        problems.error(shown_as, slide.line, "headline", "a slide with neither headline nor text",
                       "give it a headline, or remove it")
    if start is None or not title or (slide.end and end is None):
        return None
    if end is not None and end.last_day() < start.first_day():
        problems.error(shown_as, slide.line, "end_date", f"{end.iso()} is before the start {start.iso()}")
        return None
    group_kind = {slugify(name): name for name in config.kinds}.get(slugify(slide.group))
    tags = (slide.group.strip(),) if slide.group.strip() and not group_kind else ()
    return Draft(title=title, date=start, end=end if end != start else None, kind=group_kind or default_kind,
                 tags=tags, body=_body(slide))


def _era(slide: Slide, shown_as: str, problems: Problems) -> Optional[str]:
    """An era slide as a [[eras]] table of timeline.toml (None, reported, when it cannot be one)."""
    start = _date(slide.start, slide.line, "start_date", shown_as, problems)
    if not slide.end:
        problems.error(shown_as, slide.line, "end_date", "an era needs an end", "TimelineJS eras have an end_date")
        return None
    end = _date(slide.end, slide.line, "end_date", shown_as, problems)
    title = plain_text(slide.headline)
    if not title:
        problems.error(shown_as, slide.line, "headline", "an era without a headline", "give it one: its title")
    if start is None or end is None or not title:
        return None
    lines = ["[[eras]]", f"title = {_toml_string(title)}", f'start = "{start.iso()}"', f'end = "{end.iso()}"']
    if description := plain_text(slide.text):
        lines.append(f"description = {_toml_string(description)}")
    return "\n".join(lines) + "\n"


def with_eras(config: Config, tables: list[str]) -> str:
    """timeline.toml's text with the imported eras added at its end, read as the build would read it
    first (an era that overlaps one it has, or another, stops the import with nothing written)."""
    path = config.root / CONFIG_FILE
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    new = old.rstrip("\n") + ("\n\n" if old.strip() else "") + "# Imported from a TimelineJS timeline\n" + \
        "\n".join(tables)
    problems = Problems()
    data = parse_toml(new, CONFIG_FILE, problems)
    read_eras(data.get("eras", []), new, config.edition_codes(True), problems)
    if problems.errors:
        raise ContentError([replace(p, message=f"with the imported eras added, {p.message}") for p in problems.errors])
    return new


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a TOML basic string


def _date(parts: Optional[dict], line: int, name: str, shown_as: str, problems: Problems) -> Optional[PartialDate]:
    """A TimelineJS date ({year, month, day}; numbers or text; empty parts left out)."""
    values = [str((parts or {}).get(key, "") or "").strip() for key in ("year", "month", "day")]
    if not values[0]:
        problems.error(shown_as, line, f"{name}.year", "missing", "TimelineJS needs a year on every slide")
        return None
    if values[2] and not values[1]:
        problems.error(shown_as, line, f"{name}.day", "a day without a month")
        return None
    if not all(v.isdigit() for v in values if v):
        problems.error(shown_as, line, name, f"expected whole numbers, got {'/'.join(v for v in values if v)}",
                       "years before 1 and times of day are not supported")
        return None
    iso = "-".join([values[0].zfill(4), *(v.zfill(2) for v in values[1:] if v)])
    try:
        return parse_partial_date(iso)
    except ValueError as exc:
        problems.error(shown_as, line, name, str(exc))
        return None


def _body(slide: Slide) -> str:
    parts = [markdown_from_html(slide.text)]
    media = slide.media
    if str(media.get("url") or "").startswith(("http://", "https://")):
        label = plain_text(str(media.get("caption") or "")) or "Media"
        credit = plain_text(str(media.get("credit") or ""))
        address = str(media["url"]).replace(" ", "%20").replace("(", "%28").replace(")", "%29")
        parts.append(f"[{label}]({address})" + (f" (credit: {credit})" if credit else ""))
    if slide.display_date:
        parts.append(f"*Shown as \"{plain_text(slide.display_date)}\" in the imported timeline.*")
    return "\n\n".join(part for part in parts if part)


def _first_words(text: str, words: int = 12) -> str:
    return " ".join(text.split()[:words])
