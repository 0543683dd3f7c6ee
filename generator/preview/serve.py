"""`timeline serve`: the editor's live preview, a thin wrapper over livereload.

- Serves the output folder under the site's base path, on 127.0.0.1 unless told otherwise, and
  only to requests whose Host header names this server.
- Watches content/, templates/, static/, seeds/, admin/ (the CMS's form) and timeline.toml (with
  watchfiles: inotify and its peers, no polling) and rebuilds when they change. A burst of saves
  becomes one rebuild; a save made during a rebuild triggers the next one, so no edit is ever missed.
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
import threading
import time
import webbrowser
from pathlib import Path
from typing import Callable, Optional

import watchfiles
from livereload.handlers import LiveReloadHandler
from tornado.ioloop import IOLoop

from ..build.recipe import build
from ..config import CONFIG_FILE, Config
from ..core.cache import CACHE_DIR, DiskCache
from ..core.errors import ContentError, TimelineError, visible
from .http import PreviewServer

# the folders a site is made from (admin/: the CMS's form, written by timeline cms; locales/: the
# site's catalogs), watched whenever they exist, also when made after the preview started
WATCHED = ("content", "templates", "static", "seeds", "admin", "locales")
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
        """One build; True if the open pages must reload: it changed the site, or it failed (so the
        problems show at once) or fixed a failure. Problems are kept to show in the browser."""
        started = time.perf_counter()
        try:
            self.config = self.load_config()
            result = build(self.config, self.today(), drafts=self.drafts, cache=self.cache, changed=changed,
                           first=saved_entries(self.config.root, changed or set()), preview=True)
        except ContentError as exc:
            self.problems = [str(p) for p in exc.problems]
            self.log(f"build failed, {len(self.problems)} problem(s); serving the last good site")
            for problem in self.problems:
                self.log(f"  {visible(problem)}")
            return True
        except TimelineError as exc:
            self.problems = [str(exc)]
            self.log(f"build failed: {visible(str(exc))}")
            return True
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

    def watch(self) -> None:
        """Start the watchers: one on the project folder itself (the config, and the source folders
        appearing or going), and one on each source folder that exists (each anew when one appears)."""
        root = self.config.root
        tops = {str(root / CONFIG_FILE), *(str(root / name) for name in WATCHED)}
        self.watching: set[str] = set()
        self.watching_lock = threading.Lock()
        self._watch_new_folders()
        threading.Thread(target=self._watch, args=(str(root), False, tops.__contains__), daemon=True).start()

    def _watch_new_folders(self) -> None:
        """Watch each source folder that exists and is not watched yet."""
        with self.watching_lock:
            for name in WATCHED:
                folder = self.config.root / name
                if folder.is_dir() and str(folder) not in self.watching:
                    self.watching.add(str(folder))
                    threading.Thread(target=self._watch, args=(str(folder), True, None), daemon=True).start()

    def _watch(self, path: str, recursive: bool, keep: Optional[Callable[[str], bool]]) -> None:
        for changes in watchfiles.watch(path, recursive=recursive, stop_event=self.stop, step=DEBOUNCE_STEP_MS,
                                        debounce=DEBOUNCE_MAX_MS, raise_interrupt=False,
                                        watch_filter=lambda change, path: keep is None or keep(path)):
            if not recursive:
                self._watch_new_folders()  # a folder made (or moved in) after the start: templates/, admin/...
            self.changed({path for _, path in changes})
            if recursive and not Path(path).is_dir():  # gone: watched again if it comes back
                with self.watching_lock:
                    self.watching.discard(path)
                return


def serve(preview: Preview, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = False) -> None:
    """Build, then serve and rebuild on changes until interrupted."""
    preview.rebuild()
    gc.enable()
    gc.freeze()  # what the first build keeps (entries, cache) is never scanned for cycles again
    config = preview.config
    server = PreviewServer(config.output_dir, config.base_path, lambda: preview.problems, host, port)
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


def saved_entries(root: Path, changed: set[str]) -> frozenset[str]:
    """The entry files among the changed paths, as Event.path names them (relative to the root),
    whose pages the build writes first: the editor is looking at one of them."""
    root = root.resolve()
    saved = set()
    for path in changed:
        resolved = Path(path).resolve()
        if path.endswith(".md") and resolved.is_relative_to(root):
            saved.add(resolved.relative_to(root).as_posix())  # as Event.path has it: no resolving 10,000 paths
    return frozenset(saved)
