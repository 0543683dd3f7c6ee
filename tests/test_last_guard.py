"""The command line's last guard: whatever escapes a command's own code is told as an error, never
a traceback: the system refusing a file names the file (exit 1); a bug names the file being worked
on (exit 70), with the traceback only under TIMELINE_DEBUG=1."""

from __future__ import annotations

import shutil

import pytest

from conftest import entry


def boom(*args, **kwargs):
    raise ValueError("boom")


def test_a_bug_reading_one_entry_is_an_error_on_that_file_and_the_others_are_still_checked(project, monkeypatch):
    import generator.content.entries as entries

    original = entries.read_event

    def fails_on_one(entry, slug, *args):
        if slug == "second":
            raise ValueError("boom")
        return original(entry, slug, *args)

    monkeypatch.setattr(entries, "read_event", fails_on_one)
    project.write("content/second.md", entry(title="Second"))
    project.write("content/third.md", entry(title="Third", kind="sumit"))
    run = project.check("--no-cache")
    assert run.code == 1 and "Traceback" not in run.err
    assert "content/second.md:1: unexpected ValueError: boom (a bug in timeline-generator; TIMELINE_DEBUG=1 " \
           "shows where)" in run.err
    assert "content/third.md:4: kind: unknown kind 'sumit'" in run.err  # every other problem, in the same run


def test_a_bug_anywhere_else_is_an_error_naming_the_file_worked_on(project, monkeypatch):
    import generator.authoring.fmt as fmt

    monkeypatch.setattr(fmt, "formatted", boom)
    run = project.run("fmt", "--check")
    assert run.code == 70 and "Traceback" not in run.err
    assert run.err.strip() == "error: content/japan-agreement.md: unexpected ValueError: boom (a bug in " \
                              "timeline-generator; TIMELINE_DEBUG=1 shows where)"
    monkeypatch.setenv("TIMELINE_DEBUG", "1")
    with pytest.raises(ValueError):
        project.run("fmt", "--check")


def test_a_bug_with_no_file_in_hand_still_says_what_happened(project, monkeypatch):
    import generator.build.recipe as recipe

    monkeypatch.setattr(recipe, "check_site", boom)
    run = project.build()
    assert run.code == 70 and run.err.startswith("error: unexpected ValueError: boom")


def test_a_file_where_a_folder_must_be_is_an_error_naming_it(project):
    project.root.joinpath("templates").rename(project.root / "old-templates")
    project.write("templates", "a file, not a folder")
    run = project.run("theme", "copy", "event.html")
    assert run.code in (1, 2) and "Traceback" not in run.err and "templates" in run.err
    project.write("admin", "a file, not a folder")
    project.write("timeline.toml", project.root.joinpath("timeline.toml").read_text(encoding="utf-8") + '\n[cms]\nrepo = "a/b"\n')
    run = project.run("cms")
    assert run.code in (1, 2) and "Traceback" not in run.err and "admin" in run.err


def test_init_below_a_file_is_an_error_and_writes_nothing(tmp_path, capsys):
    from generator.commands.cli import main

    (tmp_path / "file").write_text("x", encoding="utf-8")
    code = main(["init", str(tmp_path / "file" / "site"), "--tool", "x==1"])
    err = capsys.readouterr().err
    assert code in (1, 2) and "Traceback" not in err and "file" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_a_write_the_system_refuses_is_an_error_and_the_previous_site_stays(project, monkeypatch):
    """The disk refuses a write midway (a read-only folder, a full disk): an error naming the file,
    the previous site byte for byte, and no transaction left beside it."""
    from test_cache import site_bytes

    import generator.build.write as write

    assert project.build().code == 0
    before = site_bytes(project.root / "_site")
    original, calls = write.os.replace, []

    def refuses(source, target):
        calls.append(target)
        if len(calls) == 3:
            raise PermissionError(13, "Permission denied", str(target))
        return original(source, target)

    monkeypatch.setattr(write.os, "replace", refuses)
    project.write("content/japan-agreement.md", entry(title="Changed"))
    project.write("content/new.md", entry(title="New"))
    run = project.build()
    monkeypatch.undo()
    assert run.code == 1 and "Traceback" not in run.err
    assert "Permission denied" in run.err and "_site/" in run.err
    assert site_bytes(project.root / "_site") == before
    assert not list(project.root.glob("._site.transaction"))


# -- what the guard used to catch, now told as what it is --------------------------------------------

