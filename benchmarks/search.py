"""Search at scale: what a reader's queries download, and how soon the first result shows.

    .venv/bin/python benchmarks/search.py                     # N = 1,000 and 10,000
    .venv/bin/python benchmarks/search.py --n 100000

For each N it builds the synthetic timeline (benchmarks/synth.py; the build's time and the search
bundle's share of it are printed), serves it on 127.0.0.1 and opens it in Debian's Chromium with
an empty cache. Then, in one page: a first query (a rare word), a later query (common words: what
the first one loaded is reused), a filter with no words, and words with a filter; and in another,
a first query of common words. For each: the bytes of the search index and its script the
browser fetched for it, as served here (uncompressed) and as GitHub Pages would send them (each
response gzip'd), and the time from the query to its first card drawn (a query typed in the box
includes the 150 ms the script waits for typing to stop). A measurement, not a test.
"""

from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "benchmarks"))

from browser import serve  # noqa: E402 (the tests' static server)
from run import output_size  # noqa: E402
from synth import make_site  # noqa: E402

FIRST_CARD = """() => new Promise(resolve => {
    const results = document.getElementById("filter-results");
    const look = () => results.querySelector(".event") && !results.hidden
        ? resolve(performance.now()) : requestAnimationFrame(look);
    look();
})"""


def searched(request) -> bool:
    return "/search/" in request.url or request.url.endswith("/static/search.js")


def measure(page, origin: str, steps: list[tuple[str, str]]) -> list[tuple[str, int, int, float, str]]:
    """(step, bytes fetched, the same gzip'd, milliseconds to the first card, count shown) for each
    step, in one page."""
    fetched: list[tuple[int, int]] = []

    def count(request) -> None:
        if searched(request) and (response := request.response()) is not None and response.status < 300:
            body = response.body()
            fetched.append((len(body), len(gzip.compress(body))))

    page.on("requestfinished", count)
    rows = []
    page.goto(origin + "/")
    page.wait_for_load_state("networkidle")
    for name, query in steps:
        fetched.clear()
        page.evaluate("document.getElementById('filter-results').replaceChildren()")
        if query.startswith("?"):  # choices in the address: the page opens with them
            page.goto(origin + "/" + query)
            since = 0.0
        else:
            since = page.evaluate("performance.now()")
            page.fill("#filter-q", query)
        shown_at = page.evaluate(FIRST_CARD)
        page.wait_for_function("document.getElementById('filter-count').textContent.includes(' ')")
        page.wait_for_load_state("networkidle")
        rows.append((name, sum(raw for raw, _ in fetched), sum(packed for _, packed in fetched), shown_at - since,
                     page.text_content("#filter-count")))
    return rows


def run(n: int, browser) -> None:
    with tempfile.TemporaryDirectory(prefix="timeline-search-") as folder:
        root = Path(folder) / "site"
        make_site(root, n)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build", "-q", "--today", "2026-01-01"],
                       check=True, capture_output=True)
        built = time.perf_counter() - started
        site = root / "_site"
        files, size, largest, largest_name, search = output_size(site)
        print(f"\n{n:,} entries: built in {built:.1f}s; output {files:,} files, {size / n / 1024:.1f} KiB per event, "
              f"the largest file {largest / 2**20:.2f} MiB ({largest_name}); the search index {search / 2**20:.1f} MiB")
        # the synthetic text has a vocabulary of 60 words, each in almost every event: the worst case for an
        # index, whose list for a word names every event it is in; a title's number is a rare word
        rare = str(n // 3)
        sequences = [[("first query, a rare word", rare), ("later query, common words", "agreement security"),
                      ("a filter, no words", "?kind=summit"), ("words and a filter", "?kind=pledge&q=border")],
                     [("first query, common words", "summit minister")]]
        with serve(site) as origin:
            for steps in sequences:  # each in a browser of its own, its cache empty
                context = browser.new_context()
                for name, fetched, packed, ms, shown in measure(context.new_page(), origin, steps):
                    print(f"  {name:28} {fetched / 1024:8.1f} KiB ({packed / 1024:6.1f} KiB gzip'd) {ms:8.0f} ms   "
                          f"{shown}")
                context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        for n in args.n:
            run(n, browser)
        browser.close()


if __name__ == "__main__":
    main()
