"""The reader's timeline in a real browser: axe-core, the Nu HTML checker, the filter and search,
the URL state, keyboard use, no-script and print, and screenshots for review.

Runs Debian's Chromium through Playwright; without it (or Java, or the npm tools) these tests
skip, unless REQUIRE_BROWSER=1 (CI) makes that a failure. FULL_AUDIT=1 runs axe on every page
of the 2,000-entry site instead of one page of each type (about 25 minutes on one core);
FULL_AUDIT=1:0/2 and FULL_AUDIT=1:1/2 split that between two processes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import npm_file, serve, unavailable
from bs4 import BeautifulSoup

from conftest import REPO, entry

sys.path.insert(0, str(REPO / "benchmarks"))
import synth  # noqa: E402 (the benchmark's synthetic sites)

SCREENSHOTS = REPO / "tests" / "screenshots"
IMPACTS = ("serious", "critical")


# -- sites ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bundled_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bundled")
    for name in ("content", "seeds", "templates", "static"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "timeline.toml", root / "timeline.toml")
    build(root)
    return root / "_site"


@pytest.fixture(scope="module")
def arabic_site(tmp_path_factory) -> Path:
    """The bundled timeline as a site in Arabic alone (right to left; its Ukrainian set aside)."""
    root = tmp_path_factory.mktemp("arabic")
    for name in ("content", "seeds"):
        shutil.copytree(REPO / name, root / name)
    for translation in (root / "content").glob("*.uk.md"):
        translation.unlink()
    config = (REPO / "timeline.toml").read_text(encoding="utf-8").split("[languages.")[0]
    (root / "timeline.toml").write_text(config.replace('language = "en-GB"', 'language = "ar"'), encoding="utf-8")
    build(root)
    return root / "_site"


@pytest.fixture(scope="module")
def big_site(tmp_path_factory) -> Path:
    """The benchmark's synthetic timeline with 2,000 entries: paginated, per-year overview."""
    root = tmp_path_factory.mktemp("big") / "site"
    synth.make_site(root, 2000)
    build(root)
    return root / "_site"


def build(root: Path) -> None:
    from generator.commands.cli import main
    assert main(["--root", str(root), "build", "--quiet", "--today", "2026-01-01", "--no-cache"]) == 0


def html_pages(site: Path) -> list[str]:
    """Every page's URL path, '/' first."""
    return sorted("/" + p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("*.html"))


# -- the Nu HTML checker -------------------------------------------------------------------------------

def nu_errors(site: Path) -> list[str]:
    jar = npm_file("vnu-jar/build/dist/vnu.jar")
    java = shutil.which("java") or unavailable("Java is not installed (apt-get install default-jre-headless)")
    done = subprocess.run([java, "-jar", str(jar), "--skip-non-html", "--errors-only", "--also-check-css",
                           "--format", "gnu", str(site)], capture_output=True, text=True, timeout=600)
    return [line for line in done.stderr.splitlines() + done.stdout.splitlines() if line.strip()]


def test_nu_checker_finds_no_error_on_any_page_of_the_bundled_site(bundled_site):
    assert nu_errors(bundled_site) == []


def test_nu_checker_finds_no_error_on_any_page_of_the_arabic_site(arabic_site):
    assert nu_errors(arabic_site) == []


def test_nu_checker_finds_no_error_on_any_page_of_a_2000_entry_site(big_site):
    assert len(html_pages(big_site)) > 2000
    assert nu_errors(big_site) == []


def test_nu_checker_is_not_a_rubber_stamp(tmp_path):
    (tmp_path / "bad.html").write_text("<!doctype html><html lang=en><title>x</title><p id=a><p id=a>", encoding="utf-8")
    assert any("Duplicate ID" in line for line in nu_errors(tmp_path))


# -- axe-core ------------------------------------------------------------------------------------------

def axe_violations(page, url: str, scheme: str) -> list[str]:
    page.emulate_media(color_scheme=scheme)
    page.goto(url)
    page.add_script_tag(path=str(npm_file("axe-core/axe.min.js")))
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
    }""")
    return [f"{url} ({scheme}): {v['id']} [{v['impact']}] at {v['nodes']}" for v in found if v["impact"] in IMPACTS]


def test_axe_finds_nothing_serious_on_any_page_of_the_bundled_site_light_and_dark(bundled_site, page):
    problems = []
    with serve(bundled_site) as origin:
        for path in html_pages(bundled_site):
            for scheme in ("light", "dark"):
                problems += axe_violations(page, origin + path, scheme)
    assert problems == []
    assert page.problems == []


def test_axe_finds_nothing_serious_on_the_ukrainian_and_arabic_pages_light_and_dark(bundled_site, arabic_site, page):
    """The bundled site's /uk/ pages are in the test above; this one names them, and the Arabic
    (right-to-left) site's."""
    problems = []
    assert [p for p in html_pages(bundled_site) if p.startswith("/uk/")]
    with serve(arabic_site) as origin:
        for path in html_pages(arabic_site):
            for scheme in ("light", "dark"):
                problems += axe_violations(page, origin + path, scheme)
        page.goto(origin + "/")
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        year = page.evaluate("(s => [s.paddingLeft, s.paddingRight])(getComputedStyle(document.querySelector('.year')))")
        assert year == ["0px", "32px"]  # the rail and its dots are on the right, where an Arabic line starts
    assert problems == []
    assert page.problems == []


