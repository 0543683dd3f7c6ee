"""Markdown bodies: extensions, typography, link rewriting under a base path, sanitising raw HTML."""

from __future__ import annotations

import os
from pathlib import Path
from unittest.mock import patch

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.site import markdown as markdown_render
from generator.site.markdown import HEADINGS, Body, MarkdownRenderer, relink, render_bodies, typographic


def render(text: str, base: str = "/repo/", unsafe: bool = False) -> Body:
    return MarkdownRenderer(base, unsafe).render(text)


@pytest.mark.parametrize("text", ["# Background\n\n## Detail\n", "## Background\n\n### Detail\n",
                                  "### Background\n\n#### Detail\n"])
def test_the_top_heading_level_becomes_h2_and_headings_get_ids(text):
    soup = BeautifulSoup(render(text).html, "html.parser")
    assert [(h.name, h["id"]) for h in soup.find_all(HEADINGS)] == [("h2", "background"), ("h3", "detail")]


def test_entry_links_and_site_links_follow_the_base_path():
    body = render("[G7](g7-summit.md#day-2) [tags](/tags/x/) [ext](https://example.org/) [again](g7-summit.md) "
                  "[other](dir/other.md)")
    hrefs = [a["href"] for a in BeautifulSoup(body.html, "html.parser").find_all("a")]
    assert hrefs == ["/repo/events/g7-summit/#day-2", "/repo/tags/x/", "https://example.org/",
                     "/repo/events/g7-summit/", "/repo/events/other/"]
    assert body.refs == ("g7-summit", "other")


def test_relink_points_file_links_at_slugs_that_differ():
    body = render("[a](file-name.md) [b](same.md)")
    html = relink(body, {"file-name": "chosen-slug", "same": "same"}, "/repo/")
    assert 'href="/repo/events/chosen-slug/"' in html and 'href="/repo/events/same/"' in html


def test_an_address_urllib_cannot_read_is_no_crash():
    body = render("See <http://x.org[> and [this](http://[broken/).")
    assert "See" in body.html and body.refs == ()


def test_footnotes_and_tables():
    soup = BeautifulSoup(render("Text.[^1]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: A note.").html, "html.parser")
    assert soup.find("table") and soup.find("div", class_="footnote") and soup.find("li", id="fn:1")


@pytest.mark.parametrize("text, expected", [
    ('He said "yes".', "He said \u201cyes\u201d."),
    ("It's the editors' job", "It\u2019s the editors\u2019 job"),
    ("2020--2024, and---then... 'quoted'", "2020\u20132024, and\u2014then\u2026 \u2018quoted\u2019"),
    ('("nested")', "(\u201cnested\u201d)"),
])
def test_typographic_punctuation(text, expected):
    assert typographic(text) == expected


def test_code_keeps_its_straight_quotes():
    html = render('Say "hi" and `print("hi")`\n\n    x = "a" -- b\n').html
    assert "\u201chi\u201d" in html and 'print("hi")' in html and 'x = "a" -- b' in html


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
    renderer = MarkdownRenderer()
    first = renderer.render("Text[^1]\n\n[^1]: note\n\n[x](a.md)")
    second = renderer.render("Plain.")
    assert first.refs == ("a",) and second.refs == ()
    assert "footnote" not in second.html


def test_many_bodies_render_the_same_in_parallel_as_one_by_one():
    texts = {f"k{i:04d}": f"# Entry {i}\n\nSee [x](e{i}.md) and \"quotes\".[^1]\n\n[^1]: n{i}" for i in range(700)}
    parallel = render_bodies(texts, "/", False)
    renderer = MarkdownRenderer()
    assert parallel == {key: renderer.render(text) for key, text in texts.items()}


# Leaving out the inline patterns that cannot match (INLINE_TRIGGERS) must not change a byte.

def every_pattern_kept(text: str) -> Body:
    with patch.dict(markdown_render.INLINE_TRIGGERS, clear=True):
        return MarkdownRenderer("/repo/").render(text)


MARKDOWN_BITS = ["word", " ", "\n", "\n\n", "\t", "  \n", "*", "**", "_", "__", "`", "``", "\\", "[", "]", "(",
                 ")", "!", "<", ">", "&", "&amp;", "&#42;", "#", "^", ":", "-", "1. ", "> ", "|", "---", "~~~",
                 "http://x.org", "<http://x.org>", "<a@b.org>", "[^1]", "[^1]: note", "[x](y.md)", "![i](p.png)",
                 "[r]", "[r]: /target", "<b>", "<!-- c -->", "    code"]


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 300)), deadline=None)
@given(st.lists(st.sampled_from(MARKDOWN_BITS), max_size=40).map("".join))
def test_leaving_out_patterns_that_cannot_match_changes_nothing(text):
    assert MarkdownRenderer("/repo/").render(text) == every_pattern_kept(text)


def test_every_bundled_and_test_body_renders_the_same_with_every_pattern_kept():
    root = Path(__file__).parent.parent
    bodies = [path.read_text(encoding="utf-8").split("---\n", 2)[-1]
              for path in [*root.glob("content/*.md"), *root.glob("tests/sites/*/content/*.md")]]
    assert len(bodies) >= 10
    renderer = MarkdownRenderer("/repo/")
    for body in bodies:
        assert renderer.render(body) == every_pattern_kept(body)
