"""`timeline serve`: the editor's live preview, a thin wrapper over livereload.

- Serves the output folder under the site's base path, on 127.0.0.1 unless told otherwise, and
  only to requests whose Host header names this server.
- Watches content/, templates/, static/, seeds/ and timeline.toml (with watchfiles: inotify and
  its peers, no polling) and rebuilds when they change. A burst of saves becomes one rebuild; a
  save made during a rebuild triggers the next one, so no edit is ever missed.
- Rebuilds are the ordinary incremental build with one long-lived cache: entries, bodies and cards
  stay in memory, and only the pages an edit touches are rendered and written.
- A failed rebuild keeps the last good site on disk and shows its problems (file:line) at the top
  of every page until a rebuild succeeds; browsers reload after every rebuild that changed
  anything.

Rebuilds run on the server's own thread (the IOLoop), between requests, so pages are never served
from a half-finished build of the cache, and worker processes are forked from one thread only.
"""

from __future__ import annotations

import datetime as dt
import gc
import html
import threading
import time
import webbrowser
from functools import partial
from pathlib import Path
from typing import Callable, Optional

import watchfiles
from livereload import Server
from livereload.handlers import LiveReloadHandler, StaticFileHandler
from tornado import web
from tornado.ioloop import IOLoop

from ..build.plan import prepare
from ..build.recipe import Hooks, Written, build
from ..build.write import OutputTransaction
from ..config import CONFIG_FILE, Config
from ..core.cache import CACHE_DIR, DiskCache
from ..core.errors import ContentError, TimelineError
from ..model.timeline import Event
from ..site.event_pages import EventPages
from ..site.pages import Site

WATCHED = ("content", "templates", "static", "seeds")
SAVED_FIRST_AT_MOST = 20  # entries; a bigger change (a checkout, a search and replace) is just rebuilt
DEBOUNCE_STEP_MS = 40  # a change is handled once no other has come for this long...
DEBOUNCE_MAX_MS = 800  # ...or after this long at most


class Preview:
    """The preview's state: the last build's problems, the edits waiting, and the rebuild loop."""

    def __init__(self, load_config: Callable[[], Config], today: Callable[[], dt.date], drafts: bool = False,
                 log: Callable[[str], None] = print):
        self.load_config, self.today, self.drafts, self.log = load_config, today, drafts, log
        self.config = load_config()
        self.cache = DiskCache(self.config.root / CACHE_DIR)
        self.problems: list[str] = []
        self.pending: set[str] = set()
        self.lock = threading.Lock()
        self.building = False
        self.loop: Optional[IOLoop] = None
        self.stop = threading.Event()

    # -- building --------------------------------------------------------------------------------

    def rebuild(self, changed: Optional[set[str]] = None) -> bool:
        """One build; True if it changed the site. Problems are kept to show in the browser."""
        started = time.perf_counter()
        try:
            self.config = self.load_config()
            result = build(self.config, self.today(), drafts=self.drafts, cache=self.cache, changed=changed,
                           hooks=Hooks(before_plan=partial(write_saved_first, changed or set())))
        except ContentError as exc:
            self.problems = [str(p) for p in exc.problems]
            self.log(f"build failed, {len(self.problems)} problem(s); serving the last good site")
            for problem in self.problems:
                self.log(f"  {problem}")
            return False
        except TimelineError as exc:
            self.problems = [str(exc)]
            self.log(f"build failed: {exc}")
            return False
        had_problems, self.problems = bool(self.problems), []
        self.log(f"rebuilt in {(time.perf_counter() - started) * 1000:.0f} ms: {result.rendered} pages rendered, "
                 f"{result.written} files written")
        return bool(result.written) or had_problems

    def changed(self, paths: set[str]) -> None:
        """Called from a watcher thread: note the paths and ask the server thread to rebuild."""
        with self.lock:
            self.pending |= paths
        if self.loop is not None:
            self.loop.add_callback(self._rebuild_pending)

    def _rebuild_pending(self) -> None:
        """On the server thread: rebuild while edits are waiting, then reload the browsers."""
        if self.building:
            return
        with self.lock:
            if not self.pending:
                return
            self.log(f"rebuilding: {len(self.pending)} path(s) changed")
            changed, self.pending = self.pending, set()
        self.building = True
        try:
            reload = self.rebuild(changed)
        finally:
            self.building = False
        if reload:
            LiveReloadHandler.reload_waiters()
        with self.lock:
            more = bool(self.pending)
        if more:  # saved during the rebuild: go again, after any waiting requests
            self.loop.add_callback(self._rebuild_pending)

    # -- watching --------------------------------------------------------------------------------

    def watch(self) -> list[threading.Thread]:
        """Start the watcher threads: the source folders, and the project folder for the config."""
        root = self.config.root
        folders = [str(root / name) for name in WATCHED if (root / name).is_dir()]
        config_file = str(root / CONFIG_FILE)
        threads = [
            threading.Thread(target=self._watch, args=(folders, True, None), daemon=True),
            threading.Thread(target=self._watch, args=([str(root)], False, lambda path: path == config_file),
                             daemon=True),
        ]
        for thread in threads:
            thread.start()
        return threads

    def _watch(self, paths: list[str], recursive: bool, keep: Optional[Callable[[str], bool]]) -> None:
        for changes in watchfiles.watch(*paths, recursive=recursive, stop_event=self.stop, step=DEBOUNCE_STEP_MS,
                                        debounce=DEBOUNCE_MAX_MS, raise_interrupt=False,
                                        watch_filter=lambda change, path: keep is None or keep(path)):
            self.changed({path for _, path in changes})


