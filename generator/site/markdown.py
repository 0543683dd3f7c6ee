"""Markdown bodies -> safe HTML, cached by content and rendered on both cores when there are many.

Extensions are chosen for what editors of dated, sourced entries write, and measured (per
250-word entry: none 0.39 ms; footnotes, tables, fenced_code, sane_lists 0.43 ms; adding `smarty`
0.88 ms, so typographic quotes and dashes come from our own small pass instead; `toc` for heading
ids adds 0.07 ms, so ids come from that pass too). A body's top heading level becomes h2 (whether
the editor wrote # or ##), since the page's h1 is the title. A link to another entry's file
(`[G7](g7-summit-2024.md)`) becomes a link to its page, and site-absolute links get the base
path, so bodies work under any base_url. Raw HTML is sanitised with nh3 unless the site opts out
with `unsafe_html = true`.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Mapping

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

from ..core.workers import fork_map
from ..urls import split_url

EXTENSIONS = ["footnotes", "tables", "fenced_code", "sane_lists"]
EXTENSION_CONFIGS = {"footnotes": {"BACKLINK_TITLE": "Back to the text"}}
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Python-Markdown's inline patterns, and what a text must hold for each to match. Every pattern is
# tried on every run of text, so leaving out those that cannot match in a body (no "`" in it: no
# backtick pattern) renders it 15-20% quicker, to the same HTML (a property test compares the
# two). Patterns not named here are always kept; so is "linebreak", which expanded tabs can make.
INLINE_TRIGGERS = {
    "backtick": ("`",), "escape": ("\\",), "footnote": ("[^",), "reference": ("[",), "link": ("[",),
    "short_reference": ("[",), "image_link": ("![",), "image_reference": ("![",), "short_image_ref": ("![",),
    "autolink": ("<",), "automail": ("<",), "html": ("<",), "entity": ("&",),
    "em_strong": ("*", "_"), "em_strong2": ("_",), "not_strong": ("*", "_"),
}

# What raw HTML in a body may keep: prose, tables, footnotes; ids and classes for anchors.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "dfn", "div", "dl",
    "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
    "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "rel"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"}, "th": {"colspan", "rowspan", "align", "scope"},
    "time": {"datetime"}, "ol": {"start", "reversed"}, "q": {"cite"}, "blockquote": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto"}


@dataclass(frozen=True)
class Body:
    html: str
    refs: tuple[str, ...]  # the entry file names (without .md) the body links to


# Typographic quotes and dashes, on text outside code: "a" -> “a”, it's -> it’s, -- -> –.
# Each rule runs only on text holding its trigger, which most text nodes do not.
_TYPOGRAPHY = [
    ('"', re.compile(r"(^|[\s(\[{\u2014\u2013-])\"(?=\S)"), "\\1\u201c"), ('"', re.compile(r"\""), "\u201d"),
    ("'", re.compile(r"(^|[\s(\[{\u2014\u2013-])'(?=\S)"), "\\1\u2018"), ("'", re.compile(r"'"), "\u2019"),
    ("--", re.compile(r"(?<!-)---(?!-)"), "\u2014"), ("--", re.compile(r"(?<!-)--(?!-)"), "\u2013"),
    ("...", re.compile(r"\.\.\.(?!\.)"), "\u2026"),
]
_CODE = {"code", "pre", "kbd", "samp", "script", "style"}


def typographic(text: str) -> str:
    for trigger, pattern, replacement in _TYPOGRAPHY:
        if trigger in text:
            text = pattern.sub(replacement, text)
    return text


def _heading_id(heading, taken: set[str]) -> str:
    """A slug of the heading's text, unique within the body (what the toc extension does, cheaper)."""
    text = "".join(heading.itertext())
    base = re.sub(r"[^\w\s-]", "", text).strip().lower()
    base = re.sub(r"[-\s]+", "-", base) or "section"
    candidate, number = base, 1
    while candidate in taken:
        candidate, number = f"{base}_{number}", number + 1
    taken.add(candidate)
    return candidate


