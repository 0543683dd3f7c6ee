"""`timeline links` against a local HTTP server that answers 200, redirect chains, 404, 410, a
time-out, a loop and a HEAD refusal, and stands in for the Wayback Machine's availability API: no
test asks anything of any other host."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import entry
from generator.authoring import links
from generator.content import link_states
from generator.core.cache import CACHE_DIR, DiskCache

ROUTES = {"/moved": (301, "/moved-again"), "/moved-again": (302, "/ok"), "/loop": (301, "/loop-back"),
          "/loop-back": (301, "/loop"), "/gone": (404, ""), "/gone-for-good": (410, ""), "/broken": (500, "")}


class Server:
    """A local server; `release` lets the slow route answer (after the checker gave up)."""

    def __init__(self):
        self.release = threading.Event()
        self.asked: list[tuple[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_HEAD(self):
                self.answer("HEAD")

            def do_GET(self):
                self.answer("GET")

            def answer(self, method):
                server.asked.append((method, self.path))
                path = self.path.split("?")[0]
                if path == "/slow":
                    server.release.wait(10)
                if path == "/no-head" and method == "HEAD":
                    return self.reply(405)
                if path == "/wayback":
                    return self.reply(200, json.dumps(server.wayback(self.path)).encode())
                status, location = ROUTES.get(path, (200, "") if path in ("/ok", "/slow", "/no-head", "/copy")
                                              else (404, ""))
                self.reply(status, location=location)

            def reply(self, status, body=b"", location=""):
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command == "GET":
                    self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def wayback(self, path):
        asked = path.split("url=", 1)[1]
        return {"url": asked, "archived_snapshots": {"closest": {
            "available": True, "status": "200", "url": f"{self.base}/copy?of={asked}", "timestamp": "20240614"}}}

    def close(self):
        self.release.set()
        self.httpd.shutdown()


@pytest.fixture
def server():
    running = Server()
    yield running
    running.close()


def cite(project, *paths, base):
    sources = "".join(f"\n  - url: {base}{path}\n    title: Page {n}" for n, path in enumerate(paths))
    project.write("content/japan-agreement.md", entry(sources=sources))


def test_dead_links_are_errors_at_their_lines_and_moved_ones_notices(project, server):
    cite(project, "/ok", "/moved", "/gone", "/gone-for-good", "/loop", "/slow", "/no-head", "/broken",
         base=server.base)
    result = project.run("links", "--timeout", "0.5")
    assert result.code == 1
    said = result.err.splitlines()
    at = "content/japan-agreement.md"
    assert f"{at}:13: sources[2].url: {server.base}/gone answers 404 (find where it went, or cite its archived copy " \
           "(timeline links --archive finds one))" in said
    assert any(line.startswith(f"{at}:15: sources[3].url: {server.base}/gone-for-good answers 410") for line in said)
    assert any(line.startswith(f"{at}:17: sources[4].url: {server.base}/loop redirect loop") for line in said)
    assert any(line.startswith(f"{at}:19: sources[5].url: {server.base}/slow timed out") for line in said)
    assert any(line.startswith(f"{at}:23: sources[7].url: {server.base}/broken answers 500") for line in said)
    assert not [line for line in said if "sources[0]" in line or "sources[6]" in line]  # /ok, /no-head: alive
    assert f"{at}:11: notice: sources[1].url: {server.base}/moved has moved to {server.base}/ok (cite the new " \
           "address)" in said  # (the notices come with the errors)
    assert ("GET", "/no-head") in server.asked
    project.write("content/japan-agreement.md", entry(sources=f"\n  - url: {server.base}/moved\n    title: Moved"))
    result = project.run("links", "--timeout", "0.5")
    assert result.code == 0
    assert f"{at}:9: notice: sources[0].url: {server.base}/moved has moved to {server.base}/ok (cite the new " \
           "address)" in result.err.splitlines()


def test_a_dead_link_names_its_archived_copy(project, server):
    sources = f"\n  - url: {server.base}/gone\n    archived: {server.base}/copy\n    title: Gone"
    project.write("content/japan-agreement.md", entry(sources=sources))
    result = project.run("links")
    assert result.code == 1
    assert f"content/japan-agreement.md:9: sources[0].url: {server.base}/gone answers 404; its archived copy: " \
           f"{server.base}/copy (cite the archived copy, or find where the page went)" in result.err.splitlines()


def test_results_are_kept_in_the_build_cache_with_their_day(project, server):
    cite(project, "/ok", "/gone", base=server.base)
    project.run("links", "--today", "2026-03-01")
    kept = link_states.kept(DiskCache(project.root / CACHE_DIR), [f"{server.base}/ok", f"{server.base}/gone"])
    assert {url: (c.status, c.day) for url, c in kept.items()} == {
        f"{server.base}/ok": (200, "2026-03-01"), f"{server.base}/gone": (404, "2026-03-01")}


def test_archive_writes_a_copy_beside_each_source_in_the_house_style(project, server, monkeypatch):
    monkeypatch.setattr(links, "ARCHIVE_API", server.base + "/wayback?url={url}")
    cite(project, "/ok", "/moved", base=server.base)
    project.write("seeds/000_f58ab9d484ce5563.toml", f'published = "2024-06"\nurl = "{server.base}/ok"\n')
    result = project.run("links", "--archive")
    assert result.code == 0, result.err
    text = (project.root / "content/japan-agreement.md").read_text(encoding="utf-8")
    assert f'  - url: "{server.base}/ok"\n    archived: "{server.base}/copy?of=' in text
    assert text.count("archived:") == 2
    assert project.run("fmt", "--check").code == 0  # in the house style
    assert f'archived = "{server.base}/copy?of=' in (project.root / "seeds/000_f58ab9d484ce5563.toml").read_text()
    assert project.check().code == 0
    again = project.run("links", "--archive")  # every source has its copy now: nothing more is written
    assert (project.root / "content/japan-agreement.md").read_text(encoding="utf-8") == text and again.code == 0


def test_an_entry_with_errors_is_reported_and_nothing_is_asked(project, server):
    project.write("content/japan-agreement.md", entry(date='"June 2024"', sources=f"\n  - url: {server.base}/ok\n"
                                                                                    "    title: T"))
    result = project.run("links")
    assert result.code == 1 and "content/japan-agreement.md:3: date:" in result.err
    assert server.asked == []


@pytest.mark.parametrize("value", ["0", "-1", "601"])
def test_a_bad_timeout_is_a_usage_error(project, value):
    result = project.run("links", "--timeout", value)
    assert result.code == 2 and "--timeout: seconds above 0 and at most 600" in result.err


def test_a_source_found_dead_leads_to_its_archived_copy_first(project, server):
    """The pages follow the last check: a dead original's citation links the archived copy and
    says since when the original is gone; a live one keeps its order."""
    gone = f"\n  - url: {server.base}/gone\n    archived: {server.base}/copy\n    title: Gone\n    date: \"2024-06-14\""
    alive = f"\n  - url: {server.base}/ok\n    archived: {server.base}/copy-2\n    title: Alive"
    project.write("content/japan-agreement.md", entry(sources=gone + alive))
    assert project.build().code == 0
    first = project.html("events/japan-agreement/index.html").select(".sources .cite")
    assert first[0].a["href"] == f"{server.base}/gone"  # not checked yet: the original first
    assert project.run("links", "--today", "2026-03-01").code == 1
    assert project.build().code == 0  # (the check changed the pages' key: they are rendered again)
    cites = project.html("events/japan-agreement/index.html").select(".sources .cite")
    assert cites[0].a["href"] == f"{server.base}/copy"
    assert "the original was gone when last checked, on 1 March 2026" in cites[0].get_text()
    assert cites[0].select_one("a.original")["href"] == f"{server.base}/gone"
    assert cites[1].a["href"] == f"{server.base}/ok" and cites[1].select_one("a.archived")["href"] == (
        f"{server.base}/copy-2")
