"""The built-in theme under a site's own files: a site with no templates or static files of its
own builds with the theme; its own files replace the theme's one by one, and an override can
extend the template it replaces through the theme/ prefix."""

from __future__ import annotations

import shutil

import pytest

from conftest import REPO
from generator.build.write import minified


@pytest.fixture
def bare(project):
    """The project with no templates/ or static/ of its own."""
    shutil.rmtree(project.root / "templates")
    shutil.rmtree(project.root / "static")
    return project


def test_a_site_without_templates_or_static_builds_with_the_theme(bare):
    assert bare.build().code == 0
    site = bare.root / "_site"
    assert (site / "static/style.css").read_bytes() == minified("style.css", (REPO / "static/style.css").read_bytes())
    assert (site / "static/timeline.js").is_file()
    assert bare.html("events/japan-agreement/index.html").select_one("link[rel=stylesheet]")["href"] == \
        "/static/style.css"


def test_a_site_template_replaces_the_themes(bare):
    bare.write("templates/404.html", "<!doctype html><title>Lost</title><p>Nothing here: {{ site.title }}</p>\n")
    assert bare.build().code == 0
    assert (bare.root / "_site/404.html").read_text(encoding="utf-8") == \
        "<!doctype html><title>Lost</title><p>Nothing here: Test timeline</p>\n"
    assert "Skip to content" in (bare.root / "_site/index.html").read_text(encoding="utf-8")  # the rest: theme's


def test_an_override_extends_the_template_it_replaces(bare):
    bare.write("templates/event.html", '{% extends "theme/event.html" %}\n'
                                       '{% block head %}<meta name="newsroom" content="ours">{{ super() }}{% endblock %}\n')
    assert bare.build().code == 0
    html = bare.html("events/japan-agreement/index.html")
    assert html.select_one("meta[name=newsroom]")["content"] == "ours"
    assert html.select_one('script[type="application/ld+json"]')  # the theme's block, through super()
    assert html.select_one("header.site-header") and html.select_one("h1").text  # the rest of the page
    assert not bare.html("index.html").select_one("meta[name=newsroom]")


def test_site_static_files_replace_and_add_to_the_themes_byte_for_byte(bare):
    """Only the theme's own stylesheets and scripts are minified: a site's files are its own (a
    vendor bundle the minifier would break, a file in another encoding, an override as written)."""
    bare.write("static/style.css", "body { color: rebeccapurple } /* ours */\n")
    bare.write("static/extra/logo.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>\n")
    vendor = b"/*! vendor 1.0 */\nvar a = /x/ // not a comment inside a regex literal? rjsmin must not guess\n;\n"
    bare.write("static/vendor/bundle.min.js", vendor)
    bare.write("static/legacy.js", "// caf\u00e9\nvar s = 'caf\u00e9';\n".encode("latin-1"))  # not UTF-8
    bare.write("static/data.css", b"\xff\xfe\x00binary")
    assert bare.build().code == 0
    site = bare.root / "_site"
    assert (site / "static/style.css").read_bytes() == b"body { color: rebeccapurple } /* ours */\n"
    assert (site / "static/extra/logo.svg").is_file()
    assert (site / "static/vendor/bundle.min.js").read_bytes() == vendor
    assert (site / "static/legacy.js").read_bytes() == "// caf\u00e9\nvar s = 'caf\u00e9';\n".encode("latin-1")
    assert (site / "static/data.css").read_bytes() == b"\xff\xfe\x00binary"
    assert (site / "static/timeline.js").read_bytes() == minified("timeline.js", (REPO / "static/timeline.js").read_bytes())


def test_an_override_with_a_mistake_names_the_sites_file_and_line(bare):
    bare.write("templates/404.html", "<p>\n{{ site.title }\n</p>\n")
    run = bare.build()
    assert run.code == 1 and "templates/404.html:2: template: unexpected '}'" in run.err
    bare.write("templates/404.html", "<p>\n\n{{ no_such_thing.name }}</p>\n")
    run = bare.build()
    assert run.code == 1 and "templates/404.html:3: template: 'no_such_thing' is undefined" in run.err


