"""A TimelineJS slide's HTML text as Markdown, or as plain text (for titles and era names)."""

from __future__ import annotations

import re
from html.parser import HTMLParser


def plain_text(text: str) -> str:
    parser = _ToMarkdown(plain=True)
    parser.feed(text)
    parser.close()
    return " ".join(parser.result().split())


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
