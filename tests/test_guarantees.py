"""The guarantees of the README's "Guarantees" section, one group of tests per promise.

Each was checked the hard way: the protection removed, the test seen failing, the protection put
back (see the closing note of the hardening issue).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import icalendar
import pytest
from browser import serve
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_serve import Server

from conftest import PARTIES, QUOTE, REPO, SEED, entry, search_fragments

# -- 1. atomic builds -----------------------------------------------------------------------------------


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("breakage", ["bad entry", "template error", "template syntax", "bad config"])
def test_a_failed_build_leaves_the_previous_site_byte_identical(project, breakage):
    assert project.build().code == 0
    before = tree_bytes(project.root / "_site")
    project.write("content/japan-agreement.md", entry(title="A new title"))  # a change that would show
    if breakage == "bad entry":
        project.write("content/broken.md", entry(date='"June 2024"'))
    elif breakage == "template error":
        project.write("templates/event.html", '{% extends "base.html" %}{% block main %}{{ event.no_such.thing }}'
                                              '{% endblock %}')
    elif breakage == "template syntax":
        project.write("templates/list.html", "{% for x in %}")
    else:
        project.write("timeline.toml", '[site]\ntitle = "T"\norder = "sideways"\n')
    result = project.build()
    assert result.code == 1 and "Traceback" not in result.err
    assert tree_bytes(project.root / "_site") == before
    assert not list(project.root.glob(".*.transaction"))


# -- 2. the output folder is ours alone -------------------------------------------------------------------

def test_the_file_system_root_is_refused_without_touching_it(project, monkeypatch):
    """Checked against a decoy: the check runs on '/', but nothing can be written there (a build
    that got past it would fail on the first write into a read-only decoy, not on '/')."""
    from generator.build.write import check_output_dir
    from generator.config import load_config
    from generator.core.errors import OutputError
    with pytest.raises(OutputError, match="file system root"):
        check_output_dir(load_config(project.root, output="/"))


def test_a_decoy_home_is_refused(project, monkeypatch, tmp_path):
    home = tmp_path / "home"
    (home / "notes.txt").parent.mkdir(parents=True)
    (home / "notes.txt").write_text("keep me", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    result = project.build("--output", str(home))
    assert result.code != 0 and "home folder" in result.err
    assert tree_bytes(home) == {"notes.txt": b"keep me"}


@pytest.mark.parametrize("inside", ["", "content", "content/out", "templates", "static", "seeds", ".timeline-cache"])
def test_the_project_and_its_sources_are_refused(project, inside):
    before = tree_bytes(project.root)
    result = project.build("--output", str(project.root / inside))
    assert result.code != 0 and "refused" in result.err
    assert tree_bytes(project.root) == before


def test_a_folder_we_did_not_write_is_left_alone_with_a_way_forward(project, tmp_path):
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "thesis.tex").write_text("years of work", encoding="utf-8")
    result = project.build("--output", str(theirs))
    assert result.code != 0 and "not written by timeline-generator" in result.err and "--output" in result.err
    assert tree_bytes(theirs) == {"thesis.tex": b"years of work"}


# -- 3. content never touched --------------------------------------------------------------------------------

def sources_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for name in ("content", "seeds", "templates", "static", "timeline.toml"):
        path = root / name
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file():
                digest.update(file.relative_to(root).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def test_build_check_serve_and_failed_builds_never_touch_the_sources(project):
    before = sources_digest(project.root)
    assert project.build().code == 0
    assert project.check().code == 0 and project.check("--strict").code == 1  # warnings: unused parties
    assert project.build("--no-cache", "--drafts").code == 0
    assert sources_digest(project.root) == before
    project.write("content/broken.md", entry(kind="treaty"))
    before = sources_digest(project.root)
    assert project.build().code == 1 and project.check().code == 1
    server = Server(project.root)
    try:
        assert "problems" in server.get("/")[1] or server.get("/")[0] == 200
    finally:
        server.stop()
    (project.root / "serve.log").unlink()
    assert sources_digest(project.root) == before


def test_new_never_overwrites(project):
    path = project.root / "content/japan-agreement.md"
    before = path.read_bytes()
    result = project.run("new", "Ukraine and Japan sign a security agreement", "--date", "2024-06-13", "--kind",
                         "agreement", "--slug", "japan-agreement")
    assert result.code != 0 and path.read_bytes() == before


# -- 4. no injection ----------------------------------------------------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</script><script>alert(1)</script>",
    "<svg onload=alert(1)>",
    "javascript:alert(1)",
    "=HYPERLINK(\"http://evil.example\",\"x\")",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "{{ 7 * 7 }} ]]> <!-- &amp;",
]
BODY = """
<script>alert(1)</script>
<img src=x onerror="alert(1)">
<a href="javascript:alert(1)">a</a> <a href="data:text/html,<script>alert(1)</script>">b</a>
<iframe src="https://evil.example"></iframe><style>body{display:none}</style>
<p onclick="alert(1)" id="keep" class="keep">kept</p>
[link](javascript:alert(1)) and <object data="x"></object>