def test_a_timelinejs_date_written_as_text_is_an_error_on_its_line(project):
    project.write("old/timeline.json", '{"events": [\n  {"start_date": "2019", "text": {"headline": "A"}}\n]}\n')
    run = project.run("import", str(project.root / "old/timeline.json"))
    assert run.code == 1 and "unexpected" not in run.err
    assert 'old/timeline.json:2: events[0].start_date: expected an object, got "2019"' in run.err


def test_a_timelinejs_key_given_twice_is_an_error_naming_it(project):
    project.write("old/timeline.json", '{"events": [\n  {"start_date": {"year": 2019},\n'
                                       '   "start_date": {"year": 2020}, "text": {"headline": "A"}}\n]}\n')
    before = sorted(p.name for p in (project.root / "content").iterdir())
    run = project.run("import", str(project.root / "old/timeline.json"))
    assert run.code == 1
    assert "old/timeline.json:3: start_date: 'start_date' is given twice in one object (keep the one you mean)" \
        in run.err
    assert sorted(p.name for p in (project.root / "content").iterdir()) == before


def test_a_site_catalog_that_is_not_utf8_is_an_error_on_its_line(project):
    project.write("timeline.toml", '[site]\ntitle = "Test"\nlanguage = "uk"\n')
    project.write("locales/uk.po", b'msgid "Search"\nmsgstr "\xff\xfe"\n')
    run = project.build()
    assert run.code == 1 and "unexpected" not in run.err
    assert "locales/uk.po:2: not valid UTF-8 (byte 0xff) (save the file as UTF-8)" in run.err


def test_a_template_that_extends_itself_is_an_error_naming_it(project):
    project.write("templates/event.html", '{% extends "event.html" %}\n')
    run = project.build()
    assert run.code == 1 and "unexpected" not in run.err
    assert "templates/event.html:1: template: extends or includes itself, round in a loop" in run.err


def test_a_key_given_twice_in_toml_is_named_on_its_line(project):
    project.write("seeds/000_f58ab9d484ce5563.toml", 'published = "2024-06"\npublished = "2024-07"\n')
    run = project.build()
    assert "seeds/000_f58ab9d484ce5563.toml:2: published: 'published' is given twice (keep the one you mean)" \
        in run.err
    project.write("seeds/000_f58ab9d484ce5563.toml", 'published = "2024-06"\n')
    project.write("timeline.toml", '[site]\ntitle = "Test"\n\n[site]\nlanguage = "en-GB"\n')
    assert "timeline.toml:4: site: 'site' is given twice" in project.build().err


def test_a_quoted_key_is_found_on_its_line(project):
    project.write("timeline.toml", "[site]\n'title' = \"\"\nlanguage = \"en-GB\"\n")
    assert "timeline.toml:2: site.title: must not be empty" in project.build().err


def test_a_missing_included_template_is_named_where_it_is_included(project):
    project.write("templates/event.html", '<!doctype html>\n<p>An event</p>\n{% include "../../outside.html" %}\n')
    run = project.build()
    assert run.code == 1 and "templates/event.html:3: template: missing template '../../outside.html'" in run.err


def test_theme_copy_is_all_or_nothing(project):
    shutil.rmtree(project.root / "templates")
    assert project.run("theme", "copy", "event.html", "event.html").code == 0  # a name given twice: copied once
    assert (project.root / "templates/event.html").is_file()
    (project.root / "templates/event.html").unlink()
    (project.root / "templates/event.html").symlink_to("nowhere.html")
    run = project.run("theme", "copy", "list.html", "event.html")
    assert run.code == 2 and "templates/event.html is a link to nothing" in run.err
    assert not (project.root / "templates/list.html").exists()
    shutil.rmtree(project.root / "templates")
    shutil.rmtree(project.root / "static")
    project.write("templates", "a file")
    run = project.run("theme", "copy", "static/style.css", "event.html")
    assert run.code == 2 and "templates is a file, where a folder must be (nothing was written)" in run.err
    assert not (project.root / "static/style.css").exists()


def test_a_static_folder_named_like_a_theme_file_is_an_error_and_the_site_stays(project):
    shutil.rmtree(project.root / "static")  # the theme's static files only
    assert project.build().code == 0
    project.write("static/timeline.js/extra.txt", "x")
    run = project.build()
    assert run.code == 1 and "unexpected" not in run.err
    assert "static/timeline.js:1: is both a file and a folder of static files" in run.err
    assert (project.root / "_site/static/timeline.js").is_file()
