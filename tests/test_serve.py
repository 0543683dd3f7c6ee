"""The preview server, run for real: a `timeline serve` process on a scratch project and a free port.

Every wait is bounded (WAIT seconds) and polls; nothing here asserts on how fast things are.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO, entry

WAIT = 20.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, root: Path, *args: str):
        self.root, self.port = root, free_port()
        self.log = root / "serve.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "--root", str(root), "serve", "--port", str(self.port),
             "--today", "2026-01-01", *args],
            stdout=open(self.log, "w"), stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.wait_for(lambda: self.get("/")[0] == 200, "the server to answer")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str, host: str | None = None) -> tuple[int, str]:
        request = urllib.request.Request(self.url(path), headers={"Host": host} if host else {})
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError):
            return 0, ""

    def page(self, relative: str) -> str:
        path = self.root / "_site" / relative
        return path.read_text(encoding="utf-8") if path.is_file() else ""

    def wait_for(self, condition, what: str) -> None:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the server exited while waiting for {what}:\n{self.log.read_text()}")
            if condition():
                return
            time.sleep(0.05)
        pytest.fail(f"timed out waiting for {what}:\n{self.log.read_text()}")

    def rebuilds(self) -> int:
        return sum(line.startswith(("rebuilt", "build failed")) for line in self.log.read_text().splitlines())

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def server(project):
    running = Server(project.root)
    yield running
    running.stop()


def test_serves_the_site_on_loopback_only_with_livereload(server):
    status, html = server.get("/events/japan-agreement/")
    assert status == 200 and "<h1>Ukraine and Japan sign a security agreement</h1>" in html
    assert "livereload.js" in html
    with socket.socket() as s:  # bound to 127.0.0.1, so another loopback address is refused
        assert s.connect_ex(("127.0.0.2", server.port)) != 0
    assert server.get("/", host="attacker.example")[0] == 400
    status, html = server.get("/no/such/page/")
    assert status == 404 and "Page not found" in html


def test_an_edit_is_rebuilt_and_served(server):
    server.root.joinpath("content/japan-agreement.md").write_text(entry(title="Edited title"), encoding="utf-8")
    server.wait_for(lambda: "<h1>Edited title</h1>" in server.page("events/japan-agreement/index.html"),
                    "the edited page on disk")
    # the lists that show it follow in the same rebuild (the saved page is written first)
    server.wait_for(lambda: "Edited title" in server.page("index.html"), "the timeline page")
    assert "<h1>Edited title</h1>" in server.get("/events/japan-agreement/")[1]


def test_a_broken_entry_shows_its_problems_on_every_page_and_recovers(server):
    before = server.page("events/japan-agreement/index.html")
    server.root.joinpath("content/japan-agreement.md").write_text(entry(date="June 2024"), encoding="utf-8")
    message = "content/japan-agreement.md:3: date: expected YYYY, YYYY-MM or YYYY-MM-DD, got &#x27;June 2024&#x27;"
    server.wait_for(lambda: message in server.get("/")[1], "the problem panel")
    assert message in server.get("/parties/japan/")[1]
    assert server.page("events/japan-agreement/index.html") == before  # the last good site stays
    server.root.joinpath("content/japan-agreement.md").write_text(entry(title="Fixed"), encoding="utf-8")
    server.wait_for(lambda: "timeline-problems" not in server.get("/")[1], "the panel to go")
    assert "<h1>Fixed</h1>" in server.get("/events/japan-agreement/")[1]


def test_entries_added_removed_and_still_broken_while_others_change(server):
    content = server.root / "content"
    (content / "second.md").write_text(entry(title="A second entry"), encoding="utf-8")
    server.wait_for(lambda: "A second entry" in server.page("index.html"), "the new entry")
    (content / "broken.md").write_text(entry(kind="sumit", status=None), encoding="utf-8")
    problem = "content/broken.md:4: kind: unknown kind &#x27;sumit&#x27; (did you mean &#x27;summit&#x27;?)"
    server.wait_for(lambda: problem in server.get("/")[1], "the problem panel")
    (content / "second.md").write_text(entry(title="Second, edited"), encoding="utf-8")  # another file changes
    server.wait_for(lambda: server.rebuilds() >= 4, "the rebuild after the second edit")
    assert problem in server.get("/")[1]  # the broken entry is still broken, and still reported
    (content / "broken.md").unlink()
    server.wait_for(lambda: "Second, edited" in server.page("index.html"), "the site after the fix")
    (content / "second.md").unlink()
    server.wait_for(lambda: not (server.root / "_site/events/second").exists(), "the removed entry's page to go")


def test_a_burst_of_saves_ends_with_the_last_one(server):
    path = server.root / "content/japan-agreement.md"
    for number in range(50):
        path.write_text(entry(title=f"Save {number}"), encoding="utf-8")
    server.wait_for(lambda: "<h1>Save 49</h1>" in server.page("events/japan-agreement/index.html"), "the last save")
    assert server.rebuilds() < 25  # the burst was grouped into far fewer rebuilds than saves
    assert server.get("/")[0] == 200


def test_an_edit_saved_during_a_rebuild_is_not_lost(project):
    for number in range(400):  # enough pages that a full re-render takes a while
        project.write("content/" + f"event-{number:03d}.md", entry(title=f"Event {number}"))
    running = Server(project.root)
    try:
        base = project.root / "templates/base.html"
        base.write_text(base.read_text(encoding="utf-8").replace("Skip to content", "Skip ahead"), encoding="utf-8")
        running.wait_for(lambda: "rebuilding" in running.log.read_text(), "the template rebuild to start")
        project.write("content/event-123.md", entry(title="Saved meanwhile"))
        running.wait_for(lambda: "<h1>Saved meanwhile</h1>" in running.page("events/event-123/index.html"),
                         "the edit made during the rebuild")
        assert "Skip ahead" in running.page("events/event-123/index.html")
    finally:
        running.stop()


def test_serving_under_a_base_path(project):
    project.write("timeline.toml", '[site]\ntitle = "T"\nbase_url = "https://example.org/repo/"\n')
    running = Server(project.root)
    try:
        status, html = running.get("/repo/events/japan-agreement/")
        assert status == 200 and 'href="/repo/static/style.css"' in html
        assert running.get("/repo/static/style.css")[0] == 200
    finally:
        running.stop()


def test_the_bundled_site_serves(tmp_path):
    root = tmp_path / "bundled"
    for name in ("content", "seeds", "templates", "static"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "timeline.toml", root / "timeline.toml")
    running = Server(root)
    try:
        assert "G7 summit in Apulia" in running.get("/")[1]
    finally:
        running.stop()


class FakeLoop:
    """Runs callbacks when asked, like the server's IOLoop would between requests."""

    def __init__(self):
        self.callbacks = []

    def add_callback(self, callback):
        self.callbacks.append(callback)

    def run(self):
        while self.callbacks:
            self.callbacks.pop(0)()


