"""What the last `timeline links` found of each address, as the build cache keeps it: which
originals were gone, and since when (the pages then lead to the archived copy first)."""

from __future__ import annotations

from dataclasses import astuple, dataclass
from typing import Iterable

from ..core.cache import MemoryCache, key_of
from ..core.dates import PartialDate, parse_partial_date

LINKS = "link"  # the kind of cache record: address -> Checked, as a tuple
VERSION = "link states"  # the cache map holding their version
GONE = (404, 410)


@dataclass(frozen=True)
class Checked:
    url: str
    status: int  # the last answer's HTTP status; 0 when none came
    final: str  # where the redirects led
    redirects: int
    error: str  # why it failed without a status ('timed out', 'redirect loop', ...)
    day: str  # when it was checked, YYYY-MM-DD

    @property
    def dead(self) -> bool:
        """Gone, failing or unreachable (a 401, 403 or 429 is a refusal to a checker, not a death)."""
        return bool(self.error) or self.status in GONE or self.status >= 500

    @property
    def refused(self) -> bool:
        return not self.dead and self.status >= 400

    def said(self) -> str:
        if self.error:
            return self.error
        return f"answers {self.status}" + (f" after {self.redirects} redirect(s), at {self.final}" if self.redirects
                                          else "")


def keep(cache: MemoryCache, results: Iterable[Checked]) -> None:
    """Keep the results, and a new version of them (a build's stamp includes it: the pages follow)."""
    records = {checked.url: astuple(checked) for checked in results}
    cache.put(LINKS, records)
    cache.put_map(VERSION, {"version": key_of(sorted(records.items()))})


def version(cache: MemoryCache) -> str:
    """Changes whenever `timeline links` keeps new results."""
    return cache.get_map(VERSION).get("version", "")


def kept(cache: MemoryCache, urls: Iterable[str]) -> dict[str, Checked]:
    return {url: Checked(*values) for url, values in cache.get(LINKS, list(urls)).items()}


def gone(cache: MemoryCache) -> dict[str, PartialDate]:
    """The addresses the last check found dead, with the day it did."""
    found = {}
    for values in cache.load(LINKS).values():
        try:
            checked = Checked(*values)
            if checked.dead:
                found[checked.url] = parse_partial_date(checked.day)
        except (TypeError, ValueError):  # a record of another shape: as if never checked
            continue
    return found
