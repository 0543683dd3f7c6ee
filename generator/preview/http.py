"""The preview's HTTP side: the output folder under the base path, with the build's problems on
every page while there are any, and livereload's own routes, all of them guarded.

Every route, livereload's websocket and script included, answers only requests whose Host names
this server (DNS rebinding), and the websocket only pages of this server (its Origin). A request
is refused with a status, never a dropped connection or a traceback: 400 for a NUL in the path,
414 for an address over 8 KB, 431 for headers over 64 KB (Tornado reads up to 1 MB before it
gives up). Nothing a client sends reaches the terminal unescaped: every log line goes through
`visible`.
"""

from __future__ import annotations

import html
import json
import logging
import mimetypes
from pathlib import Path
from typing import Callable, Optional
from urllib.parse import unquote, urlsplit

from livereload import Server
from livereload.handlers import ForceReloadHandler, LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
from livereload.server import LiveScriptInjector
from tornado import escape, web

from ..core.errors import visible

mimetypes.add_type("text/yaml", ".yml")  # the CMS's admin/config.yml (unknown to some systems' tables)

MAX_URL = 8 * 1024
MAX_HEADERS = 64 * 1024
READ_LIMIT = 1024 * 1024  # what Tornado reads of a request's head before closing the connection
_LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
# livereload's snippet: loads its script from this server, whatever name the page was asked by
_LIVE_SCRIPT = ('<script type="text/javascript">(function(){var s=document.createElement("script");'
                'var port=(window.location.port || (window.location.protocol == "https:" ? 443: 80));'
                's.src="//"+window.location.hostname+":"+port+"/livereload.js?port="+port;'
                'document.head.appendChild(s);})();</script>')


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    return frozenset(f"{name}:{port}" for name in {host.lower(), *_LOOPBACK})


def host_allowed(host: str, hosts: frozenset[str]) -> bool:
    """Host names are case-insensitive and may end with the root's dot (LOCALHOST., localhost.)."""
    name, colon, port = host.lower().rpartition(":")
    return f"{name.removesuffix('.')}{colon}{port}" in hosts


def check_request(handler: web.RequestHandler, hosts: frozenset[str]) -> None:
    """Refuse what this server never serves, before any route looks at it."""
    request = handler.request
    if len(request.uri) > MAX_URL:
        raise web.HTTPError(414)
    if sum(len(name) + len(value) + 4 for name, value in request.headers.get_all()) > MAX_HEADERS:
        raise web.HTTPError(431)
    if not host_allowed(request.host or "", hosts):  # DNS rebinding: only our own name may be asked for
        raise web.HTTPError(400, "unexpected Host header")
    if "\x00" in unquote(request.path):
        raise web.HTTPError(400, "NUL in the path")


class _Guarded:
    """Mixed into every handler: checks the request first."""

    hosts: frozenset[str] = frozenset()

    def prepare(self) -> None:
        check_request(self, self.hosts)


class _LiveReload(_Guarded, LiveReloadHandler):
    def check_origin(self, origin: str) -> bool:
        parts = urlsplit(origin)
        return parts.scheme == "http" and host_allowed(parts.netloc, self.hosts)

    def on_message(self, message: str) -> None:
        """livereload's handshake, without its log line of what the browser says (raw text from
        any page) and without a traceback for a message that is not JSON."""
        try:
            data = json.loads(message)
        except ValueError:
            return
        command = data.get("command") if isinstance(data, dict) else None
        if command == "hello":
            self.send_message({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"],
                               "serverName": "timeline-generator"})
        elif command == "info":
            LiveReloadHandler.waiters.add(self)


class SiteHandler(_Guarded, StaticFileHandler):
    """The output folder, with the build's problems on every page while there are any."""

    problems: Callable[[], list[str]] = list  # the last build's problems, as text

    async def get(self, path: str, include_body: bool = True) -> None:
        problems = self.problems()
        if problems and _is_page(path):
            file = self._page_file(path)
            if file is None:
                raise web.HTTPError(404)  # the 404 page, with the panel (write_error)
            self._finish_problem_page(200, file.read_text(encoding="utf-8"), problems)
            return
        await super().get(path, include_body)

    async def head(self, path: str) -> None:
        """As GET, body left out by Tornado after the live script is injected, so Content-Length
        is the same for both."""
        await self.get(path, include_body=True)

    def compute_etag(self) -> Optional[str]:
        return None if getattr(self, "problem_page", False) else super().compute_etag()

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-store")

    def write_error(self, status_code: int, **kwargs) -> None:
        not_found = Path(self.root or ".", "404.html")
        problems = self.problems()
        if status_code == 404 and (problems or not_found.is_file()):
            page = not_found.read_text(encoding="utf-8") if not_found.is_file() else _EMPTY_PAGE
            self._finish_problem_page(404, page, problems)
        else:
            super().write_error(status_code, **kwargs)

    def _finish_problem_page(self, status: int, page: str, problems: list[str]) -> None:
        self.problem_page = True
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(with_problems(page, problems) if problems else page)

    def _page_file(self, path: str) -> Optional[Path]:
        file = Path(self.root, path, "index.html") if path == "" or path.endswith("/") else Path(self.root, path)
        try:
            resolved = file.resolve()
        except (OSError, ValueError):
            return None
        inside = resolved.is_relative_to(Path(self.root).resolve())
        return resolved if inside and resolved.is_file() else None


