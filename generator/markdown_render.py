"""Markdown bodies -> safe HTML.

One Python-Markdown instance is reused (`reset()` is cheaper than a new one). Extensions are
chosen for what editors of dated, sourced entries write: footnotes and tables, smart quotes,
and heading ids so a section can be linked. A body's top heading level becomes h2 (whether the
editor wrote # or ##), since the page's h1 is the event's title. Links to another entry's file
(`[G7](g7-summit-2024.md)`) become links to its page, and site-absolute links get the base path,
so bodies work under any base_url.
Raw HTML is sanitised with nh3 unless the site opts out with `unsafe_html = true`.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Callable, Optional
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

EXTENSIONS = ["footnotes", "tables", "fenced_code", "sane_lists", "smarty", "toc"]
EXTENSION_CONFIGS = {"footnotes": {"BACKLINK_TITLE": "Back to the text"}}
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")

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


@dataclass
class Rendered:
    html: str
    broken_links: list[str] = field(default_factory=list)


class _BodyTreeprocessor(Treeprocessor):
    """Shifts headings to start at h2, rewrites entry-file links to page URLs, and prefixes
    site-absolute links with the base path."""

    def __init__(self, md: markdown.Markdown, resolve: Callable[[str], Optional[str]], base_path: str):
        super().__init__(md)
        self.resolve, self.base_path = resolve, base_path
        self.broken: list[str] = []

    def run(self, root):
        headings = [element for element in root.iter() if element.tag in HEADINGS]
        if headings:
            shift = 2 - min(HEADINGS.index(h.tag) + 1 for h in headings)
            for heading in headings:
                heading.tag = f"h{min(max(int(heading.tag[1]) + shift, 2), 6)}"
        for element in root.iter():
            for attribute in ("href", "src"):
                url = element.get(attribute)
                if url is not None:
                    element.set(attribute, self.rewrite(url))

    def rewrite(self, url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            return url
        if parts.path.endswith(".md"):
            target = self.resolve(posixpath.basename(parts.path)[:-3])
            if target is None:
                self.broken.append(url)
                return url
            return target + (f"#{parts.fragment}" if parts.fragment else "")
        if parts.path.startswith("/") and not parts.path.startswith(self.base_path):
            return self.base_path + url[1:]
        return url


class MarkdownRenderer:
    def __init__(self, resolve: Callable[[str], Optional[str]], base_path: str = "/", unsafe_html: bool = False):
        self.unsafe_html = unsafe_html
        self.md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS,
                                    output_format="html")
        self.links = _BodyTreeprocessor(self.md, resolve, base_path)
        self.md.treeprocessors.register(self.links, "timeline-links", 1)

    def render(self, text: str) -> Rendered:
        self.md.reset()
        self.links.broken = []
        html = self.md.convert(text)
        if not self.unsafe_html:
            html = sanitise(html)
        return Rendered(html, list(self.links.broken))


def sanitise(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "noscript"},
                     link_rel=None)
