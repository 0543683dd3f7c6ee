"""`timeline links`: is every source and media address still there, and its archived copy?

Each address an entry or an article's sidecar gives (`url:` and `archived:` of sources and media
links) is asked for once: HEAD, then GET where HEAD is refused; redirects followed one by one and
reported (a loop or more than ten is a failure); a time limit per request; at most two requests
at once to one host, eight in all. A dead link (404, 410, a host that does not resolve, a time-out,
a loop) is a problem at its `file:line`, with its archived copy when it has one; a moved one is a
notice naming where it went. The results are kept in the build cache with the day they were
found. `--archive` asks the Wayback Machine's availability API for a copy of each source without
one and writes it into the entry (or the sidecar) as `archived:`, in the house style.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Optional

from .. import __version__
from ..config import Config, toml_line
from ..content.link_states import Checked
from ..content.loading import load_content
from ..core.cache import CACHE_DIR, DiskCache
from ..core.errors import Problems
from ..core.textfile import replace_text
from ..model.media import MediaLink

MAX_REDIRECTS = 10
PER_HOST = 2
AT_ONCE = 8
REFUSED_HEAD = (403, 405, 501)  # servers that answer HEAD so, but GET properly
# The Wayback Machine's availability API ({url}: the address, encoded); tests point it at a server of their own
ARCHIVE_API = os.environ.get("TIMELINE_ARCHIVE_API", "https://archive.org/wayback/available?url={url}")
_AGENT = f"timeline-generator/{__version__} (link check)"


@dataclass(frozen=True)
class Address:
    """An address as an entry or a sidecar gives it."""

    url: str
    path: str  # the file, as shown
    line: int
    field: str  # 'sources[1].url'
    archived: str = ""  # the copy given beside it, if any


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # each hop is followed (and counted) by check_one


_OPENER = urllib.request.build_opener(_NoRedirects)


def check_one(url: str, timeout: float, today: dt.date) -> Checked:
    """Ask for `url` (HEAD, else GET), following redirects one by one."""
    seen, current = {url}, url
    for hop in range(MAX_REDIRECTS + 1):
        status, location, error = _ask(current, "HEAD", timeout)
        if status in REFUSED_HEAD:
            status, location, error = _ask(current, "GET", timeout)
        if error or not (300 <= status < 400 and location):
            return Checked(url, status, current, hop, error, today.isoformat())
        current = urllib.parse.urljoin(current, location)
        if current in seen:
            return Checked(url, status, current, hop + 1, "redirect loop", today.isoformat())
        seen.add(current)
    return Checked(url, status, current, MAX_REDIRECTS, f"more than {MAX_REDIRECTS} redirects", today.isoformat())


def _ask(url: str, method: str, timeout: float) -> tuple[int, str, str]:
    """(status, Location, error) of one request."""
    request = urllib.request.Request(url, method=method, headers={"User-Agent": _AGENT, "Accept": "*/*"})
    if method == "GET":
        request.add_header("Range", "bytes=0-0")  # the answer, not the page
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return response.status, response.headers.get("Location", ""), ""
    except urllib.error.HTTPError as answer:
        return answer.code, answer.headers.get("Location", "") if answer.headers else "", ""
    except (urllib.error.URLError, OSError) as failure:  # (URLError wraps the socket's own error)
        reason = failure.reason if isinstance(failure, urllib.error.URLError) else failure
        return 0, "", "timed out" if isinstance(reason, TimeoutError) else f"unreachable ({reason})"
    except ValueError as failure:  # an address urllib cannot ask for
        return 0, "", f"not an address it can ask for ({failure})"


def check_all(urls: Iterable[str], timeout: float, today: dt.date) -> dict[str, Checked]:
    """Every address checked, at most PER_HOST at once per host and AT_ONCE in all."""
    urls = list(dict.fromkeys(urls))
    hosts: dict[str, threading.Semaphore] = {}
    for url in urls:
        hosts.setdefault(urllib.parse.urlsplit(url).netloc, threading.Semaphore(PER_HOST))

    def checked(url: str) -> Checked:
        with hosts[urllib.parse.urlsplit(url).netloc]:
            return check_one(url, timeout, today)

    with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
        return dict(zip(urls, pool.map(checked, urls)))


def addresses(config: Config, today: dt.date) -> tuple[list[Address], Problems]:
    """Every source and media address of the entries and the articles' sidecars, with its line."""
    problems = Problems()
    with closing(DiskCache(config.root / CACHE_DIR)) as cache:  # (read only: entries as the last build left them)
        loaded = load_content(config, today, cache, None, problems)
    found: list[Address] = []
    for event in loaded.events:
        lines = _lines(config.root / event.path)
        for index, source in enumerate(event.sources):
            if source.seed:
                continue  # its addresses are its sidecar's, listed below
            found += _given(event.path, lines, event.line("sources"), f"sources[{index}]", source.url, source.archived)
        for index, link in enumerate(event.media):
            if isinstance(link, MediaLink):
                found += _given(event.path, lines, link.line, f"media[{index}]", link.url, link.archived)
    for name, seed in sorted(loaded.seeds.items()):
        sidecar = f"seeds/{Path(name).stem}.toml"
        text = (config.root / sidecar).read_text(encoding="utf-8") if (config.root / sidecar).is_file() else ""
        if seed.meta.url:
            found.append(Address(seed.meta.url, sidecar, toml_line(text, None, "url"), "url", seed.meta.archived))
        if seed.meta.archived:
            found.append(Address(seed.meta.archived, sidecar, toml_line(text, None, "archived"), "archived"))
    return found, problems


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