def test_a_change_noted_during_a_rebuild_starts_another(project, monkeypatch):
    from generator.config import load_config
    from generator.preview.serve import LiveReloadHandler, Preview

    monkeypatch.setattr(LiveReloadHandler, "reload_waiters", classmethod(lambda cls, path=None: None))
    preview = Preview(lambda: load_config(project.root), lambda: __import__("datetime").date(2026, 1, 1),
                      log=lambda line: None)
    preview.loop = loop = FakeLoop()
    seen = []

    def rebuild(changed=None):
        seen.append(changed)
        if len(seen) == 1:  # an editor saves while this rebuild runs
            preview.changed({"content/b.md"})
            preview._rebuild_pending()  # the watcher's callback arrives mid-build and must not start a second
        return True

    monkeypatch.setattr(preview, "rebuild", rebuild)
    preview.changed({"content/a.md"})
    loop.run()
    assert seen == [{"content/a.md"}, {"content/b.md"}] and not preview.pending and not preview.building


def test_the_saved_entrys_page_is_written_before_the_rest_is_planned(project, monkeypatch):
    """What makes an edit show within a fraction of a second on a large site."""
    import datetime as dt

    from generator.build.plan import Plan
    from generator.build.recipe import build
    from generator.config import load_config
    from generator.core.cache import MemoryCache
    from generator.preview.serve import saved_entries
    from generator.site.pages import Edition

    config, cache = load_config(project.root), MemoryCache()
    build(config, dt.date(2026, 1, 1), cache=cache)
    path = project.write("content/japan-agreement.md", entry(title="Saved just now"))
    page = project.root / "_site/events/japan-agreement/index.html"
    seen = []
    plan = Plan.__init__
    monkeypatch.setattr(Plan, "__init__", lambda self, *a: seen.append(page.read_text(encoding="utf-8")) or plan(self, *a))
    rendered = []
    render = Edition.render
    monkeypatch.setattr(Edition, "render", lambda self, t, url, c: rendered.append(url) or render(self, t, url, c))
    changed = {str(path)}
    result = build(config, dt.date(2026, 1, 1), cache=cache, changed=changed,
                   first=saved_entries(project.root, changed))
    assert "<h1>Saved just now</h1>" in seen[0]
    assert rendered.count("/events/japan-agreement/") == 1  # not again in the full build
    assert "Saved just now" in (project.root / "_site/index.html").read_text(encoding="utf-8")
    assert result.written >= 2  # the lists too, in the full build that follows


def test_folders_made_after_the_start_are_followed_without_a_restart(project):
    """static/, admin/ (timeline cms), templates/ and locales/ made while the preview runs are
    watched from then on: their files are served, and later edits in them rebuild."""
    shutil.rmtree(project.root / "static")
    shutil.rmtree(project.root / "templates")
    project.write("timeline.toml", (project.root / "timeline.toml").read_text(encoding="utf-8") +
                  '\n[cms]\nrepo = "newsroom/timeline"\n')  # what Sveltia CMS needs
    running = Server(project.root)
    try:
        project.write("static/extra/note.css", "p { color: teal }\n")
        running.wait_for(lambda: running.get("/static/extra/note.css")[0] == 200, "the new static file")
        project.write("static/extra/note.css", "p { color: navy }\n")  # an edit in the new folder
        running.wait_for(lambda: "navy" in running.get("/static/extra/note.css")[1], "the edited static file")
        assert project.run("cms").code == 0
        running.wait_for(lambda: running.get("/admin/")[0] == 200, "the CMS page after timeline cms")
        project.write("templates/404.html", "<!doctype html><title>Lost</title><p>Not here</p>\n")
        running.wait_for(lambda: "Not here" in running.page("404.html"), "the new template")
        project.write("locales/en_GB.po", 'msgid ""\nmsgstr ""\n"Language: en-GB\\n"\n\nmsgid "Skip to content"\n'
                                          'msgstr "Skip to the events"\n')
        running.wait_for(lambda: "Skip to the events" in running.page("index.html"), "the site's new catalog")
    finally:
        running.stop()
