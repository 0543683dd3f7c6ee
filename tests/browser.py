"""Real-browser helpers: Debian's Chromium driven by Playwright, and a local static server.

Without a browser (or Playwright, or the npm tools) the browser tests skip, unless
REQUIRE_BROWSER=1 (set by CI) turns the skip into a failure.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from typing import Iterator

import pytest

REPO = Path(__file__).resolve().parent.parent
NODE_MODULES = REPO / "node_modules"


def unavailable(reason: str) -> None:
    """Skip, or fail when CI requires the browser tools."""
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


def npm_file(relative: str) -> Path:
    """A file of an npm package installed by `npm ci` (see package.json)."""
    path = NODE_MODULES / relative
    if not path.is_file():
        unavailable(f"{path} is missing: run `npm ci`")
    return path


@contextlib.contextmanager
def serve(folder: Path, port: int = 0, headers: dict[str, str] | None = None) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 (a free port, or `port`) while the block runs, with these
    response headers too; yields 'http://127.0.0.1:PORT'."""
    handler = functools.partial(type("Handler", (_QuietHandler,), {"headers_sent": headers or {}}),
                                directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".ics": "text/calendar",
                      ".json": "application/json", ".js": "text/javascript"}

    headers_sent: dict[str, str] = {}

    def end_headers(self):
        for name, value in self.headers_sent.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        unavailable("Chromium is not installed (apt-get install -y chromium)")
    return path


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run."""
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors and failed requests."""
    context = browser.new_context()
    page = context.new_page()
    page.problems = []
    page.on("console", lambda message: message.type == "error" and page.problems.append(f"console: {message.text}"))
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: request.failure != "net::ERR_ABORTED"  # aborted by a navigation
            and page.problems.append(f"request failed: {request.url} ({request.failure})"))
    page.on("response", lambda response: response.status >= 400 and not response.url.endswith("/favicon.ico")
            and page.problems.append(f"HTTP {response.status}: {response.url}"))
    yield page
    context.close()