Text with a footnote.[^1]

[^1]: The note.
"""


@pytest.fixture
def hostile(project):
    """Every field an editor can fill holds an attack; the quote is one too, in its own article."""
    seed_text = "Hostile article\n\n" + " ".join(PAYLOADS) + "\n"
    project.write("seeds/hostile.txt", seed_text)
    project.write("timeline.toml", f'[site]\ntitle = {json.dumps(PAYLOADS[0])}\ndescription = {json.dumps(PAYLOADS[1])}\n'
                                   f'base_url = "https://example.org/project/"\n')
    project.write("content/parties.toml", PARTIES + f'\n[evil]\nname = {json.dumps(PAYLOADS[2])}\ntype = "group"\n')
    for number, payload in enumerate(PAYLOADS):
        project.write(f"content/attack-{number}.md", "---\n" + "\n".join([
            f"title: {json.dumps(payload + ' title')}" if number else f"title: {json.dumps(payload)}",
            'date: "2024-06-13"', "kind: summit", "status: held", "parties: [ukraine, evil]",
            f"location: {json.dumps(payload)}", f"summary: {json.dumps(payload)}",
            f"tags: [{json.dumps('tag ' + str(number) + ' ' + payload)}]",
            f"milestones:\n  - {{date: \"2024-06\", status: scheduled, note: {json.dumps(payload)}}}",
            "sources:",
            f"  - {{seed: hostile.txt, quote: {json.dumps(payload)}}}",
            f"  - {{url: \"https://example.org/a?b=<c>\", title: {json.dumps(payload)}, publisher: {json.dumps(payload)}}}",
        ]) + "\n---\n" + BODY)
    result = project.build()
    assert result.code == 0, result.err
    return project.root / "_site"


def bad_html(html: str) -> list[str]:
    """Script, handlers and script URLs in a page, other than our own."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag in soup.find_all(True):
        ours = tag.get("id") == "filter" or (tag.name == "base" and tag.attrs == {"target": "_top"}) or (  # embeds' base
            tag.name == "style" and tag.parent.name == "noscript" and tag.string == ".filter,.filter-fold{display:none!important}")
        if tag.name in ("iframe", "object", "embed", "style", "base", "form") and not ours:
            found.append(f"<{tag.name}>")
        if tag.name == "script":
            if tag.get("type") == "application/ld+json":
                json.loads(tag.string)  # intact: nothing ended it early
            elif not re.search(r"/static/(timeline|share|embedded|embed-theme|zoom)\.js$", tag.get("src") or ""):
                found.append(str(tag)[:80])
        for name, value in tag.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"{tag.name} {name}")
            if name in ("href", "src", "action", "data", "formaction") and re.match(r"\s*(javascript|data|vbscript):",
                                                                                   str(value), re.I):
                found.append(f"{tag.name} {name}={value}")
    return found


