"""Embeds and oEmbed, read as a CMS would (the HTML, without running scripts); and in Chromium:
a host page on another origin embeds the timeline and an event, the frames fit their content
(after a filter, and when first shown in a hidden tab), links leave the frame, no request leaves
the two origins, axe finds nothing serious, and a page with pictures does not shift as they load."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path

import pytest
from browser import serve
from bs4 import BeautifulSoup
from test_media import jpeg_with_gps

from conftest import REPO

IMPACTS = ("serious", "critical")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def published_copy(root: Path, base_url: str, pictured: bool = False) -> Path:
    """The bundled timeline built as published at `base_url`; with a picture on one event if asked."""
    for name in ("content", "seeds", "templates", "static"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "timeline.toml", root / "timeline.toml")
    if pictured:
        (root / "content/media").mkdir()
        (root / "content/media/summit.jpg").write_bytes(jpeg_with_gps(1600, 1000))
        entry = root / "content/g7-summit-2024-apulia.md"
        entry.write_text(entry.read_text(encoding="utf-8").replace("\nsources:", (
            "\nmedia:\n  - src: content/media/summit.jpg\n    alt: Leaders on a terrace above the sea\n"
            "    credit: Example Agency\nsources:"), 1), encoding="utf-8")
    from generator.commands.cli import main
    assert main(["--root", str(root), "build", "--quiet", "--today", "2026-01-01", "--base-url", base_url]) == 0
    return root / "_site"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return published_copy(tmp_path_factory.mktemp("published"), "https://news.example/tl/")


def test_every_page_and_event_links_its_oembed_file_in_the_html(site):
    for path, oembed in (("index.html", "oembed.json"), ("events/g7-summit-2024-apulia/index.html",
                                                        "events/g7-summit-2024-apulia/oembed.json")):
        page = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")
        link = page.find("link", rel="alternate", type="application/json+oembed")
        assert link["href"] == "https://news.example/tl/" + oembed
        data = json.loads((site / oembed).read_text(encoding="utf-8"))
        assert data["version"] == "1.0" and data["type"] == "rich"
        assert isinstance(data["width"], int) and isinstance(data["height"], int) and data["height"] > 0
        assert data["provider_url"] == "https://news.example/tl/" and data["thumbnail_url"].startswith("https://")
        frame = BeautifulSoup(data["html"], "html.parser")
        iframe = frame.iframe
        assert iframe["src"].startswith("https://news.example/tl/embed/") and iframe["loading"] == "lazy"
        assert iframe["title"] and "aspect-ratio" in iframe["style"] and iframe.has_attr("data-timeline-embed")
        assert frame.noscript.a["href"].startswith("https://news.example/tl/")
        assert frame.script["src"] == "https://news.example/tl/static/embed.js"
        code = page.select_one(".embed-code textarea").text
        assert code == data["html"]  # what the page offers to copy is what oEmbed gives


def test_embed_pages_have_no_chrome_leave_the_frame_and_stay_out_of_the_sitemap(site):
    page = BeautifulSoup((site / "embed/index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.find("base")["target"] == "_top" and not page.select(".site-header, .site-footer")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert len(page.select("#timeline-list .event")) == 8
    card = BeautifulSoup((site / "embed/events/g7-summit-2024-apulia/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert card.select_one(".event-title a")["href"] == "/tl/events/g7-summit-2024-apulia/"
    assert card.select_one(".embed-foot a").text.startswith("Read more")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/embed/" not in sitemap
    assert (site / "uk/embed/index.html").is_file()  # every language has its embeds


def test_without_the_sites_host_there_is_no_snippet_and_no_oembed(tmp_path):
    site = published_copy(tmp_path, "/")
    page = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert not page.select(".embed-code") and not page.find("link", type="application/json+oembed")
    assert not (site / "oembed.json").exists() and (site / "embed/index.html").is_file()


# -- in Chromium ----------------------------------------------------------------------------------------

HOST = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>An article</title></head>
<body><h1>An article</h1><p>Before the timeline.</p>
{timeline}
<div id="tab" style="display:none">{event}</div>
<p>After it.</p></body></html>"""


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    port = free_port()
    root = tmp_path_factory.mktemp("embedded")
    site = published_copy(root / "project", f"http://127.0.0.1:{port}/", pictured=True)
    oembed = json.loads((site / "oembed.json").read_text(encoding="utf-8"))
    event = json.loads((site / "events/g7-summit-2024-apulia/oembed.json").read_text(encoding="utf-8"))
    host = root / "host"
    host.mkdir()
    timeline = oembed["html"].replace('/embed/"', '/embed/?controls=1"')
    (host / "index.html").write_text(HOST.format(timeline=timeline, event=event["html"]), encoding="utf-8")
    return site, host, port