def test_changing_an_override_or_removing_it_rebuilds_what_it_shows(bare):
    assert bare.build().code == 0
    page = "events/japan-agreement/index.html"
    bare.write("templates/event.html", '{% extends "theme/event.html" %}{% block head %}<meta name="v" content="1">'
                                       '{% endblock %}')
    assert bare.build().code == 0 and bare.html(page).select_one("meta[name=v]")
    (bare.root / "templates/event.html").unlink()
    assert bare.build().code == 0 and not bare.html(page).select_one("meta[name=v]")
    bare.write("static/style.css", "a {}\n")
    assert bare.build().code == 0 and (bare.root / "_site/static/style.css").read_text(encoding="utf-8") == "a {}\n"
    (bare.root / "static/style.css").unlink()
    assert bare.build().code == 0
    assert (bare.root / "_site/static/style.css").read_bytes() == minified("style.css", (REPO / "static/style.css").read_bytes())


# -- timeline theme copy, and copies that fall behind the theme ----------------------------------

def test_theme_copy_writes_stamped_copies_that_build_the_same_and_never_overwrites(bare):
    assert bare.build("--output", str(bare.root / "before")).code == 0
    run = bare.run("theme", "copy", "event.html", "static/style.css")
    printed = run.out.split()
    assert run.code == 0 and len(printed) == 2
    assert printed[0].endswith("templates/event.html") and printed[1].endswith("static/style.css")
    first = (bare.root / "templates/event.html").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("{# copied from timeline-generator ") and " theme/event.html sha256:" in first
    assert (bare.root / "static/style.css").read_text(encoding="utf-8").startswith("/* copied from timeline-generator")
    assert bare.build("--output", str(bare.root / "after")).code == 0
    page = "events/japan-agreement/index.html"
    assert (bare.root / "after" / page).read_bytes() == (bare.root / "before" / page).read_bytes()
    again = bare.run("theme", "copy", "base.html", "event.html")
    assert again.code == 2 and "templates/event.html exists already; not overwritten" in again.err
    assert not (bare.root / "templates/base.html").exists()  # checked before anything is written
    unknown = bare.run("theme", "copy", "nope.html")
    assert unknown.code == 2 and "the theme has no 'nope.html' (one of: 404.html, _macros.html" in unknown.err


def test_check_warns_when_the_theme_file_a_copy_came_from_has_changed(bare):
    assert bare.run("theme", "copy", "event.html").code == 0
    assert "theme" not in bare.check().err  # a fresh copy is current
    copy = bare.root / "templates/event.html"
    lines = copy.read_text(encoding="utf-8").split("\n", 1)
    older = lines[0].replace("0.1.0", "0.0.9").rsplit("sha256:", 1)[0] + "sha256:" + "0" * 64 + " #}"
    copy.write_text(older + "\n" + lines[1], encoding="utf-8")  # as if copied from an earlier theme
    run = bare.check()
    assert run.code == 0
    assert ("templates/event.html:1: warning: theme: copied from theme/event.html of version 0.0.9; the theme's "
            "file has changed since (version 0.1.0) (compare it with the theme's and bring over the changes you "
            "want)") in run.err
    assert bare.check("--strict").code == 1


def test_a_filter_failing_in_an_override_names_the_template_line_not_a_traceback(bare):
    bare.write("templates/event.html", '{% extends "theme/event.html" %}\n'
                                       '{% block head %}\n<script>{{ no_such_thing | tojson }}</script>{% endblock %}\n')
    result = bare.build()
    assert result.code == 1
    assert result.err.splitlines()[0].startswith("templates/event.html:3: template: TypeError: ")
    assert "Traceback" not in result.err