def test_the_filter_speaks_ukrainian_with_its_plurals(bundled_site, page):
    with serve(bundled_site) as origin:
        page.goto(origin + "/uk/")
        page.fill("#filter-q", "Вільнюс")
        page.wait_for_function("document.getElementById('filter-count').textContent.includes('з')")
        assert count_text(page) == "3 з 8 подій"  # "вільнюським" too: the search matches within words
        page.fill("#filter-q", "саміт апулії")  # both words, in a title or a body: the summit's own first
        page.wait_for_function("document.getElementById('filter-count').textContent.startsWith('5 ')")
        assert count_text(page) == "5 з 8 подій"
        assert shown_titles(page)[0] == "Саміт G7 в Апулії"
        page.fill("#filter-q", "")
        page.wait_for_function("document.getElementById('filter-count').textContent.startsWith('Усього')")
        assert count_text(page) == "Усього 8 подій"


def test_axe_finds_nothing_serious_on_a_2000_entry_site(big_site, page):
    paths = html_pages(big_site)
    if os.environ.get("FULL_AUDIT", "").startswith("1"):  # "1", or "1:i/n" for the i-th of n shards
        shard = os.environ["FULL_AUDIT"].partition(":")[2]
        if shard:
            index, count = map(int, shard.split("/"))
            paths = paths[index::count]
    else:
        kinds = {}
        for path in paths:  # one page of each type: the first and second of each folder
            folder = path.strip("/").split("/")[0]
            if len(kinds.setdefault(folder, [])) < 2:
                kinds[folder].append(path)
        paths = sorted({p for group in kinds.values() for p in group} | {"/page/2/", "/404.html"})
    problems = []
    with serve(big_site) as origin:
        for path in paths:
            for scheme in ("light", "dark"):
                problems += axe_violations(page, origin + path, scheme)
        page.goto(origin + "/?kind=summit&q=party")  # the script's own markup too
        page.wait_for_selector("#filter-results .event")
        page.add_script_tag(path=str(npm_file("axe-core/axe.min.js")))
        filtered = page.evaluate("async () => (await axe.run()).violations.filter("
                                 "v => ['serious', 'critical'].includes(v.impact)).map(v => v.id)")
    assert problems == [] and filtered == []
    assert page.problems == []


def test_axe_is_not_a_rubber_stamp(page, tmp_path):
    (tmp_path / "index.html").write_text('<!doctype html><html lang="en"><title>x</title>'
                                         '<p style="color:#eee;background:#fff">faint</p><img src="data:,">',
                                         encoding="utf-8")
    with serve(tmp_path) as origin:
        assert axe_violations(page, origin + "/", "light")


# -- the filter and search ---------------------------------------------------------------------------------

def count_text(page) -> str:
    return page.text_content("#filter-count").strip()


def shown_titles(page) -> list[str]:
    return page.eval_on_selector_all("#filter-results .event-title", "nodes => nodes.map(n => n.textContent.trim())")


def test_filter_by_kind_and_search_update_the_list_the_count_and_the_url(bundled_site, page):
    with serve(bundled_site) as origin:
        page.goto(origin + "/")
        assert page.is_visible("#filter") and page.is_hidden("#filter-results")
        page.select_option("#filter-kind", "summit")
        page.wait_for_function("document.getElementById('filter-count').textContent.includes(' of ')")
        assert count_text(page) == "3 of 8 events"
        assert sorted(shown_titles(page)) == ["G7 summit in Apulia", "International Summit of Cities and Regions in Kyiv",
                                              "NATO summit in Vilnius"]
        assert page.url == origin + "/?kind=summit"
        assert page.is_hidden("#timeline-list")
        page.fill("#filter-q", "APULIA italy")  # every word, any case, in any field
        page.wait_for_function("document.getElementById('filter-count').textContent.startsWith('1 ')")
        assert shown_titles(page) == ["G7 summit in Apulia"]
        assert page.url == origin + "/?q=APULIA+italy&kind=summit"
        page.select_option("#filter-kind", "")
        page.select_option("#filter-party", "japan")
        page.fill("#filter-q", "")
        events = json.loads((bundled_site / "events.json").read_text(encoding="utf-8"))["events"]
        with_japan = sorted(e["title"] for e in events if "japan" in [p["id"] for p in e["parties"]])
        page.wait_for_function(f"document.getElementById('filter-count').textContent.startsWith('{len(with_japan)} ')")
        assert sorted(shown_titles(page)) == with_japan
        page.click("button[type=reset]")
        page.wait_for_function("document.getElementById('filter-count').textContent === 'All 8 events'")
        assert page.is_visible("#timeline-list") and page.is_hidden("#filter-results")
        assert page.url == origin + "/"
    assert page.problems == []


def test_year_and_status_filters_and_a_span_counted_in_every_year_it_covers(bundled_site, page):
    with serve(bundled_site) as origin:
        page.goto(origin + "/?year=2023")
        page.wait_for_function("document.getElementById('filter-count').textContent.includes(' of ')")
        titles = shown_titles(page)
        assert "Fourteen countries sign bilateral security agreements with Ukraine" in titles  # 2023-2024
        assert len(titles) == 3
        page.goto(origin + "/?status=held")
        page.wait_for_function("document.getElementById('filter-count').textContent.includes(' of ')")
        assert count_text(page) == "3 of 8 events" and page.input_value("#filter-status") == "held"


