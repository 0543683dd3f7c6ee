"""`timeline import TIMELINE.json|.csv`: a Knight Lab TimelineJS3 timeline (its JSON, or the CSV
of its Google Sheets template) -> one `draft: true` entry per slide.

Each slide keeps the precision it gives (a year, a month, a day, and an end), its headline, its
text as Markdown, its media as a credited link, its group as a kind the site declares or a tag,
and its display_date as a note. The title slide and eras are reported, not imported. Every
problem is reported with its file and line before anything is written.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable, Optional

from ..config import Config
from ..core.errors import Problems
from ..model.dates import PartialDate, parse_partial_date
from ..model.timeline import slugify
from .drafts import Draft, draft_text, shown_paths, slug_for, taken_slugs, write_all

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
    drafts = {}
    for slide in slides:
        draft = _draft(slide, config, kind, shown_as, problems)
        if draft is not None:
            drafts[into / f"{slug_for(draft.title, taken)}.md"] = draft_text(draft)
    problems.raise_if_errors()
    write_all(config, drafts, shown_paths(drafts, config.root))
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
        say(f"title slide: {_plain(_text(data['title']).get('headline', ''))!r} (not an event; not imported)")
    for era in data["eras"] if isinstance(data.get("eras"), list) else []:
        say(f"era: {_plain(_text(era).get('headline', '')) or 'untitled'} (a period, not an event; not imported)")
    lines = _item_lines(text, len(data["events"]))
    slides = []
    for index, (event, line) in enumerate(zip(data["events"], lines)):
        if not isinstance(event, dict):
            problems.error(shown_as, line, f"events[{index}]", "expected an object")
            continue
        start, end = event.get("start_date"), event.get("end_date")
        wrong = [name for name in ("start_date", "end_date", "text", "media")
                 if event.get(name) is not None and not isinstance(event[name], dict)]
        if wrong:
            problems.error(shown_as, line, f"events[{index}].{wrong[0]}",
                           f"expected an object, got {json.dumps(event[wrong[0]], ensure_ascii=False)[:60]}",
                           'TimelineJS writes a date as {"year": 2019, "month": 6}, a text as {"headline": "..."}')
            continue
        slides.append(Slide(line, start or {}, end or None,
                            _text(event).get("headline", ""), _text(event).get("text", ""),
                            event.get("media") if isinstance(event.get("media"), dict) else {},
                            str(event.get("group") or ""),
                            str(event.get("display_date") or (start or {}).get("display_date") or "")))
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


def _item_lines(text: str, count: int) -> list[int]:
    """The line each item of the top-level "events" list starts on (JSON keeps no positions)."""
    decoder, lines = json.JSONDecoder(), []
    at = text.find("[", _top_level_key(text, "events"))
    at += 1
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
        if kind in ("title", "era"):
            say(f"{kind} row at line {line}: {_plain(cells.get('Headline', '')) or 'untitled'} (not imported)")
            continue
        end = {"year": cells.get("End Year", ""), "month": cells.get("End Month", ""), "day": cells.get("End Day", "")}
        slides.append(Slide(line, {"year": cells["Year"], "month": cells.get("Month", ""), "day": cells.get("Day", "")},
                            end if end["year"] else None, cells["Headline"], cells.get("Text", ""),
                            {"url": cells.get("Media", ""), "credit": cells.get("Media Credit", ""),
                             "caption": cells.get("Media Caption", "")},
                            cells.get("Group", ""), cells.get("Display Date", "")))
    return slides


# -- a slide -> a draft --------------------------------------------------------------------------

def _draft(slide: Slide, config: Config, default_kind: str, shown_as: str, problems: Problems) -> Optional[Draft]:
    start = _date(slide.start, slide.line, "start_date", shown_as, problems)
    end = _date(slide.end, slide.line, "end_date", shown_as, problems) if slide.end else None
    title = _plain(slide.headline) or _first_words(_plain(slide.text))
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
        label = _plain(str(media.get("caption") or "")) or "Media"
        credit = _plain(str(media.get("credit") or ""))
        address = str(media["url"]).replace(" ", "%20").replace("(", "%28").replace(")", "%29")
        parts.append(f"[{label}]({address})" + (f" (credit: {credit})" if credit else ""))
    if slide.display_date:
        parts.append(f"*Shown as \"{_plain(slide.display_date)}\" in the imported timeline.*")
    return "\n\n".join(part for part in parts if part)


def _plain(text: str) -> str:
    parser = _ToMarkdown(plain=True)
    parser.feed(text)
    parser.close()
    return " ".join(parser.result().split())


def _first_words(text: str, words: int = 12) -> str:
    return " ".join(text.split()[:words])


def markdown_from_html(text: str) -> str:
    """A slide's HTML text as Markdown: paragraphs, line breaks, links, emphasis and lists."""
    parser = _ToMarkdown()
    parser.feed(text)
    parser.close()
    return parser.result().strip()


class _ToMarkdown(HTMLParser):
    _MARKS = {"b": "**", "strong": "**", "i": "*", "em": "*"}
    _BLOCKS = ("p", "div", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6")

    def __init__(self, plain: bool = False):
        super().__init__(convert_charrefs=True)
        self.plain, self.out, self.links, self.hidden = plain, [], [], 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.hidden += tag in ("script", "style", "template")
        if self.plain:
            return
        if tag in self._BLOCKS:
            self.out.append("\n\n")
        elif tag == "br":
            self.out.append("  \n")
        elif tag == "li":
            self.out.append("\n- ")
        elif tag in self._MARKS:
            self.out.append(self._MARKS[tag])
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append(href if href.startswith(("http://", "https://", "mailto:")) else "")
            self.out.append("[" if self.links[-1] else "")

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("script", "style", "template") and self.hidden > 0
        if self.plain:
            return
        if tag in self._BLOCKS:
            self.out.append("\n\n")
        elif tag in self._MARKS:
            self.out.append(self._MARKS[tag])
        elif tag == "a" and self.links:
            href = self.links.pop()
            self.out.append(f"]({href})" if href else "")

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        text = re.sub(r"\s+", " ", data)
        if not self.plain:  # what Markdown would read as markup is written as text
            for mark, escaped in (("\\", "\\\\"), ("*", "\\*"), ("_", "\\_"), ("[", "\\["), ("<", "&lt;")):
                text = text.replace(mark, escaped)
        self.out.append(text)

    def result(self) -> str:
        text = "".join(self.out)
        lines = [line.strip() if not line.endswith("  ") else line.lstrip() for line in text.split("\n")]
        return "\n".join(lines).replace("\n\n\n", "\n\n").replace("\n\n\n", "\n\n")
