"""Every URL of the site, under the base path (absolute ones when the base URL names a host), and
the output file each one is written to: no other module joins a page's address by hand."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Optional, Protocol
from urllib.parse import SplitResult, quote, urlsplit

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")  # in an address of the site's settings: {title}


class Published(Protocol):
    """Where a site is published (a Config is one): so this module needs nothing of config's,
    which uses split_url."""

    @property
    def base_path(self) -> str: ...

    @property
    def absolute_base(self) -> str: ...


def split_url(url: str) -> Optional[SplitResult]:
    """urlsplit, or None for an address it cannot read (like 'http://x.org[/a'), which it
    would raise on: the callers report it, or leave it alone, instead of crashing."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def filled(address: str, values: dict[str, str]) -> str:
    """An address of the settings with its placeholders replaced by the values, percent-encoded
    (and its own spaces too): 'mailto:d@x.org?subject=Fix: {title}' -> '...subject=Fix:%20Summit%20%26%20talks'."""
    return PLACEHOLDER.sub(lambda match: quote(values[match.group(1)], safe=""), address.replace(" ", "%20"))


def is_web_address(url: str) -> bool:
    """An http(s) address with a host, no white space and no user or password before the host
    (`https://www.reuters.com@evil.example/` goes to evil.example): what a source's link may be."""
    parts = split_url(url)
    return (parts is not None and parts.scheme in ("http", "https") and bool(parts.hostname)
            and "@" not in parts.netloc and not any(c.isspace() for c in url))


@dataclass(frozen=True)
class Urls:
    base: str  # '/' or '/repo/'; for a language other than the default, '/repo/uk/'
    origin: str = ""  # 'https://user.github.io', or '' when base_url is only a path
    root: str = ""  # the site's base whatever the language: static files and output paths start here

    @classmethod
    def of(cls, config: Published, language: str = "") -> "Urls":
        """The addresses of the pages of `language` ('' for the default language, at the root)."""
        parts = urlsplit(config.absolute_base)
        origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme else ""
        return cls(config.base_path + (f"{language}/" if language else ""), origin, config.base_path)

    def __post_init__(self) -> None:
        if not self.root:
            object.__setattr__(self, "root", self.base)

    @property
    def prefix(self) -> str:
        """Where this language's files are in the output: 'uk/', or '' for the default language."""
        return self.base[len(self.root):]

    def path(self, url: str) -> str:
        """The output file of a site URL: /repo/events/x/ -> events/x/index.html."""
        relative = url[len(self.root):]
        return relative + "index.html" if relative.endswith("/") or not relative else relative

    def in_language(self, url: str, other: "Urls") -> str:
        """The same page's address in another language's site."""
        return other.base + url[len(self.base):] if url.startswith(self.base) else url

    def home(self) -> str:
        return self.base

    def event(self, slug: str) -> str:
        return f"{self.base}events/{slug}/"

    def term(self, taxonomy: str, term: object = None) -> str:
        return f"{self.base}{taxonomy}/" + (f"{term}/" if term is not None else "")

    def decade(self, first: int) -> str:
        """The overview of a decade (site/zoom.py): /decades/1990s/."""
        return f"{self.base}decades/{first}s/"

    def source(self, stem: Optional[str] = None) -> str:
        return f"{self.base}sources/" + (f"{stem}/" if stem else "")

    def seed(self, name: str) -> str:
        return self.source(PurePosixPath(name).stem)

    def list_page(self, url: str, number: int) -> str:
        """The n-th page of a list (the timeline, a term's events): the first is the list's own URL."""
        return url if number == 1 else f"{url}page/{number}/"

    def embed(self, slug: Optional[str] = None) -> str:
        """The timeline for an iframe, or one event's card."""
        return f"{self.base}embed/" + (f"events/{slug}/" if slug else "")

    def oembed(self, url: str) -> str:
        """A page's oEmbed file, beside it."""
        return url + "oembed.json"

    def admin(self) -> str:
        return f"{self.base}admin/"

    def not_found(self) -> str:
        """404.html, at the top of the site: GitHub Pages serves it for any missing address."""
        return f"{self.root}404.html"

    def static(self, name: str) -> str:
        return f"{self.root}static/{name}"

    def search(self, name: str) -> str:
        """The search index's pieces (search/en-gb/index.json), each language's in its folder, at the
        top of the site (outputs/search_index.py)."""
        return f"{self.root}search/{name}"

    def card(self, name: str) -> str:
        """A social card (og:image): cards/<slug>.png, cards/timeline.png."""
        return f"{self.base}cards/{name}.png"

    def export(self, name: str) -> str:
        """feed.xml, events.json ...: files at the top of the site."""
        return self.base + name

    def full(self, url: str) -> str:
        """The absolute form of a site URL when the host is known, else the URL as it is."""
        return self.origin + url