def _given(path: str, lines: list[str], after: int, name: str, url: str, archived: str) -> list[Address]:
    """The addresses of one source or link, each at the first line after `after` that writes it."""
    result = []
    for key, value in (("url", url), ("archived", archived)):
        if value:
            line = next((n for n, text in enumerate(lines, 1) if n >= after and value in text), after)
            result.append(Address(value, path, line, f"{name}.{key}", archived if key == "url" else ""))
    return result


def report(found: list[Address], results: dict[str, Checked], problems: Problems) -> None:
    """A dead address is an error at its line (with its archived copy); a moved one a notice."""
    for address in found:
        result = results[address.url]
        if result.dead:
            copy = f"; its archived copy: {address.archived}" if address.archived else ""
            problems.error(address.path, address.line, address.field, f"{address.url} {result.said()}{copy}",
                           "find where it went, or cite its archived copy (timeline links --archive finds one)"
                           if not address.archived else "cite the archived copy, or find where the page went")
        elif result.refused:
            problems.note(address.path, address.line, address.field, f"{address.url} refused the check "
                          f"({result.status})", "open it in a browser: sites often refuse programs")
        elif result.redirects:
            problems.note(address.path, address.line, address.field, f"{address.url} has moved to {result.final}",
                          "cite the new address")


def check_links(config: Config, today: dt.date, timeout: float = 15.0, archive: bool = False,
                say: Callable[[str], None] = lambda line: None) -> tuple[Problems, dict[str, Checked]]:
    """Check every address; with `archive`, write archived copies for the sources and links that
    have none. Returns the problems found and the results (for the build cache)."""
    found, problems = addresses(config, today)
    if problems.errors:
        return problems, {}
    results = check_all((a.url for a in found), timeout, today)
    report(found, results, problems)
    say(f"checked {len(results)} address(es): {sum(r.dead for r in results.values())} dead, "
        f"{sum(bool(r.redirects) and not r.dead for r in results.values())} moved")
    if archive:
        for address in found:
            if address.field.endswith("url") and not address.archived:
                copy = wayback_copy(address.url, timeout)
                if copy and write_archived(config, address, copy):
                    say(f"{address.path}:{address.line}: archived: {copy}")
    return problems, results


def wayback_copy(url: str, timeout: float) -> Optional[str]:
    """The Wayback Machine's closest copy of `url`, or None."""
    request = urllib.request.Request(ARCHIVE_API.format(url=urllib.parse.quote(url, safe="")),
                                     headers={"User-Agent": _AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = json.loads(response.read(1_000_000))
    except (OSError, ValueError, urllib.error.URLError):
        return None
    closest = (data.get("archived_snapshots") or {}).get("closest") or {} if isinstance(data, dict) else {}
    copy = closest.get("url") if closest.get("available") else None
    return copy.replace("http://web.archive.org/", "https://web.archive.org/") if isinstance(copy, str) else None


def write_archived(config: Config, address: Address, copy: str) -> bool:
    """Write `archived:` beside the address's `url:` (an entry, in the house style; or a sidecar)."""
    path = config.root / address.path
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    # its line, or a later one: copies written above it this run moved it down
    at = next((n for n in range(max(address.line - 1, 0), len(lines)) if address.url in lines[n]), -1)
    if at < 0:
        return False
    written = lines[at]
    if address.path.endswith(".toml"):
        lines.insert(at + 1, f"archived = {json.dumps(copy)}\n")
    else:
        key_at = written.find("url:")
        if key_at < 0 or "{" in written:  # a flow-style item ({url: ...}): left to the editor
            return False
        lines.insert(at + 1, " " * key_at + f"archived: {copy}\n")
    replace_text(path, "".join(lines))
    if not address.path.endswith(".toml"):
        from .fmt import format_entries  # the house style: the key where the schema puts it

        format_entries(config, [path])
    return True