def test_the_url_holds_the_state_and_the_back_button_undoes_a_change(bundled_site, page):
    with serve(bundled_site) as origin:
        page.goto(origin + "/?kind=agreement&q=japan")
        page.wait_for_function("document.getElementById('filter-count').textContent.includes(' of ')")
        assert page.input_value("#filter-kind") == "agreement" and page.input_value("#filter-q") == "japan"
        assert count_text(page) == "3 of 8 events"  # the agreement with Japan, and two whose text names it
        page.select_option("#filter-kind", "announcement")  # (the pledge's text names Japan too)
        page.wait_for_function("document.getElementById('filter-count').textContent.startsWith('0 ')")
        assert page.is_visible(".filter-none")
        page.go_back()
        page.wait_for_function("document.getElementById('filter-count').textContent.startsWith('3 ')")
        assert page.input_value("#filter-kind") == "agreement" and page.url.endswith("?kind=agreement&q=japan")
        page.goto(origin + "/?kind=no-such-kind")  # a value no option has: ignored, not an error
        assert page.input_value("#filter-kind") == ""
    assert page.problems == []


def expected_titles(site: Path, word: str, kind: str = "") -> list[str]:
    """The events whose title, summary, place or party names contain `word`, from events.json."""
    events = json.loads((site / "events.json").read_text(encoding="utf-8"))["events"]
    return sorted(e["title"] for e in events if (not kind or e["kind"] == kind) and word in " ".join(
        [e["title"], e["summary"] or "", e["location"] or "", *(p["name"] for p in e["parties"])]).lower())


def test_the_filter_works_from_the_keyboard_alone(bundled_site, page):
    with serve(bundled_site) as origin:
        page.goto(origin + "/")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        for _ in range(60):  # Tab until the search box has the focus
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "filter-q":
                break
        else:
            pytest.fail("the search box cannot be reached with Tab")
        page.keyboard.type("vilnius")
        page.keyboard.press("Enter")  # does not reload the page
        page.wait_for_function("document.getElementById('filter-count').textContent.includes(' of ')")
        assert sorted(shown_titles(page)) == expected_titles(bundled_site, "vilnius")
        assert count_text(page) == f"{len(expected_titles(bundled_site, 'vilnius'))} of 8 events"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "filter-kind"
        page.keyboard.press("ArrowDown")  # a native select: arrows pick, as everywhere
        expected = expected_titles(bundled_site, "vilnius", "summit")
        page.wait_for_function(f"document.getElementById('filter-count').textContent.startsWith('{len(expected)} ')")
        assert page.input_value("#filter-kind") == "summit" and sorted(shown_titles(page)) == expected
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.type") == "reset"
        page.keyboard.press("Enter")
        page.wait_for_function("document.getElementById('filter-count').textContent === 'All 8 events'")


def test_the_script_leaves_keys_alone_outside_the_form(bundled_site, page):
    with serve(bundled_site) as origin:
        page.goto(origin + "/")
        cancelled = page.evaluate("""() => ["ArrowLeft", "ArrowRight", "End", "Home", " ", "/", "f", "Escape"].filter(key => {
            const event = new KeyboardEvent("keydown", {key, bubbles: true, cancelable: true});
            document.body.dispatchEvent(event);
            return event.defaultPrevented;
        })""")
        assert cancelled == []
        assert page.url == origin + "/"


def only_in_one_body(site: Path, language: str = "") -> tuple[str, str]:
    """(a word, the address of the one event whose body holds it) where no title or summary does."""
    events = json.loads((site / language / "events.json").read_text(encoding="utf-8"))["events"]
    words = {e["url"]: set(re.findall(r"\w{7,}", BeautifulSoup(e["body_html"], "html.parser").get_text().lower()))
             for e in events}
    shown = {w for e in events for w in re.findall(r"\w+", f"{e['title']} {e['summary']}".lower())}
    for url, own in words.items():
        for word in sorted(own - shown):
            if not any(word[:5] in other for u, others in words.items() if u != url for other in others):
                return word, url
    raise AssertionError("no word only one body has")


def test_search_finds_a_word_only_one_body_has_in_each_language_from_the_site_alone(bundled_site, page):
    """The search reads bodies, and each language's index its own pages: a word only one English
    body has finds that event; a word only one Ukrainian body has finds the Ukrainian page; every
    request stays on the site."""
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    with serve(bundled_site) as origin:
        for language in ("", "uk"):
            word, url = only_in_one_body(bundled_site, language)
            page.goto(origin + "/" + (language + "/" if language else "") + "?q=" + word)
            page.wait_for_function("document.querySelector('#filter-results .event') !== null")
            links = page.eval_on_selector_all("#filter-results .event-title a", "ns => ns.map(n => n.pathname)")
            assert links[0] == urlsplit(url).path, (word, links)
            assert page.is_visible("#filter-results .excerpt mark")  # the word, shown where it is
        page.goto(origin + "/?q=" + only_in_one_body(bundled_site, "uk")[0])  # Ukrainian words: not in English pages
        page.wait_for_function("document.getElementById('filter-count').textContent.startsWith('0 ')")
        page.goto(origin + "/?q=signing")  # stemmed: "sign", "signed" and "signing" are one word
        page.wait_for_function("document.querySelector('#filter-results .event') !== null")
        assert "Fourteen countries sign bilateral security agreements with Ukraine" in shown_titles(page)
    assert requested and all(url.startswith(origin) for url in requested), [u for u in requested if origin not in u]
    assert page.problems == []


# What the README's "Search" section says a host's Content-Security-Policy needs, and nothing more.
CSP = ("default-src 'none'; script-src 'self'; connect-src 'self'; "
       "style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'; base-uri 'none'; form-action 'self'")


def test_search_works_under_the_content_security_policy_the_readme_gives(bundled_site, page):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "default-src 'none'; script-src 'self'; connect-src 'self';\n" in readme
    with serve(bundled_site, headers={"Content-Security-Policy": CSP}) as origin:
        page.goto(origin + "/?q=apulia&kind=summit")  # (Playwright's waits that evaluate text are refused too)
        page.wait_for_selector("#filter-results .event")
        assert page.locator("#filter-results .event-title").all_inner_texts() == ["G7 summit in Apulia"]
        page.goto(origin + "/uk/?q=саміт")
        page.wait_for_selector("#filter-results .event")
    assert page.problems == []  # a refused script, worker, fetch or style would be a console error here