def _is_page(path: str) -> bool:
    return path == "" or path.endswith(("/", ".html"))


_EMPTY_PAGE = "<!doctype html><html><head><title>Build failed</title></head><body></body></html>"


def with_problems(page: str, problems: list[str]) -> str:
    """The page with a panel listing the build's problems just after <body>."""
    items = "".join(f"<li><code>{html.escape(p)}</code></li>" for p in problems)
    panel = (
        '<div id="timeline-problems" role="alert" style="position:relative;z-index:9999;margin:0;'
        'padding:1rem 1.25rem;background:#7f1d1d;color:#fff;font:14px/1.5 system-ui,sans-serif">'
        f"<strong>The last build failed with {len(problems)} problem(s).</strong> This page is from the last good "
        "build; fix the files and save, and it reloads."
        f'<ul style="margin:.5rem 0 0;padding-left:1.25rem">{items}</ul></div>'
    )
    at = page.find(">", page.find("<body")) + 1 if "<body" in page else 0
    return page[:at] + panel + page[at:]


class _Redirect(_Guarded, web.RequestHandler):
    base = "/"

    def get(self, path: str = "") -> None:
        self.redirect(self.base)


class _VisibleFormatter(logging.Formatter):
    """Every log line on one line, with what is not printable shown as an escape."""

    def format(self, record: logging.LogRecord) -> str:
        return visible(super().format(record))


class PreviewServer(Server):
    """livereload's server, with our site handler under the base path and every route guarded."""

    def __init__(self, output: Path, base: str, problems: Callable[[], list[str]], host: str, port: int):
        super().__init__(watcher=_NoWatcher())
        self.output, self.base, self.problems, self.host, self.port = output, base, problems, host, port
        self.hosts = allowed_hosts(host, port)

    def _guarded(self, handler: type, **attributes) -> type:
        return type(handler.__name__.lstrip("_"), (_Guarded, handler) if not issubclass(handler, _Guarded)
                    else (handler,), {"hosts": self.hosts, **attributes})

    def application(self, port, host, liveport=None, debug=None, live_css=True) -> None:
        LiveReloadHandler.watcher, LiveReloadHandler.live_css = self.watcher, live_css
        handlers = [(r"/livereload", self._guarded(_LiveReload)),
                    (r"/forcereload", self._guarded(ForceReloadHandler)),
                    (r"/livereload.js", self._guarded(LiveReloadJSHandler)),
                    (rf"{self.base}(.*)", self._guarded(SiteHandler, problems=staticmethod(self.problems)),
                     {"path": str(self.output), "default_filename": "index.html"})]
        if self.base != "/":
            handlers.append((r"/(.*)", self._guarded(_Redirect, base=self.base)))
        injector = type("Injector", (LiveScriptInjector,), {"script": escape.utf8(_LIVE_SCRIPT)})
        app = web.Application(handlers=handlers, transforms=[injector], debug=False)
        app.listen(port, address=host, max_header_size=READ_LIMIT)

    def _setup_logging(self) -> None:
        channel = logging.StreamHandler()
        channel.setFormatter(_VisibleFormatter("%(message)s"))
        for name in ("livereload", "tornado"):
            logging.getLogger(name).addHandler(channel)
        logging.getLogger("livereload").setLevel(logging.INFO)


class _NoWatcher:
    """livereload's watcher interface, doing nothing: we watch with watchfiles ourselves."""

    _tasks = {"": None}
    _changes: list = []
    filepath = None

    def start(self, callback) -> bool:
        return True  # "started": livereload does not poll

    def examine(self):
        return None, None

    def watch(self, *args, **kwargs) -> None:
        pass