def test_a_host_page_on_another_origin_fits_the_frames_and_nothing_else_is_asked_for(embedded, browser):
    site, host, port = embedded
    context = browser.new_context(viewport={"width": 420, "height": 900})
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    with serve(site, port) as origin, serve(host) as host_origin:
        host_origin = host_origin.replace("127.0.0.1", "localhost")  # another origin for the browser
        page.goto(host_origin + "/")
        timeline = page.frame_locator("iframe >> nth=0")
        timeline.locator("#timeline-list .event").first.wait_for()

        def fitted(index: int) -> tuple[float, float]:
            frame = page.frames[index + 1]
            inner = frame.evaluate("document.documentElement.getBoundingClientRect().height")
            outer = page.evaluate("i => document.querySelectorAll('iframe')[i].getBoundingClientRect().height", index)
            return inner, outer

        page.wait_for_function("document.querySelector('iframe').style.height !== ''")
        inner, outer = fitted(0)
        assert abs(inner - outer) <= 1 and outer > 900  # the whole timeline, no inner scroll bar
        # a filter inside the frame: the frame follows its content down
        timeline.locator("#filter-kind").select_option("summit")
        page.wait_for_function(f"document.querySelector('iframe').getBoundingClientRect().height < {outer - 200}")
        inner, outer = fitted(0)
        assert abs(inner - outer) <= 1
        # a frame first laid out in a hidden tab fits once shown
        page.evaluate("document.getElementById('tab').style.display = 'block'")
        page.wait_for_function("(() => { const f = document.querySelectorAll('iframe')[1];"
                               " return f.style.height && f.getBoundingClientRect().height > 100; })()")
        inner, outer = fitted(1)
        assert abs(inner - outer) <= 1
        # links leave the frame: the reader lands on the site, in the top window
        timeline.locator("#filter-results .event-title a, #timeline-list .event-title a").first.click()
        page.wait_for_url(origin + "/events/**")
    allowed = (origin, host_origin)
    assert requested and all(url.startswith(allowed) for url in requested), [u for u in requested
                                                                              if not u.startswith(allowed)]
    context.close()


def test_axe_finds_nothing_serious_in_the_embeds(embedded, page):
    from browser import npm_file
    site, _, port = embedded
    with serve(site, port) as origin:
        for path in ("/embed/", "/embed/events/g7-summit-2024-apulia/", "/uk/embed/"):
            page.goto(origin + path)
            page.add_script_tag(path=str(npm_file("axe-core/axe.min.js")))
            found = page.evaluate("async () => (await axe.run()).violations.map(v => [v.id, v.impact])")
            assert [v for v in found if v[1] in IMPACTS] == [], (path, found)


def test_pictures_do_not_shift_the_page_as_they_load(embedded, browser):
    site, _, port = embedded
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    with serve(site, port) as origin:
        for path in ("/events/g7-summit-2024-apulia/", "/"):
            page.goto(origin + path, wait_until="load")
            shift = page.evaluate("""() => new Promise(done => {
              let total = 0;
              new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
                .observe({type: 'layout-shift', buffered: true});
              window.scrollTo(0, document.body.scrollHeight);  // the lazy ones load too
              // once every picture has loaded (or failed) and two frames are drawn after it: a condition, not a delay
              const settled = () => [...document.images].every(i => i.complete)
                ? requestAnimationFrame(() => requestAnimationFrame(() => done(total))) : setTimeout(settled, 50);
              settled();
            })""")
            assert shift == 0, (path, shift)
            loaded = page.evaluate("[...document.images].filter(i => i.complete && i.naturalWidth > 0).length")
            assert loaded >= 1
    context.close()


