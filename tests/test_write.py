"""Writing the output as one transaction: all of it, or the previous site byte for byte."""

from __future__ import annotations

import datetime as dt

import pytest
from test_cache import many, site_bytes

from conftest import entry
from generator.build.recipe import build
from generator.build.write import OutputTransaction, recover
from generator.config import load_config
from generator.core.cache import MemoryCache
from generator.core.errors import OutputError


def run(project):
    return build(load_config(project.root), dt.date(2026, 1, 1), cache=MemoryCache())


@pytest.mark.parametrize("count", [3, 320])  # one process, and worker processes writing
def test_a_crash_while_writing_leaves_the_previous_site(project, monkeypatch, count):
    many(project, count)
    run(project)
    before = site_bytes(project.root / "_site")
    for number in range(count):  # every page changes
        path = project.root / f"content/event-{number:03d}.md"
        path.write_text(path.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    (project.root / f"content/event-{count - 1:03d}.md").unlink()  # and one goes
    original = OutputTransaction.put
    written = []

    def put_then_fail(self, relative, data):
        written.append(relative)
        if len(written) == 3:
            raise RuntimeError("disk on fire")
        return original(self, relative, data)

    monkeypatch.setattr(OutputTransaction, "put", put_then_fail)
    with pytest.raises(RuntimeError):
        run(project)
    assert site_bytes(project.root / "_site") == before
    assert not list(project.root.glob("._site.transaction"))


def test_a_build_killed_midway_is_undone_by_the_next(project):
    run(project)
    before = site_bytes(project.root / "_site")
    transaction = OutputTransaction(project.root / "_site")
    transaction.__enter__()
    transaction.write("index.html", b"half a site")
    transaction.write("brand/new.html", b"new")
    transaction.remove_others()  # everything else "removed"
    # ... and the process dies here: no __exit__.
    assert (project.root / "._site.transaction").is_dir()
    assert recover(project.root / "_site")
    assert site_bytes(project.root / "_site") == before
    assert not (project.root / "._site.transaction").exists()


def test_the_next_build_recovers_before_it_writes(project):
    run(project)
    before = site_bytes(project.root / "_site")
    transaction = OutputTransaction(project.root / "_site")
    transaction.__enter__()
    transaction.write("index.html", b"half a site")
    assert project.build().code == 0
    assert site_bytes(project.root / "_site") == before


def test_unchanged_files_are_not_rewritten(project):
    run(project)
    page = project.root / "_site/index.html"
    stamp = page.stat().st_mtime_ns
    project.write("content/japan-agreement.md", entry() + "\nNew body text.\n")
    run(project)
    assert page.stat().st_mtime_ns == stamp


def test_a_link_inside_the_output_is_refused(project, tmp_path):
    run(project)
    (project.root / "_site/events/escape").symlink_to(tmp_path)
    with pytest.raises(OutputError, match="holds a link"):
        run(project)


@pytest.mark.parametrize("relative", ["../outside.html", "/etc/passwd", "a/../../b", ""])
def test_paths_that_leave_the_output_are_refused(project, relative):
    with OutputTransaction(project.root / "_site") as transaction:
        with pytest.raises(OutputError, match="outside the output folder"):
            transaction.write(relative, b"x")
    assert not (project.root / "outside.html").exists()
