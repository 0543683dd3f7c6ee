"""Social cards: the picture a shared link shows (`og:image`), 1200x630 PNG, for each event page
and the timeline. An event with a picture shows it instead; the others get a card drawn here
with Pillow (title, date at its precision, kind, site name) in a bundled typeface that covers
Latin, Greek and Cyrillic. Text in another script is left off the card (the typeface has no
glyphs for it, and no box should be published); `og:image:alt` carries it whole.

Cards are drawn in a 32-colour palette: a PNG of a few flat colours and anti-aliased text is
small (about 15 KB) and quick to encode, which matters at 10,000 events. They are kept in the
blob store by what they show.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from importlib import resources
from typing import Iterable, Sequence

from PIL import Image, ImageDraw, ImageFont

from ..core.cache import key_of
from ..core.workers import fork_map
from ..model.media import preview_picture
from ..site.pages import Family, Page

SIZE = (1200, 630)
VERSION = "1"  # of the drawing: part of each card's key
INK, PAPER, MUTED = (28, 29, 33), (251, 250, 248), (88, 92, 104)
KIND_COLOURS = {"summit": (15, 118, 110), "meeting": (109, 40, 217), "agreement": (29, 78, 216),
                "pledge": (180, 83, 9), "announcement": (190, 24, 93)}
OTHER_KIND = (29, 78, 216)
# What the bundled typeface covers (the ranges it was cut down to; generator/fonts/LICENSE).
_DRAWABLE = re.compile("^[\u0020-\u007e\u00a0-\u024f\u0370-\u03ff\u0400-\u052f\u1e00-\u1eff\u2000-\u206f"
                       "\u20a0-\u20cf\u2100-\u214f\u2190-\u21ff\u2212]*$")


class SocialCards(Family):
    """cards/<slug>.png for each event without a picture, and cards/timeline.png; per language;
    only when the site's address names its host."""

    def pages(self, planned: Sequence[Page]) -> Iterable[Page]:
        site = self.site
        self.shown: dict[str, tuple] = {}  # by output path: what the card shows
        if not site.urls.origin:
            return  # og:image must be an absolute address: without the site's host, no preview can show a card
        wanted = [(site.urls.card("timeline"), (site.config.title, site.config.description or "", "", ""))]
        wanted += [(site.urls.card(event.slug), site.card_text(event)) for event in site.timeline.events
                   if not preview_picture(event.media)]
        for url, shown in wanted:
            page = site.blob(url, key_of("social card", VERSION, shown) + ".png")
            self.shown[page.path] = shown
            yield page

    def prepare(self, todo: Sequence[Page]) -> None:
        """Draw the cards the blob store lacks, on every core."""
        blobs = self.site.cache.blobs
        missing = blobs.lacking(todo)
        list(fork_map(lambda i: blobs.put(missing[i].key, draw(*self.shown[missing[i].path])), range(len(missing))))


def draw(title: str, date: str, kind: str, site_name: str, kind_name: str = "") -> bytes:
    """The card as PNG bytes."""
    card = Image.new("P", SIZE, 0)
    card.putpalette(_palette(KIND_COLOURS.get(kind_name, OTHER_KIND)))
    pen = ImageDraw.Draw(card)
    pen.rectangle((0, 0, 23, SIZE[1]), fill=_ACCENT)
    margin, width = 96, SIZE[0] - 96 - 80
    y = 72
    if _drawable(site_name):
        y = _text(card, site_name, _font(False, 34), (margin, y), width, 1, _MUTED) + 28
    facts = " · ".join(part for part in (date, kind) if part and _drawable(part))
    bottom = SIZE[1] - (150 if facts else 60)  # the facts' line sits at the foot of the card
    heading = _fitted_title(title, width, bottom - y - 10) if _drawable(title) else None
    if heading:
        _lines(card, heading[1], heading[0], (margin, y + 10), _INK)
    if facts:
        _text(card, facts, _font(False, 40), (margin, bottom + 40), width, 1, _ACCENT)
    out = io.BytesIO()
    card.save(out, "PNG", optimize=False, compress_level=3)
    return out.getvalue()


# Palette: index 0 is the paper, then a 10-step ramp from paper to each ink (anti-aliased edges).
_STEPS = 10
_INK, _MUTED, _ACCENT = 1 * _STEPS, 2 * _STEPS, 3 * _STEPS


def _palette(accent: tuple[int, int, int]) -> list[int]:
    colours = [PAPER]
    for ink in (INK, MUTED, accent):
        colours += [tuple(round(p + (i - p) * step / _STEPS) for p, i in zip(PAPER, ink))
                    for step in range(1, _STEPS + 1)]
    return [value for colour in colours for value in colour]


_COVERED = [255 if v >= 13 else 0 for v in range(256)]  # the pixels a glyph covers (a mask)


@lru_cache(maxsize=4)
def _ramp(ink: int) -> list[int]:
    """A glyph's coverage (0-255) -> the step of the ramp from paper to `ink`."""
    return [0 if v < 13 else ink - _STEPS + max(1, round(v * _STEPS / 255)) for v in range(256)]


def _drawable(text: str) -> bool:
    return bool(text.strip()) and _DRAWABLE.match(text) is not None


@lru_cache(maxsize=16)
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    with resources.as_file(resources.files("generator.fonts") / name) as path:
        return ImageFont.truetype(str(path), size)


def _wrapped(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if font.getlength(candidate) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    return lines + [line] if line else lines


def _fitted_title(title: str, width: int, height: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the title fits the box; at the smallest, cut with an ellipsis."""
    for size in (72, 64, 56, 48):
        font = _font(True, size)
        room = max(1, height // _line_height(font))
        lines = _wrapped(title, font, width)
        if len(lines) <= room and all(font.getlength(line) <= width for line in lines):
            return font, lines
    if len(lines) > room:
        lines = lines[:room - 1] + [_cut(lines[room - 1], font, width)]
    return font, [line if font.getlength(line) <= width else _cut(line, font, width) for line in lines]


def _line_height(font: ImageFont.FreeTypeFont) -> int:
    ascent, descent = font.getmetrics()
    return round((ascent + descent) * 1.18)


def _cut(line: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    while line and font.getlength(line + " …") > width:
        line = line.rsplit(" ", 1)[0] if " " in line else line[:-1]
    return line + " …"


def _text(card: Image.Image, text: str, font, at: tuple[int, int], width: int, max_lines: int, ink: int) -> int:
    lines = _wrapped(text, font, width)
    if len(lines) > max_lines:
        lines = lines[:max_lines - 1] + [_cut(lines[max_lines - 1], font, width)]
    return _lines(card, lines, font, at, ink)


def _lines(card: Image.Image, lines: list[str], font, at: tuple[int, int], ink: int) -> int:
    """Draw anti-aliased lines in a palette image: each pixel's coverage picks a step of the
    ramp from paper to `ink`. Returns the y below the last line."""
    x, y = at
    for line in lines:
        mask = font.getmask(line, "L")
        box = Image.frombytes("L", mask.size, bytes(mask)) if mask.size[0] and mask.size[1] else None
        if box is not None:
            steps = Image.frombytes("P", box.size, box.point(_ramp(ink)).tobytes())  # values: palette indices
            left, top = font.getbbox(line)[:2]
            card.paste(steps, (x + left, y + top), box.point(_COVERED))
        y += _line_height(font)
    return y
