"""Writing the output as one transaction: all of it, or the previous site byte for byte."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

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


# -- one build at a time per output folder -----------------------------------------------------------

def _timeline(root, *args: str, **options) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **options)


HOLD = """
import sys
from pathlib import Path
from generator.build.lock import output_lock
with output_lock(Path(sys.argv[1])):
    print("holding", flush=True)
    sys.stdin.read()  # until the test closes it
"""


def test_a_second_build_waits_for_the_first_naming_it_and_then_builds(project):
    """A build that finds another writing the same output says which process it waits for, waits,
    and then builds: the site is whole and no transaction is left."""
    many(project, 20)
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(project.root / "_site")], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "holding\n"
        second = _timeline(project.root, "build", "--today", "2026-01-01")
        waiting = second.stderr.readline()  # said before it blocks: nothing is built yet
        assert f"waiting for process {holder.pid}" in waiting and "_site" in waiting, waiting
        assert not (project.root / "_site/index.html").exists() and second.poll() is None
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    assert (project.root / "_site/events/event-019/index.html").is_file()
    assert not list(project.root.glob("._site.transaction"))


HOLD_CACHE = """
import sys
from pathlib import Path
from generator.build.lock import build_locks
with build_locks(None, Path(sys.argv[1])):
    print("holding", flush=True)
    sys.stdin.read()
"""


def test_a_check_waits_for_a_build_using_the_same_cache(project):
    """Two builds (or a check and a build, or the preview and a build into another folder) share
    the cache: one at a time."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD_CACHE, str(project.root / ".timeline-cache")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "holding\n"
        check = _timeline(project.root, "check", "--today", "2026-01-01")
        waiting = check.stderr.readline()
        assert f"waiting for process {holder.pid} to finish using the cache" in waiting, waiting
        assert check.poll() is None
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    out, err = check.communicate(timeout=300)
    assert check.returncode == 0, err


def test_a_killed_builds_lock_never_blocks_the_next(project):
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(project.root / "_site")], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "holding\n"
    holder.kill()  # no chance to let go: the system does
    holder.wait(timeout=60)
    assert (project.root / "._site.lock").exists()  # its leftover
    assert project.build().code == 0
    assert "waiting" not in project.build().err


def test_builds_and_the_preview_started_together_never_leave_a_partial_site(project, tmp_path):
    """Builds into one output at once, each changing every page (the title changes each round),
    with the preview rebuilding the same folder: every build succeeds, no transaction is left, and
    the folder holds a whole site; a last build makes it the site byte for byte."""
    from test_serve import Server

    many(project, 60)
    settings = project.root / "timeline.toml"
    entries = {path.stem for path in (project.root / "content").glob("*.md")}
    server = Server(project.root)
    try:
        for round_ in range(5):
            settings.write_text(f'[site]\ntitle = "Round {round_}"\n', encoding="utf-8")
            builds = [_timeline(project.root, "build", "--today", "2026-01-01", "--quiet", "--no-cache")
                      for _ in range(4)]
            for started in builds:
                out, err = started.communicate(timeout=600)
                assert started.returncode == 0, err
            assert not list(project.root.glob("._site.transaction"))
            assert {p.name for p in (project.root / "_site/events").iterdir() if p.is_dir()} == entries
        server.wait_for(lambda: "Round 4" in server.get("/")[1], "the preview's last rebuild")
    finally:
        server.stop()
    reference = tmp_path / "reference"
    assert project.build("--output", str(reference)).code == 0
    assert set(site_bytes(reference)) - set(site_bytes(project.root / "_site")) == set()  # whole
    assert project.build().code == 0
    assert site_bytes(project.root / "_site") == site_bytes(reference)