def test_a_search_with_many_results_draws_twenty_and_the_next_twenty_on_request(big_site, page):
    with serve(big_site) as origin:
        page.goto(origin + "/?kind=summit")
        page.wait_for_function("document.getElementById('filter-count').textContent.includes(' of 2000 ')")
        found = int(count_text(page).split()[0])
        assert found > 40
        assert len(page.query_selector_all("#filter-results .event")) == 20
        years = page.eval_on_selector_all("#filter-results .year-heading", "ns => ns.map(n => n.textContent)")
        assert years == sorted(years, reverse=True)  # with choices alone: the timeline's order, newest first
        page.focus("#filter-results button.filter-more")
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelectorAll('#filter-results .event').length === 40")
        focused = page.evaluate("document.activeElement.closest('.event') !== null")
        assert focused  # the reader goes on at the first card added
        assert page.evaluate("document.activeElement.textContent") == \
            page.eval_on_selector_all("#filter-results .event-title a", "ns => ns[20].textContent")
    assert page.problems == []


def test_search_in_tiny_pieces_finds_what_the_words_mean(project, page, monkeypatch):
    """The index cut into pieces of four forms and lists of a few dozen bytes, so that a word's
    forms and a prefix's run across chunks: stems ("treaties" is "treaty"), a form the text lacks
    ("drafting", when the text has "drafted" and other words in -ing), a word being typed ("talk",
    "para": six words over two chunks),
    every word at once, and a filter with words."""
    from generator.outputs import search_index
    monkeypatch.setattr(search_index, "FORMS_PER_CHUNK", 4)
    monkeypatch.setattr(search_index, "POSTINGS_BYTES", 60)
    (project.root / "content/japan-agreement.md").unlink()
    summaries = ["The treaty was drafted at the talks", "Treaties drafted by ministers", "Talking about a treaty",
                 "Ministers talked", "A summit without words", "The meeting went on"]
    summaries += [f"Filler {word}" for word in ("paradigm", "paragon", "paragraph", "parallel", "paramount", "parapet")]
    for n, summary in enumerate(summaries):
        kind = 'kind: summit\nstatus: held' if n == 2 else "kind: agreement\nstatus: signed"
        project.write(f"content/e{n:02d}.md", entry(title=f'"Event {n:02d}"', summary=f'"{summary}"', kind=kind.split("\n")[0][6:],
                                                    status=kind.split("\n")[1][8:], date=f'"2024-01-{n + 1:02d}"'))
    assert project.build().code == 0
    assert len(json.loads((project.root / "_site/search/en-gb/index.json").read_text(encoding="utf-8"))["forms"]) > 5
    queries = {"treaty": {0, 1, 2}, "drafting": {0, 1}, "talk": {0, 2, 3}, "treaty talk": {0, 2},
               "ministers": {1, 3}, "para": {6, 7, 8, 9, 10, 11}, "filler parap": {11}, "nothingatall": set()}
    with serve(project.root / "_site") as origin:
        for query, expected in queries.items():
            page.goto(origin + "/?q=" + query)
            page.wait_for_function("document.getElementById('filter-count').textContent.includes(' of ')")
            assert {int(title.split()[1]) for title in shown_titles(page)} == expected, query
        page.goto(origin + "/?kind=summit&q=treaty")
        page.wait_for_function("document.getElementById('filter-count').textContent.includes(' of ')")
        assert shown_titles(page) == ["Event 02"]
    assert page.problems == []


def test_search_text_and_markup_are_inert(project, page, tmp_path):
    project.write("content/japan-agreement.md", entry(title='"<img src=x onerror=alert(1)> Zürich talks"'))
    assert project.build().code == 0
    with serve(project.root / "_site") as origin:
        page.goto(origin + "/?q=zurich")  # accents folded
        page.wait_for_function("document.getElementById('filter-count').textContent.includes(' of ')")
        assert shown_titles(page) == ["<img src=x onerror=alert(1)> Zürich talks"]
        assert page.query_selector("#filter-results img") is None
    assert page.problems == []