class _BodyTreeprocessor(Treeprocessor):
    """Headings from h2, typographic punctuation, and links that follow the site's base path."""

    def __init__(self, md: markdown.Markdown, base_path: str):
        super().__init__(md)
        self.base_path = base_path
        self.refs: list[str] = []

    def run(self, root):
        headings = []
        for element in root.iter():
            if element.tag in HEADINGS:
                headings.append(element)
            for attribute in ("href", "src"):
                url = element.get(attribute)
                if url is not None:
                    element.set(attribute, self.rewrite(url))
        if headings:
            shift = 2 - min(HEADINGS.index(h.tag) + 1 for h in headings)
            taken = {e.get("id") for e in root.iter() if e.get("id")}
            for heading in headings:
                heading.tag = f"h{min(max(int(heading.tag[1]) + shift, 2), 6)}"
                if not heading.get("id"):
                    heading.set("id", _heading_id(heading, taken))
        self._typeset(root, in_code=False)

    def _typeset(self, element, in_code: bool) -> None:
        in_code = in_code or element.tag in _CODE
        if element.text and not in_code:
            element.text = typographic(element.text)
        for child in element:
            self._typeset(child, in_code)
            if child.tail and not in_code:
                child.tail = typographic(child.tail)

    def rewrite(self, url: str) -> str:
        parts = split_url(url)
        if parts is None or parts.scheme or parts.netloc:  # (one urllib cannot read: left to the sanitiser)
            return url
        if parts.path.endswith(".md"):
            stem = posixpath.basename(parts.path)[:-3]
            self.refs.append(stem)
            return f"{self.base_path}events/{stem}/" + (f"#{parts.fragment}" if parts.fragment else "")
        if parts.path.startswith("/") and not parts.path.startswith(self.base_path):
            return self.base_path + url[1:]
        return url


class MarkdownRenderer:
    def __init__(self, base_path: str = "/", unsafe_html: bool = False):
        self.base_path, self.unsafe_html = base_path, unsafe_html
        self._converters: dict[frozenset[str], tuple[markdown.Markdown, _BodyTreeprocessor]] = {}

    def render(self, text: str) -> Body:
        md, body = self._converter(text)
        md.reset()
        body.refs = []
        html = md.convert(text)
        if not self.unsafe_html:
            html = sanitise(html)
        return Body(html, tuple(dict.fromkeys(body.refs)))

    def _converter(self, text: str) -> tuple[markdown.Markdown, _BodyTreeprocessor]:
        """A Markdown instance without the inline patterns that cannot match in this text (one per
        such set, made when first needed: a new instance costs about 0.1 ms)."""
        unused = frozenset(name for name, triggers in INLINE_TRIGGERS.items() if not any(t in text for t in triggers))
        converter = self._converters.get(unused)
        if converter is None:
            md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")
            for name in unused:
                if name in md.inlinePatterns:
                    md.inlinePatterns.deregister(name)
            body = _BodyTreeprocessor(md, self.base_path)
            md.treeprocessors.register(body, "timeline-body", 1)
            converter = self._converters[unused] = (md, body)
        return converter


def sanitise(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "noscript"},
                     link_rel=None)


def relink(body: Body, slugs: Mapping[str, str], base_path: str, pages_base: str = "") -> str:
    """The body's HTML with links to entry files pointing at the entries' slugs (where they differ),
    among the pages under `pages_base` (a language's: '/uk/'; the site's base by default)."""
    html, pages_base = body.html, pages_base or base_path
    for stem in body.refs:
        slug = slugs.get(stem, stem)
        if slug != stem or pages_base != base_path:
            html = html.replace(f'"{base_path}events/{stem}/', f'"{pages_base}events/{slug}/')
    return html


# -- rendering many bodies ------------------------------------------------------------------------

def render_bodies(texts: Mapping[str, str], base_path: str, unsafe_html: bool) -> dict[str, Body]:
    """Render many bodies by key; with enough of them, on every core."""
    renderer = MarkdownRenderer(base_path, unsafe_html)
    items = sorted(texts.items())
    return dict(fork_map(lambda item: (item[0], renderer.render(item[1])), items))