LIGHT, DARK = "rgb(251, 250, 248)", "rgb(20, 22, 27)"  # the theme's --bg


def test_an_embed_takes_the_theme_it_is_asked_for_over_the_readers(embedded, browser):
    """A dark-mode reader of a white article sees a light embed with ?theme=light; auto (or none)
    follows the reader's system; an unknown value is auto."""
    site, _, port = embedded
    cases = (("light", "/embed/?theme=dark", DARK), ("dark", "/embed/?theme=light", LIGHT),
             ("dark", "/embed/", DARK), ("light", "/embed/?theme=auto", LIGHT), ("dark", "/embed/?theme=pink", DARK),
             ("dark", "/embed/events/g7-summit-2024-apulia/?theme=light", LIGHT))
    with serve(site, port) as origin:
        for scheme, path, expected in cases:
            context = browser.new_context(color_scheme=scheme)
            page = context.new_page()
            page.goto(origin + path)
            assert page.evaluate("getComputedStyle(document.body).backgroundColor") == expected, (scheme, path)
            # drawn that way from the start: the theme is set before the stylesheet is read
            assert page.evaluate("document.documentElement.getAttribute('data-theme')") == (
                path.split("theme=")[1] if "theme=light" in path or "theme=dark" in path else None)
            context.close()
        context = browser.new_context(color_scheme="light")
        page = context.new_page()
        page.goto(origin + "/embed/?controls=1&theme=dark")
        page.locator("#filter-kind").select_option("summit")  # a filter keeps the embed's theme
        page.wait_for_function("location.search.includes('kind=summit')")
        assert "theme=dark" in page.evaluate("location.search")
        context.close()


def test_a_maximum_height_gives_the_frame_a_scroll_of_its_own(embedded, browser):
    site, host, port = embedded
    oembed = json.loads((site / "oembed.json").read_text(encoding="utf-8"))
    capped = oembed["html"].replace("aspect-ratio:", "max-height:300px;aspect-ratio:")
    (host / "capped.html").write_text(HOST.format(timeline=capped, event=""), encoding="utf-8")
    context = browser.new_context(viewport={"width": 420, "height": 900})
    page = context.new_page()
    with serve(site, port), serve(host) as host_origin:
        page.goto(host_origin.replace("127.0.0.1", "localhost") + "/capped.html")
        page.wait_for_function("document.querySelector('iframe').style.height !== ''")
        assert page.evaluate("document.querySelector('iframe').getBoundingClientRect().height") == 300
        frame = page.frames[1]
        assert frame.evaluate("document.documentElement.scrollHeight") > 600  # the rest is inside, to scroll
        scrolled = frame.evaluate("window.scrollBy(0, 200); window.scrollY")
        assert scrolled == 200
    context.close()


def test_the_snippet_offers_the_embeds_theme_and_a_maximum_height(embedded, page):
    site, _, port = embedded
    html = BeautifulSoup((site / "events/g7-summit-2024-apulia/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert html.select_one(".embed-options").has_attr("hidden")  # without scripts: the defaults, nothing to choose
    with serve(site, port) as origin:
        page.goto(origin + "/events/g7-summit-2024-apulia/")
        page.click(".embed-code summary")
        page.select_option(".embed-options select[name=theme]", "dark")
        page.fill(".embed-options input[name=max-height]", "400")
        code = page.input_value("#embed-snippet")
        assert '/embed/events/g7-summit-2024-apulia/?theme=dark"' in code and "max-height:400px" in code
        page.select_option(".embed-options select[name=theme]", "")
        page.fill(".embed-options input[name=max-height]", "")
        assert page.input_value("#embed-snippet") == BeautifulSoup(str(html.select_one("#embed-snippet")),
                                                                   "html.parser").textarea.string