class _SiteHandler(StaticFileHandler):
    """The output folder, with the build's problems on every page while there are any."""

    preview: Preview
    hosts: frozenset[str]

    def prepare(self) -> None:
        if self.request.host not in self.hosts:  # DNS rebinding: only our own name may be asked for
            raise web.HTTPError(400, "unexpected Host header")

    async def get(self, path: str, include_body: bool = True) -> None:
        if self.preview.problems and self._is_page(path):
            file = self._page_file(path)
            page = file.read_text(encoding="utf-8") if file else _EMPTY_PAGE
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.problem_page = True
            self.finish(_with_problems(page, self.preview.problems))
            return
        await super().get(path, include_body)

    def compute_etag(self) -> Optional[str]:
        return None if getattr(self, "problem_page", False) else super().compute_etag()

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-store")

    def write_error(self, status_code: int, **kwargs) -> None:
        not_found = Path(self.root or ".", "404.html")
        if status_code == 404 and not_found.is_file():
            self.problem_page = True
            page = not_found.read_text(encoding="utf-8")
            self.finish(_with_problems(page, self.preview.problems) if self.preview.problems else page)
        else:
            super().write_error(status_code, **kwargs)

    @staticmethod
    def _is_page(path: str) -> bool:
        return path == "" or path.endswith(("/", ".html"))

    def _page_file(self, path: str) -> Optional[Path]:
        file = Path(self.root, path, "index.html") if path == "" or path.endswith("/") else Path(self.root, path)
        try:
            resolved = file.resolve()
        except OSError:
            return None
        inside = resolved.is_relative_to(Path(self.root).resolve())
        return resolved if inside and resolved.is_file() else None


_EMPTY_PAGE = "<!doctype html><html><head><title>Build failed</title></head><body></body></html>"


def _with_problems(page: str, problems: list[str]) -> str:
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


class _Redirect(web.RequestHandler):
    def get(self, path: str = "") -> None:
        self.redirect(self.base)


class PreviewServer(Server):
    """livereload's server, serving our handler under the base path."""

    def __init__(self, preview: Preview, host: str, port: int):
        super().__init__(watcher=_NoWatcher())
        self.preview, self.host, self.port = preview, host, port

    def get_web_handlers(self, script):
        config = self.preview.config
        base = config.base_path
        hosts = {f"{name}:{self.port}" for name in (self.host, "127.0.0.1", "localhost", "[::1]")}
        handler = type("SiteHandler", (_SiteHandler,), {"preview": self.preview, "hosts": frozenset(hosts)})
        handlers = [(rf"{base}(.*)", handler, {"path": str(config.output_dir), "default_filename": "index.html"})]
        if base != "/":
            handlers.append((r"/(.*)", type("Redirect", (_Redirect,), {"base": base})))
        return handlers


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


def serve(preview: Preview, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = False) -> None:
    """Build, then serve and rebuild on changes until interrupted."""
    preview.rebuild()
    gc.enable()
    gc.freeze()  # what the first build keeps (entries, cache) is never scanned for cycles again
    server = PreviewServer(preview, host, port)
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}{preview.config.base_path}"
    preview.log(f"serving {url} (Ctrl+C to stop)")
    preview.loop = IOLoop.current()
    preview.watch()
    if open_browser:
        threading.Timer(0.5, webbrowser.open, [url]).start()
    try:
        server.serve(host=host, port=port, restart_delay=0)
    finally:
        preview.stop.set()


def write_saved_first(changed: set[str], site: Site, output: Path, present: set[str]) -> tuple[Written, int]:
    """The build's hook before it plans: write the pages of the entries an editor just saved, so
    the page they look at is on disk at once, in a small transaction of its own. Returns those
    pages ({path: key}: the full build takes them as done) and how many files changed."""
    events = saved_events(site.timeline.events, site.config.root, changed)
    if not events or len(events) > SAVED_FIRST_AT_MOST:
        return {}, 0
    family = EventPages(site)
    pages = [family.page(event) for event in events]
    prepare(site, pages)
    with OutputTransaction(output, set(present)) as transaction:
        for page in pages:
            transaction.write(page.path, page.make())
    return {page.path: page.key for page in pages}, transaction.changed


def saved_events(events: list[Event], root: Path, changed: set[str]) -> list[Event]:
    """The events whose entry files are among the changed paths."""
    root = root.resolve()
    saved = set()
    for path in changed:
        resolved = Path(path).resolve()
        if path.endswith(".md") and resolved.is_relative_to(root):
            saved.add(resolved.relative_to(root).as_posix())  # as Event.path has it: no resolving 10,000 paths
    return [event for event in events if event.path in saved] if saved else []
