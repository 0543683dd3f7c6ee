"""Markdown bodies: extensions, link rewriting under a base path, and sanitising raw HTML."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from generator.markdown_render import HEADINGS, MarkdownRenderer

KNOWN = {"g7-summit"}


def render(text: str, base: str = "/repo/", unsafe: bool = False):
    renderer = MarkdownRenderer(lambda s: f"{base}events/{s}/" if s in KNOWN else None, base, unsafe)
    return renderer.render(text)


@pytest.mark.parametrize("text", ["# Background\n\n## Detail\n", "## Background\n\n### Detail\n",
                                  "### Background\n\n#### Detail\n"])
def test_the_top_heading_level_becomes_h2_and_headings_get_ids(text):
    soup = BeautifulSoup(render(text).html, "html.parser")
    assert [(h.name, h["id"]) for h in soup.find_all(HEADINGS)] == [("h2", "background"), ("h3", "detail")]


def test_entry_links_and_site_links_follow_the_base_path():
    result = render("[G7](g7-summit.md#day-2) [tags](/tags/x/) [ext](https://example.org/) [gone](nope.md)")
    hrefs = [a["href"] for a in BeautifulSoup(result.html, "html.parser").find_all("a")]
    assert hrefs == ["/repo/events/g7-summit/#day-2", "/repo/tags/x/", "https://example.org/", "nope.md"]
    assert result.broken_links == ["nope.md"]


def test_footnotes_tables_and_smart_quotes():
    html = render('He said "yes".[^1]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: A note.').html
    soup = BeautifulSoup(html, "html.parser")
    assert "\u201cyes\u201d" in soup.p.text
    assert soup.find("table") and soup.find("div", class_="footnote")
    assert soup.find("li", id="fn:1")


def test_raw_html_is_sanitised_by_default():
    payload = ('<script>alert(1)</script><p onclick="x()">a <a href="javascript:alert(1)">b</a>'
               '<img src="data:text/html,x" onerror="y()"><iframe src="https://e.org"></iframe>'
               '<span class="keep" id="keep">c</span></p>\n\n[d](javascript:alert(2))')
    html = render(payload).html
    for bad in ("<script", "onclick", "javascript:", "onerror", "<iframe", "data:"):
        assert bad not in html
    assert '<span class="keep" id="keep">c</span>' in html


def test_unsafe_html_opts_out():
    assert "<script>alert(1)</script>" in render("<script>alert(1)</script>", unsafe=True).html


def test_renderer_is_reusable_without_leaking_state():
    renderer = MarkdownRenderer(lambda s: None)
    first = renderer.render("Text[^1]\n\n[^1]: note\n\n[x](a.md)")
    second = renderer.render("Plain.")
    assert first.broken_links == ["a.md"] and second.broken_links == []
    assert "footnote" not in second.html