def test_with_scripts_off_every_event_and_the_browse_links_are_there(bundled_site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    with serve(bundled_site) as origin:
        page.goto(origin + "/?kind=summit")
        assert page.is_hidden("#filter")
        assert len(page.query_selector_all("#timeline-list .event")) == 8
        page.click(".site-nav a[href='/kinds/']")
        page.click("a[href='/kinds/summit/']")
        assert page.url == origin + "/kinds/summit/"
        assert len(page.query_selector_all(".event")) == 3
    context.close()


def test_print_shows_every_event_and_no_chrome(bundled_site, page):
    with serve(bundled_site) as origin:
        page.goto(origin + "/?kind=summit")
        page.wait_for_function("document.getElementById('filter-count').textContent.includes(' of ')")
        page.emulate_media(media="print")
        visible = page.eval_on_selector_all("#timeline-list .event", "ns => ns.filter(n => n.offsetParent).length")
        assert visible == 8  # the whole timeline, even with a filter on screen
        for selector in (".site-header", ".filter", "#filter-results", ".overview", ".site-footer"):
            assert page.is_hidden(selector), selector


# -- a paginated timeline --------------------------------------------------------------------------------

def events_on(site: Path, page: str) -> list[dict]:
    """The events a built timeline page lists: their slugs and titles."""
    html = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    return [{"slug": li["id"], "title": li.select_one(".event-title").get_text()}
            for li in html.select("#timeline-list li.event")]


def test_a_large_timeline_is_paged_by_year_and_the_filter_covers_every_page(big_site, page):
    on_later_page = events_on(big_site, "page/3/index.html")[0]
    with serve(big_site) as origin:
        page.goto(origin + "/")
        labels = page.eval_on_selector_all(".pagination li a", "ns => ns.map(n => n.textContent)")
        assert len(labels) > 3 and page.get_attribute(".pagination a[aria-current=page]", "href") == "/"
        assert len(page.query_selector_all("#timeline-list .event")) <= 200
        page.fill("#filter-q", on_later_page["title"])
        page.wait_for_function("document.getElementById('filter-count').textContent.includes(' of 2000 ')")
        assert on_later_page["title"] in shown_titles(page)
        page.goto(origin + "/#" + on_later_page["slug"])  # an anchor to an event on another page
        page.wait_for_url(f"**/page/3/#{on_later_page['slug']}")
        assert page.is_visible(f"[id='{on_later_page['slug']}']")
        strip = page.eval_on_selector_all(".overview-strip a", "ns => ns.map(n => n.getAttribute('aria-label'))")
        assert strip and all(": " in label and "event" in label for label in strip)  # a bar per year
    assert page.problems == []


def test_the_overview_strip_has_a_named_link_per_event(bundled_site, page):
    with serve(bundled_site) as origin:
        page.goto(origin + "/")
        labels = page.eval_on_selector_all(".overview-strip a", "ns => ns.map(n => n.getAttribute('aria-label'))")
        assert len(labels) == 8
        assert "June 2024: Ukraine and Japan sign a bilateral security agreement (Agreement)" in labels
        boxes = page.eval_on_selector_all(".overview-strip a", "ns => ns.map(n => n.getBBox().width)")
        japan = labels.index("June 2024: Ukraine and Japan sign a bilateral security agreement (Agreement)")
        assert boxes[japan] > 30  # a month drawn as a month, not a point on the 1st


def tab_to(page, selector: str, most: int = 300) -> None:
    """A keyboard-only walk: Tab until the focus is on an element matching `selector`."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{most} presses of Tab never reached {selector}")


def shown_days(page) -> tuple[str, str]:
    """The days the zoomed strip shows, as the script says (its first, and the day after its last)."""
    first, _, after = page.get_attribute("svg.overview-strip", "data-view").partition("/")
    return first, after


def wait_for_view(page, condition: str) -> None:
    """Until the strip's window (first, after: ISO days) meets `condition`, and its animation has ended."""
    page.wait_for_function("""condition => {
        const svg = document.querySelector("svg.overview-strip"), [first, after] = svg.dataset.view.split("/");
        const days = (Date.parse(after) - Date.parse(first)) / 864e5;
        const settled = svg.dataset.view === svg.dataset.seen;
        svg.dataset.seen = svg.dataset.view;
        return settled && new Function("first", "after", "days", "return " + condition)(first, after, days);
    }""", arg=condition, polling=100)


def test_without_scripts_the_overview_zooms_from_decades_to_months_by_its_links_from_the_keyboard(big_site, browser):
    """The 2,000-event timeline (1990-2024), scripts off, by keyboard alone: the whole strip's
    links lead in to a decade, the decade's to a year drawn by month, and out again."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    with serve(big_site) as origin:
        page.goto(origin + "/")
        assert page.eval_on_selector_all("nav.zoom .zoom-in a", "ns => ns.map(n => n.getAttribute('href'))") == [
            "/decades/1990s/", "/decades/2000s/", "/decades/2010s/", "/decades/2020s/"]
        tab_to(page, "nav.zoom .zoom-in a")
        page.keyboard.press("Enter")
        page.wait_for_url("**/decades/1990s/")
        assert page.get_attribute("svg.overview-strip", "data-start") == "1990-01-01"
        assert len(page.query_selector_all("svg.overview-strip a .year-bar")) == 10
        tab_to(page, 'nav.zoom .zoom-in a[href="/years/1995/"]')
        page.keyboard.press("Enter")
        page.wait_for_url("**/years/1995/")
        ticks = page.eval_on_selector_all("svg.overview-strip .ticks tspan", "ns => ns.map(n => n.textContent)")
        assert ticks[:3] == ["1995", "Feb", "Mar"]  # by month
        marks = page.eval_on_selector_all("svg.overview-strip .marks a", "ns => ns.map(n => n.getAttribute('href'))")
        assert len(marks) > 20 and all(href.startswith("/events/") for href in marks)
        assert page.query_selector(".zoom-tools") is None
        tab_to(page, 'nav.zoom .zoom-out a[href="/decades/1990s/"]')
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")  # the next: the whole timeline
        page.wait_for_url(origin + "/")
    context.close()


def test_with_scripts_the_overview_zooms_and_pans_smoothly_and_leaves_the_pages_keys_and_scroll_alone(
        bundled_site, arabic_site, page):
    """Keys zoom and pan while the focus is in the strip (the strip itself, or a mark), the buttons
    do from the keyboard, Ctrl and the wheel (a pinch) zoom at the pointer; the same keys elsewhere
    and the plain wheel are the page's. Every mark in the window is drawn within the strip, the
    others hidden; axe finds nothing serious on the zoomed strip. In Arabic, the arrows follow
    time's direction, right to left."""
    with serve(bundled_site) as origin:
        page.goto(origin + "/")
        tab_to(page, "svg.overview-strip")
        whole = shown_days(page)
        assert whole == ("2023-06-01", "2024-08-01")
        page.keyboard.press("+")
        wait_for_view(page, "days < 220 && days > 200")
        middle = shown_days(page)
        assert page.text_content(".zoom-tools output")  # says what it shows
        page.keyboard.press("ArrowRight")
        wait_for_view(page, f"first > '{middle[0]}'")
        drawn = page.evaluate("""() => {
            const svg = document.querySelector("svg.overview-strip"), box = svg.getBoundingClientRect();
            const [first, after] = svg.dataset.view.split("/");
            return [...svg.querySelectorAll(".marks a")].map(a => {
                const r = a.getBoundingClientRect(), inView = a.dataset.to > first && a.dataset.from < after;
                return [inView, a.style.visibility !== "hidden", r.left >= box.left - 1 && r.right <= box.right + 1];
            });
        }""")
        assert [shown for _, shown, _ in drawn] == [in_view for in_view, _, _ in drawn], drawn
        assert all(inside for _, shown, inside in drawn if shown)
        assert any(shown for _, shown, _ in drawn) and not all(shown for _, shown, _ in drawn)
        page.add_script_tag(path=str(npm_file("axe-core/axe.min.js")))
        found = page.evaluate("async () => (await axe.run()).violations.map(v => [v.id, v.impact])")
        assert [v for v in found if v[1] in IMPACTS] == [], found
        page.keyboard.press("0")
        wait_for_view(page, f"first === '{whole[0]}' && after === '{whole[1]}'")
        page.keyboard.press("Tab")  # a mark in the strip: its keys still zoom
        assert page.evaluate("document.activeElement.closest('svg.overview-strip') !== null")
        page.keyboard.press("-")  # already whole: nothing to zoom out to
        page.keyboard.press("=")
        wait_for_view(page, "days < 220")
        tab_to(page, ".zoom-tools button:not([disabled])")  # the buttons, from the keyboard
        label = page.evaluate("document.activeElement.textContent")
        assert label == "Zoom in"
        page.keyboard.press("Enter")
        wait_for_view(page, "days < 110")
        cancelled = page.evaluate("""() => ["+", "-", "0", "=", "ArrowLeft", "ArrowRight"].filter(key => {
            const event = new KeyboardEvent("keydown", {key, bubbles: true, cancelable: true});
            document.querySelector("h1").dispatchEvent(event);
            return event.defaultPrevented;
        })""")
        assert cancelled == []
        before, scrolled = shown_days(page), page.evaluate("scrollY")
        box = page.query_selector("svg.overview-strip").bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.wheel(0, 200)  # the page scrolls; the strip keeps its window
        page.wait_for_function(f"scrollY > {scrolled}")
        assert shown_days(page) == before
        box = page.query_selector("svg.overview-strip").bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.keyboard.down("Control")
        page.mouse.wheel(0, 100)  # a pinch outwards
        page.keyboard.up("Control")
        wait_for_view(page, "days > 110")
    with serve(arabic_site) as origin:
        page.goto(origin + "/")
        tab_to(page, "svg.overview-strip")
        page.keyboard.press("+")
        wait_for_view(page, "days < 220")
        first = shown_days(page)[0]
        page.keyboard.press("ArrowLeft")  # towards later days, where time runs right to left
        wait_for_view(page, f"first > '{first}'")
    assert page.problems == []


def test_eras_are_bands_on_the_strip_and_headings_in_the_list_in_both_directions(bundled_site, tmp_path, page):
    """The bundled timeline's two eras: each band drawn over its months with its name inside it (in
    Arabic too, where time runs right to left), and each a heading over its events."""
    arabic = tmp_path / "arabic"
    for name in ("content", "seeds"):
        shutil.copytree(REPO / name, arabic / name)
    for translation in (arabic / "content").glob("*.uk.md"):
        translation.unlink()
    config = (REPO / "timeline.toml").read_text(encoding="utf-8")
    eras = re.sub(  # the [[eras]] tables, their Ukrainian words left out
        r"\[eras\.uk\]\ntitle = .*\ndescription = .*\n", "", config[config.index("[[eras]]"):])
    head = config.split("[languages.")[0].replace('language = "en-GB"', 'language = "ar"')
    (arabic / "timeline.toml").write_text(head + eras, encoding="utf-8")
    build(arabic)
    for site, path, rtl in ((bundled_site, "/", False), (arabic / "_site", "/", True)):
        with serve(site) as origin:
            page.goto(origin + path)
            bands = page.eval_on_selector_all(".overview-strip .era-band",
                                              "ns => ns.map(n => { const r = n.getBoundingClientRect(); "
                                              "return [r.left, r.right, r.width]; })")
            names = page.eval_on_selector_all(".overview-strip .era-name",
                                              "ns => ns.map(n => { const r = n.getBoundingClientRect(); "
                                              "return [n.textContent, r.left, r.right]; })")
            assert len(bands) == 2 and all(width > 100 for _, _, width in bands), bands
            pledge, agreements = bands
            assert (pledge[0] > agreements[0]) == rtl  # the earlier era at the start of time's direction
            for (left, right, _), (_, name_left, name_right) in zip(bands, names):
                assert left <= name_left < right and name_right > name_left  # drawn, inside its band
            headings = page.eval_on_selector_all(".era-heading h2", "ns => ns.map(n => n.textContent)")
            assert len(headings) == 2
            assert page.is_visible(".era-heading h2")
            under = page.eval_on_selector_all(".era", "ns => ns.map(n => n.querySelectorAll('.event').length)")
            assert sum(under) == 8


def test_the_filters_cards_mark_an_untranslated_event_as_the_pages_do(tmp_path, page):
    """On /uk/, an entry without its Ukrainian translation is drawn by the filter in English with
    lang="en-GB" on its texts and the visible 'not yet translated' badge; a translated one is not."""
    root = tmp_path / "site"
    for name in ("content", "seeds"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "timeline.toml", root / "timeline.toml")
    (root / "content/g7-pledge-vilnius-2023.uk.md").unlink()
    build(root)
    with serve(root / "_site") as origin:
        page.goto(origin + "/uk/?q=g7")
        page.wait_for_selector("#filter-results .event")
        cards = page.eval_on_selector_all("#filter-results .event", """nodes => nodes.map(n => ({
            title: n.querySelector('.event-title a').textContent, lang: n.querySelector('.event-title a').lang,
            summary: (n.querySelector('.summary') || {}).lang,
            badge: (n.querySelector('.badge.untranslated') || {}).textContent || ''}))""")
    pledge = next(card for card in cards if card["title"] == "G7 pledge on security agreements with Ukraine")
    assert pledge == {**pledge, "lang": "en-GB", "summary": "en-GB", "badge": "Ще не перекладено"}
    translated = [card for card in cards if card is not pledge]
    assert translated and all(card["badge"] == "" and card["lang"] == "" for card in translated)
    assert page.problems == []


# -- the filter's controls in every bundled language ---------------------------------------------------------

@pytest.fixture(scope="module")
def sites_in_every_language(tmp_path_factory) -> dict[str, Path]:
    """The bundled timeline as a site in each language a catalog ships for (its Ukrainian
    translations set aside for the others, so every page is in the one language)."""
    sites = {}
    for code in ("en-GB", "uk", "de", "ar"):
        root = tmp_path_factory.mktemp(f"language-{code}")
        for name in ("content", "seeds"):
            shutil.copytree(REPO / name, root / name)
        for translation in (root / "content").glob("*.uk.md"):
            translation.unlink()
        config = (REPO / "timeline.toml").read_text(encoding="utf-8").split("[languages.")[0]
        (root / "timeline.toml").write_text(config.replace('language = "en-GB"', f'language = "{code}"'),
                                            encoding="utf-8")
        build(root)
        sites[code] = root / "_site"
    return sites


CUT_CONTROLS = """() => {
  const canvas = document.createElement('canvas').getContext('2d');
  const cut = [];
  for (const select of document.querySelectorAll('#filter select')) {
    const style = getComputedStyle(select);
    canvas.font = style.font;
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const text = select.options[select.selectedIndex].text;
    if (canvas.measureText(text).width > room + 0.5) cut.push(`${select.id}: "${text}" in ${room}px`);
  }
  for (const element of document.querySelectorAll('#filter label, #filter button')) {
    if (element.scrollWidth > element.clientWidth + 0.5) cut.push(`${element.textContent.trim()}: cut`);
  }
  const form = document.getElementById('filter').getBoundingClientRect();
  for (const control of document.querySelectorAll('#filter select, #filter input, #filter button')) {
    if (!control.getClientRects().length) continue;  // not drawn at this width ("Show the events" on a phone only)
    const box = control.getBoundingClientRect();
    if (box.left < form.left - 0.5 || box.right > form.right + 0.5) cut.push(`${control.id || control.type}: outside`);
  }
  return cut;
}"""


@pytest.mark.parametrize("width", [320, 375, 768, 1024, 1280])
def test_every_filter_control_shows_its_whole_text_in_every_language(sites_in_every_language, browser, width):
    """A select's shown text ("Alle Beteiligten", "Будь-який статус") fits inside its box, and
    neither label nor button is clipped, from a narrow phone to a desktop."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    cut = {}
    for code, site in sites_in_every_language.items():
        with serve(site) as origin:
            page.goto(origin + "/")
            if page.is_visible(".filter-toggle"):  # a phone: the filter is behind its button
                page.click(".filter-toggle")
            page.wait_for_selector("#filter select")
            assert page.eval_on_selector_all("#filter select", "nodes => nodes.length") >= 4
            if found := page.evaluate(CUT_CONTROLS):
                cut[code] = found
    context.close()
    assert cut == {}


# -- screenshots -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("width, height, name", [(320, 900, "narrow"), (375, 1400, "phone"), (1280, 1400, "desktop")])
def test_screenshots_for_review(bundled_site, arabic_site, browser, width, height, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
        page = context.new_page()
        shots = [(bundled_site, "/", "timeline"), (bundled_site, "/events/g7-summit-2024-apulia/", "event"),
                 (bundled_site, "/uk/", "timeline-uk"), (bundled_site, "/uk/events/g7-summit-2024-apulia/", "event-uk"),
                 (arabic_site, "/", "timeline-ar"), (arabic_site, "/events/g7-summit-2024-apulia/", "event-ar")]
        for site, path, label in shots:
            if scheme == "dark" and label in ("timeline", "event"):
                continue  # the English site's shots stay as the README shows them
            with serve(site) as origin:
                page.goto(origin + path)
                assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
                suffix = "" if scheme == "light" else "-dark"
                page.screenshot(path=str(SCREENSHOTS / f"{label}-{name}{suffix}.png"))
        context.close()
    assert (SCREENSHOTS / f"timeline-{name}.png").stat().st_size > 10_000



def test_go_to_a_date_lands_on_the_page_holding_it_at_the_nearest_event_by_keyboard(big_site, page):
    """A paginated timeline's "Go to a date": reached with Tab after the pages' links, takes the
    reader to the page holding the day (the pages' links say which days each holds) and focuses the
    card starting nearest to it; without scripts it is hidden (the pages' links are the jump)."""
    third = BeautifulSoup((big_site / "page/3/index.html").read_text(encoding="utf-8"), "html.parser")
    link = third.select_one(".pagination a[aria-current=page]")
    days = [t["datetime"] for t in third.select("#timeline-list li.event .event-date time:first-of-type")
            if len(t["datetime"]) == 10]
    day = sorted(days)[len(days) // 3]  # a day an event of page 3 starts on
    with serve(big_site) as origin:
        page.goto(origin + "/")
        page.evaluate("[...document.querySelector('nav.pagination').querySelectorAll('a')].pop().focus()")
        page.keyboard.press("Tab")  # from the pages' links (and their Older/Newer steps) to the date
        assert page.evaluate("document.activeElement.id") == "jump-date"
        page.fill("#jump-date", day)
        page.keyboard.press("Enter")
        page.wait_for_url(f"**{link['href']}#on-{day}")
        page.wait_for_function("document.activeElement.closest('li.event') !== null")
        focused = page.evaluate("document.activeElement.closest('li.event').querySelector('.event-date time')"
                                ".getAttribute('datetime')")
        assert focused == day
        assert page.evaluate("document.activeElement.getBoundingClientRect().top") < page.viewport_size["height"]
        page.add_script_tag(path=str(npm_file("axe-core/axe.min.js")))
        found = page.evaluate("async () => (await axe.run()).violations.map(v => [v.id, v.impact])")
        assert [v for v in found if v[1] in IMPACTS] == [], found
        page.focus("#jump-date")  # on the same page: no navigation, the nearest card
        page.fill("#jump-date", days[0])
        page.keyboard.press("Enter")
        page.wait_for_function(f"document.activeElement.closest('li.event') && document.activeElement.closest("
                               f"'li.event').querySelector('time').getAttribute('datetime') === '{days[0]}'")
    assert page.problems == []
    context = page.context.browser.new_context(java_script_enabled=False)
    still = context.new_page()
    with serve(big_site) as origin:
        still.goto(origin + "/")
        assert not still.is_visible("#jump") and still.is_visible(".pagination")
    context.close()


def test_an_embed_opens_at_its_start_event_even_on_another_page(big_site, page):
    later = {**events_on(big_site, "page/2/index.html")[3], "page": "/page/2/"}  # on a later page of the timeline
    first_page = events_on(big_site, "index.html")
    here = first_page[len(first_page) // 2]  # on the embed's first page, with events before it
    with serve(big_site) as origin:
        page.goto(origin + f"/embed/?start={here['slug']}")
        assert page.get_attribute(f"#{here['slug']}", "class").endswith("start")
        hidden = page.eval_on_selector_all("#timeline-list .events > li[hidden]", "nodes => nodes.length")
        assert hidden > 0 and page.is_visible("button.show-earlier")
        page.click("button.show-earlier")
        assert page.eval_on_selector_all("#timeline-list .events > li[hidden]", "nodes => nodes.length") == 0
        page.goto(origin + f"/embed/?start={later['slug']}&controls=1&theme=dark")
        page.wait_for_url(origin + "/embed" + later["page"] + f"?start={later['slug']}&controls=1&theme=dark")
        page.wait_for_selector(f"#{later['slug']}.start")
        assert page.is_visible("#filter")  # the embed's options came along
        assert page.get_attribute("html", "data-theme") == "dark"
        pages = page.eval_on_selector_all(".pagination a[target=_self]", "links => links.map(a => a.href)")
        assert pages and all("controls=1" in href and "theme=dark" in href for href in pages)


# -- a phone's first screen ---------------------------------------------------------------------------

def test_a_phones_first_screen_shows_an_event_and_the_filter_folds_behind_one_button(bundled_site, browser):
    """At 375 x 667 the first event card starts on the first screen, with scripts and without, in
    both languages; the filter and search sit behind one button (a popover: no script opens it),
    open with the keyboard, filter, and close again; axe finds nothing serious there."""
    with serve(bundled_site) as origin:
        for scripts in (True, False):
            context = browser.new_context(viewport={"width": 375, "height": 667}, java_script_enabled=scripts)
            page = context.new_page()
            for path in ("/", "/uk/"):
                page.goto(origin + path)
                top = page.evaluate("document.querySelector('#timeline-list .event').getBoundingClientRect().top")
                assert top < 667 - 60, (scripts, path, top)  # the card's first lines, not only its edge
                assert not page.is_visible("#filter")
                assert page.is_visible(".filter-toggle") == scripts  # without scripts there is nothing to filter with
            context.close()
        context = browser.new_context(viewport={"width": 375, "height": 667})
        page = context.new_page()
        page.goto(origin + "/")
        page.focus(".filter-toggle")
        page.keyboard.press("Enter")
        assert page.is_visible("#filter") and page.is_visible("#filter-kind")
        page.select_option("#filter-kind", "summit")
        page.wait_for_function("location.search.includes('kind=summit')")
        page.wait_for_selector("#filter-results .event", state="attached")
        page.click(".filter-close button")
        assert not page.is_visible("#filter") and page.is_visible("#filter-results")
        page.keyboard.press("Tab")  # the reader goes on from where the filter was
        page.click(".filter-toggle")
        page.keyboard.press("Escape")
        assert not page.is_visible("#filter")
        page.add_script_tag(path=str(npm_file("axe-core/axe.min.js")))
        found = page.evaluate("async () => (await axe.run()).violations.map(v => [v.id, v.impact])")
        assert [v for v in found if v[1] in IMPACTS] == [], found
        context.close()
        # a wider screen shows the filter in the page, with no button to fold it
        context = browser.new_context(viewport={"width": 1024, "height": 800})
        page = context.new_page()
        page.goto(origin + "/")
        assert page.is_visible("#filter-q") and not page.is_visible(".filter-toggle")
        assert page.evaluate("getComputedStyle(document.getElementById('filter')).position") == "static"
        context.close()
