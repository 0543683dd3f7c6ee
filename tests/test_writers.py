"""Writers write only what check accepts, all or nothing: `new`, `import` and `extract` read what
they are about to write as check would (control characters, lengths, a slug another entry has)
and write nothing when it would fail; `fmt` keeps a symbolic link a link."""

from __future__ import annotations

import json

from conftest import entry


def files(project) -> dict[str, bytes]:
    return {p.relative_to(project.root).as_posix(): p.read_bytes()
            for p in sorted(project.root.rglob("*")) if p.is_file() and "_site" not in p.parts}


def test_new_refuses_what_check_would_refuse_and_writes_nothing(project):
    before = files(project)
    run = project.run("new", "A bell \a in the title", "--date", "2024-06", "--kind", "summit")
    assert run.code == 1 and "content/a-bell-in-the-title.md:2: title: contains a control character (\\x07)" in run.err
    run = project.run("new", "x" * 10_050, "--date", "2024-06", "--kind", "summit", "--slug", "long")
    assert run.code == 1 and "content/long.md:2: title: is 10,050 characters; at most 10,000" in run.err
    assert files(project) == before


def test_new_refuses_a_slug_another_entry_already_has(project):
    project.write("content/other.md", entry(title="Other", slug="leaders-meet"))
    project.write("content/Rome-Summit.md", entry(title="Rome"))
    before = files(project)
    run = project.run("new", "Leaders meet", "--date", "2024-06", "--kind", "summit")
    assert run.code == 1
    assert "content/leaders-meet.md:1: slug: 'leaders-meet' is already the slug of content/other.md" in run.err
    run = project.run("new", "Rome summit", "--date", "2024-06", "--kind", "summit")  # the same, case folded
    assert run.code == 1 and "content/Rome-Summit.md already uses the slug 'rome-summit'" in run.err
    assert files(project) == before


def test_an_imported_timeline_with_a_control_character_writes_nothing(project):
    timeline = {"events": [
        {"start_date": {"year": "2019"}, "text": {"headline": "Talks begin", "text": "<p>Fine.</p>"}},
        {"start_date": {"year": "2020"}, "text": {"headline": "Bad \u202e headline", "text": "<p>x</p>"}},
    ]}
    project.write("old/timeline.json", json.dumps(timeline))
    before = files(project)
    run = project.run("import", str(project.root / "old/timeline.json"))
    assert run.code == 1 and "Traceback" not in run.err
    assert "title: contains a bidirectional control character (\\u202e)" in run.err
    assert files(project) == before  # not even the good one: all or nothing


def test_fmt_keeps_a_symbolic_link_a_link(project):
    """An entry that is a link to a file kept elsewhere in content/ (not itself an entry): fmt
    rewrites the file it leads to, and the link stays a link."""
    entry_file = project.root / "content/japan-agreement.md"
    text = entry_file.read_text(encoding="utf-8").replace("title: Ukraine", "title:   Ukraine")
    entry_file.unlink()
    stored = project.root / "content/store/japan.txt"
    stored.parent.mkdir()
    stored.write_text(text, encoding="utf-8")
    entry_file.symlink_to("store/japan.txt")
    run = project.run("fmt")
    assert run.code == 0, run.err
    assert entry_file.is_symlink() and entry_file.resolve() == stored.resolve()
    assert stored.read_text(encoding="utf-8").startswith('---\ntitle: "Ukraine and Japan')  # rewritten


def test_a_very_long_title_makes_a_file_name_the_file_system_takes(project):
    words = " ".join(["Leaders"] + ["agreementsandpledges" * 8] * 3)
    run = project.run("new", words, "--date", "2024-06", "--kind", "summit")
    assert run.code == 0, run.err
    (made,) = [p for p in (project.root / "content").glob("leaders*.md")]
    assert len(made.stem) <= 80
    paragraphs = "".join(f"<p>The leaders of Northland and Southland agreed on point {n} of a treaty after two "
                         "years of talks in Geneva.</p>" for n in range(6))
    project.write("saved/page.html", f"<html><body><article><h1>Treaty</h1>{paragraphs}</article></body></html>")
    before = sorted(p.name for p in (project.root / "seeds").iterdir())
    run = project.run("import", str(project.root / "saved/page.html"), "--name", "x" * 300)
    assert run.code == 2 and "--name: at most 80 characters, got 300" in run.err
    assert sorted(p.name for p in (project.root / "seeds").iterdir()) == before