def test_no_payload_survives_in_any_html_page(hostile):
    problems = []
    for page in hostile.rglob("*.html"):
        problems += [f"{page.relative_to(hostile)}: {p}" for p in bad_html(page.read_text(encoding="utf-8"))]
    assert problems == []
    page = (hostile / "events/attack-0/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown as text, not dropped
    soup = BeautifulSoup(page, "html.parser")
    assert soup.select_one("#keep.keep").text == "kept"  # sanitising keeps ids and classes
    assert soup.select_one(".footnote") is not None


def test_no_payload_runs_in_a_real_browser(hostile, page):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    root = hostile.parent / "www"
    root.mkdir()
    shutil.copytree(hostile, root / "project")
    with serve(root) as origin:
        for path in sorted(hostile.rglob("*.html")):
            page.goto(origin + "/project/" + path.relative_to(hostile).as_posix().removesuffix("index.html"))
        page.goto(origin + "/project/?q=alert")  # the filter draws events from the index
        page.wait_for_selector("#filter-results .event")
    assert dialogs == []


def test_feeds_and_sitemaps_stay_well_formed_xml(hostile):
    for name in ("feed.xml", "sitemap.xml"):
        ET.fromstring((hostile / name).read_bytes())
    feed = feedparser.parse((hostile / "feed.xml").read_bytes())
    assert not feed.bozo
    assert {e.title for e in feed.entries} >= {PAYLOADS[0], PAYLOADS[3] + " title"}
    for item in feed.entries:
        assert bad_html(item.content[0].value) == []


def test_json_exports_keep_the_text_and_escape_what_becomes_html(hostile):
    data = json.loads((hostile / "events.json").read_text(encoding="utf-8"))
    assert {e["title"] for e in data["events"]} >= {PAYLOADS[0]}
    timelinejs = json.loads((hostile / "timelinejs.json").read_text(encoding="utf-8"))
    for slide in [timelinejs["title"], *timelinejs["events"]]:
        assert bad_html(slide["text"]["headline"]) == [] and "<script" not in slide["text"]["headline"]
        assert bad_html(slide["text"]["text"]) == [] and "<svg" not in slide["text"]["text"]
    found = search_fragments(hostile)  # the search's records keep each payload as text, never as markup
    assert {record["meta"]["title"] for record in found.values()} >= {PAYLOADS[0]}


def test_the_calendar_keeps_every_payload_as_text(hostile):
    calendar = icalendar.Calendar.from_ical((hostile / "events.ics").read_bytes())
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    assert str(events["attack-0"]["SUMMARY"]) == PAYLOADS[0]
    assert str(events["attack-5"]["LOCATION"]) == PAYLOADS[5]
    assert {f"attack-{n}" for n in range(len(PAYLOADS))} <= set(events)


def test_no_csv_cell_is_a_formula(hostile):
    rows = list(csv.reader(io.StringIO((hostile / "events.csv").read_text(encoding="utf-8-sig"), newline="")))
    cells = [cell for row in rows[1:] for cell in row]
    assert cells and not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'=HYPERLINK(\"http://evil.example\",\"x\")" in cells


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "//evil.example/x", "ftp://x.example/"])
def test_source_urls_must_be_http(project, url):
    project.write("content/japan-agreement.md", entry(sources=f'\n  - {{url: "{url}", title: T}}'))
    result = project.build()
    assert result.code == 1 and "content/japan-agreement.md:" in result.err and "http" in result.err


# -- 5. links and paths ------------------------------------------------------------------------------------

def test_a_symlinked_folder_pointing_outside_content_is_refused(project, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "stolen.md").write_text(entry(title="From outside"), encoding="utf-8")
    (project.root / "content/linked").symlink_to(outside, target_is_directory=True)
    result = project.build()
    assert result.code == 1 and "content/linked:1: is a link to a file outside content/; refused" in result.err


