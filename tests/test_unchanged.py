"""A build with nothing to do is found from file times (build/unchanged.py): it renders and writes
nothing and says what the last build said; any change to an input, an option or the output makes
the build work again, and its output is what a full build writes."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from conftest import SEED, entry
from generator.build import unchanged
from generator.build.recipe import build
from generator.config import load_config
from generator.core.cache import CACHE_DIR, DiskCache, MemoryCache

TODAY = dt.date(2026, 1, 1)


@pytest.fixture
def trusting(monkeypatch):
    """File times are trusted at once (a test writes its files a moment before it builds; the real
    rule waits a second, tested apart)."""
    monkeypatch.setattr(unchanged, "TRUSTED_AFTER_NS", -10**9)


def run(project, today=TODAY, drafts=False, strict=False, **options):
    config = load_config(project.root, **options)
    return build(config, today, drafts=drafts, strict=strict, cache=DiskCache(project.root / CACHE_DIR))


def site_bytes(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def worked(result) -> bool:
    """Whether the build read and planned the site (it found something to do, or could not tell)."""
    return result.timeline is not None


def with_a_warning(project):
    project.write("content/undated.md", entry(title="An entry with a warning", summary=None))
    first = run(project)
    assert first.warnings
    return first


def test_a_second_build_with_nothing_changed_does_nothing_and_says_what_the_first_said(project, trusting):
    first = with_a_warning(project)
    before = site_bytes(project.root / "_site")
    again = run(project)
    assert not worked(again)
    assert (again.rendered, again.written, again.pages, again.entries) == (0, 0, first.pages, first.entries)
    assert again.warnings == first.warnings
    assert site_bytes(project.root / "_site") == before


def test_the_command_line_says_the_same_twice(project, trusting):
    with_a_warning(project)
    first, again = project.build(), project.build()
    assert first.code == again.code == 0
    assert first.err == again.err and "warning" in first.err
    said = [line.split(" in ")[0] for run_ in (first, again) for line in run_.out.splitlines() if "built" in line]
    assert said[0] == said[1] and said[0].startswith("built 2 entries into")


CHANGES = {
    "an entry edited": lambda p: p.write("content/japan-agreement.md", entry(title="A new title for it")),
    "an entry added": lambda p: p.write("content/second.md", entry(title="A second agreement")),
    "an entry removed": lambda p: (p.root / "content/japan-agreement.md").unlink(),
    "a template edited": lambda p: p.write("templates/event.html", (p.root / "templates/event.html").read_text(
        encoding="utf-8").replace("</article>", "<p>Edited.</p></article>", 1)),
    "a static file added": lambda p: p.write("static/extra.css", "body { color: red }\n"),
    "an article edited": lambda p: p.write(f"seeds/{SEED}", (p.root / "seeds" / SEED).read_text(
        encoding="utf-8") + "\nOne more line.\n"),
    "the parties edited": lambda p: p.write("content/parties.toml", (p.root / "content/parties.toml").read_text(
        encoding="utf-8").replace('name = "Japan"', 'name = "Nippon"')),
    "the settings edited": lambda p: p.write("timeline.toml", '[site]\ntitle = "Another title"\nlanguage = "en-GB"\n'),
    "a file of the site's own added": lambda p: p.write("locales/uk.po", 'msgid ""\nmsgstr ""\n'),
    "a page deleted from the output": lambda p: (p.root / "_site/events/japan-agreement/index.html").unlink(),
    "a file put in the output": lambda p: p.write("_site/stray.html", "<p>stray</p>"),
}


@pytest.mark.parametrize("change", CHANGES)
def test_any_change_makes_the_build_work_and_write_what_a_full_build_writes(project, trusting, tmp_path, change):
    run(project)
    CHANGES[change](project)
    again = run(project)
    assert worked(again)
    full = build(load_config(project.root, output=str(tmp_path / "full")), TODAY, cache=MemoryCache())
    assert full.pages == again.pages
    assert site_bytes(project.root / "_site") == site_bytes(tmp_path / "full")
    assert not worked(run(project))  # and the build after that has nothing to do


def test_another_day_or_option_or_output_makes_the_build_work(project, trusting, tmp_path):
    run(project)
    assert worked(run(project, today=TODAY + dt.timedelta(days=1)))
    assert worked(run(project, drafts=True))
    assert worked(run(project, output=str(tmp_path / "elsewhere")))
    assert worked(run(project))  # (the stamp kept is the last build's: another day's, then the drafts')
    assert not worked(run(project))


def test_strict_after_a_build_with_warnings_still_fails(project, trusting):
    with_a_warning(project)
    assert not worked(run(project))
    result = project.build("--strict")
    assert result.code == 1 and "warning" in result.err


def test_a_file_changed_a_moment_ago_is_not_trusted(project):
    """A file system's clock ticks coarsely: a file written within a second of the stamp could
    change again without its time moving, so such a build keeps no stamp and the next one works."""
    run(project)
    again = run(project)  # every file of the project was written a moment ago
    assert worked(again) and (again.rendered, again.written) == (0, 0)


def test_a_link_to_a_folder_of_inputs_is_followed(project, trusting, tmp_path):
    """A content folder that is a link elsewhere: an edit there is a change."""
    elsewhere = tmp_path / "shared-content"
    shutil.move(str(project.root / "content"), elsewhere)
    (project.root / "content").symlink_to(elsewhere, target_is_directory=True)
    run(project)
    assert not worked(run(project))
    (elsewhere / "japan-agreement.md").write_text(entry(title="Edited through the link"), encoding="utf-8")
    assert worked(run(project))
    assert "Edited through the link" in (project.root / "_site/events/japan-agreement/index.html").read_text(
        encoding="utf-8")


def test_a_page_deleted_by_hand_is_written_again_by_a_build_with_another_change(project, trusting):
    """The files a build left are known without listing the output only while its folders are as
    that build left them."""
    project.write("content/second.md", entry(title="A second agreement"))
    run(project)
    (project.root / "_site/events/second/index.html").unlink()
    project.write("content/japan-agreement.md", entry(title="A new title for it"))
    run(project)
    assert (project.root / "_site/events/second/index.html").is_file()


def test_no_cache_and_check_never_take_the_shortcut(project, trusting):
    run(project)
    config = load_config(project.root)
    assert worked(build(config, TODAY, cache=MemoryCache()))
    assert worked(build(config, TODAY, write=False, cache=DiskCache(project.root / CACHE_DIR)))


def test_a_link_check_makes_the_next_build_work(project, trusting):
    """The pages follow `timeline links`' results (a dead original's archived copy goes first)."""
    from generator.content import link_states

    run(project)
    assert not worked(run(project))
    cache = DiskCache(project.root / CACHE_DIR)
    link_states.keep(cache, [link_states.Checked("https://x.example/a", 404, "https://x.example/a", 0, "",
                                                 "2026-01-01")])
    cache.commit()
    cache.close()
    assert worked(run(project))