def test_the_preview_server_does_not_follow_a_link_out_of_the_output(project, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("private", encoding="utf-8")
    server = Server(project.root)
    try:
        (project.root / "_site/leak.txt").symlink_to(secret)
        status, body = server.get("/leak.txt")
        assert status in (403, 404) and "private" not in body
    finally:
        server.stop()


# -- 6. same input, same bytes ---------------------------------------------------------------------------------

def test_builds_in_other_folders_at_other_times_are_byte_identical(bundled, tmp_path, monkeypatch):
    copy = tmp_path / "elsewhere" / "deeper"
    shutil.copytree(bundled.root, copy)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert bundled.run("build", "--base-url", "https://example.org/p/").code == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")
    from generator.commands.cli import main
    assert main(["--root", str(copy), "build", "--quiet", "--no-cache", "--base-url", "https://example.org/p/"]) == 0
    one, two = tree_bytes(bundled.root / "_site"), tree_bytes(copy / "_site")
    assert one.keys() == two.keys() and all(one[k] == two[k] for k in one)
    everything = b"".join(one.values())
    assert str(tmp_path).encode() not in everything and str(REPO).encode() not in everything


# -- 7. fuzzing whole content folders ----------------------------------------------------------------------------

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
PROBLEM_LINE = re.compile(r"^(content/[^:]+|timeline\.toml|seeds/[^:]+|content/parties\.toml):\d+: ")
field_values = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.text(max_size=40),
    st.sampled_from(["2024", "2024-06", "2024-06-13", "2024-02-30", "summit", "agreement", "held", "signed",
                     "ukraine", "japan", "e0", "e1", "see-also", "signed-at", "follows", "\u202e", "\x00", "</script>"]),
    st.lists(st.sampled_from(["ukraine", "japan", "nobody", "e0", "e1"]), max_size=3),
)
fuzz_entry = st.fixed_dictionaries(
    {"title": st.text(min_size=1, max_size=30), "date": st.sampled_from(["2024", "2023-06", "2024-06-13"]),
     "kind": st.sampled_from(["summit", "agreement", "pledge", "treaty"])},
    optional={"status": field_values, "end": field_values, "parties": field_values, "location": field_values,
              "summary": field_values, "tags": field_values, "approximate": field_values, "draft": field_values,
              "related": st.lists(st.fixed_dictionaries({"event": st.sampled_from(["e0", "e1", "e2", "zz"]),
                                                          "as": st.sampled_from(["see-also", "follows", "signed-at",
                                                                                 "nope"])}), max_size=2),
              "sources": st.just([{"seed": SEED, "quote": QUOTE}]) | field_values,
              "slug": field_values})
folders = st.lists(st.tuples(fuzz_entry, st.text(max_size=60)), min_size=1, max_size=4)


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                           HealthCheck.too_slow])
@given(folders)
def test_any_content_folder_builds_or_fails_cleanly_with_no_partial_site(project, folder):
    import yaml
    for old in (project.root / "content").glob("*.md"):
        old.unlink()
    for number, (front, body) in enumerate(folder):
        project.write(f"content/e{number}.md", "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body)
    site = project.root / "_site"
    before = tree_bytes(site) if site.exists() else None
    result = project.build()
    assert result.code in (0, 1), result.err
    assert "Traceback" not in result.err
    if result.code == 0:
        assert (site / "index.html").is_file()
    else:
        problems = [line for line in result.err.splitlines() if line and not re.match(r"^\d+ error", line)]
        assert problems and all(PROBLEM_LINE.match(line) or line.startswith("  ") for line in problems), problems
        assert (tree_bytes(site) if site.exists() else None) == before  # the last good site, or none


# -- 8. limits ------------------------------------------------------------------------------------------------------

def build_with_limits(root: Path) -> subprocess.CompletedProcess:
    """A build in its own process with 1.5 GB of address space and a minute: a blow-up or a hang fails."""
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20)); "
            "from generator.commands.cli import main; sys.exit(main(sys.argv[1:]))")
    return subprocess.run([sys.executable, "-c", code, "--root", str(root), "build", "--today", "2026-01-01"],
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("case, message", [
    ("5 MB entry", "file is 5,000,"),
    ("10,000-item list", "tags: has 10,000 items; at most 1,000"),
    ("1,000-level nesting", "content/japan-agreement.md:"),
    ("not UTF-8", "content/japan-agreement.md:"),
    ("a 10 MB line", "file is 10,"),
])
def test_limits_give_a_clear_error_within_bounded_memory_and_time(project, case, message):
    path = project.root / "content/japan-agreement.md"
    if case == "5 MB entry":
        path.write_text(entry() + "word " * 1_000_000, encoding="utf-8")
    elif case == "10,000-item list":
        path.write_text(entry(tags=json.dumps([f"tag {i}" for i in range(10_000)])), encoding="utf-8")
    elif case == "1,000-level nesting":
        path.write_text(entry(location="[" * 1000 + "]" * 1000), encoding="utf-8")
    elif case == "not UTF-8":
        path.write_bytes(entry().encode("utf-8").replace(b"One sentence.", b"Caf\xe9 sentence."))
    else:
        path.write_text(entry(summary="x" * 10_000_000), encoding="utf-8")
    done = build_with_limits(project.root)
    assert done.returncode == 1, done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr
    assert not (project.root / "_site").exists()


def test_a_large_valid_list_builds(project):
    project.write("content/japan-agreement.md", entry(tags=json.dumps([f"tag {i}" for i in range(1_000)])))
    done = build_with_limits(project.root)
    assert done.returncode == 0, done.stderr
    assert (project.root / "_site/tags/tag-999/index.html").is_file()
