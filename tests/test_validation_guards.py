"""Validation, round 2: every problem in one run, nothing outside the site read, no input that
slips through. Each protection was removed once and its test seen failing (see the commits)."""

from __future__ import annotations

import os
import shutil

import pytest

from conftest import entry


def line_of(project, relative: str, text: str) -> int:
    lines = (project.root / relative).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def problem_lines(run) -> list[str]:
    return [line for line in run.err.splitlines() if not line.endswith("file(s)")]


# -- 5: every problem in one run -----------------------------------------------------------------

def test_unknown_targets_and_dead_body_links_come_with_the_first_round_of_errors(project):
    project.write("content/broken.md", entry(date="June 2024"))
    project.write("content/relates.md", entry(title="Relates", related="\n  - {event: no-such-event, as: see-also}"
                                              "\n  - {event: broken, as: see-also}"))
    project.write("content/links.md", entry(title="Links") + "\nSee [gone](gone-entry.md) and [b](broken.md).\n")
    run = project.check()
    assert run.code == 1
    assert problem_lines(run) == [
        "content/broken.md:3: date: expected YYYY, YYYY-MM or YYYY-MM-DD, got 'June 2024'",
        f"content/links.md:{line_of(project, 'content/links.md', 'gone-entry.md')}: body: link to 'gone-entry.md' names no entry "
        "(link to another entry's file name, like [G7](g7-summit-2024.md))",
        f"content/relates.md:{line_of(project, 'content/relates.md', 'no-such-event')}: related: no event 'no-such-event' (give the slug of an entry in content/)",
    ]  # and nothing about 'broken': it has problems of its own


def test_a_broken_parties_file_is_reported_alone(project):
    project.write("content/parties.toml", "[ukraine\nname = 'Ukraine'\n")
    run = project.check()
    assert run.code == 1
    lines = problem_lines(run)
    assert len(lines) == 1 and lines[0].startswith("content/parties.toml:1: invalid TOML")


# -- 6: nothing outside the site is read ---------------------------------------------------------

def test_a_seed_linked_to_a_file_outside_seeds_is_refused_and_never_published(project, tmp_path):
    secret = tmp_path / "passwd"
    secret.write_text("Head\n\nroot:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (project.root / "seeds/stolen.txt").symlink_to(secret)
    project.write("content/cites.md", entry(title="Cites", sources="\n  - seed: stolen.txt\n    quote: root:x:0:0"))
    run = project.build()
    assert run.code == 1
    assert "seeds/stolen.txt:1: is a link to a file outside seeds/; refused (copy the file into seeds/)" in run.err
    assert not (project.root / "_site").exists()


def test_a_seed_linked_inside_seeds_is_read(project):
    (project.root / "seeds/alias.txt").symlink_to(next((project.root / "seeds").iterdir()).name)
    run = project.check()
    assert run.code == 0 and "seeds/alias.txt: warning: no entry cites this article" in run.err


@pytest.mark.parametrize("folder", ["content", "seeds"])
def test_a_dangling_link_and_a_loop_are_errors_with_a_line(project, folder):
    (project.root / folder / "dangling.md").symlink_to(project.root / folder / "not-there.md")
    (project.root / folder / "loop-a.md").symlink_to(project.root / folder / "loop-b.md")
    (project.root / folder / "loop-b.md").symlink_to(project.root / folder / "loop-a.md")
    run = project.check()
    assert run.code == 1 and "Traceback" not in run.err
    assert f"{folder}/dangling.md:1: is a link to nothing (its target does not exist) " \
           "(remove the link, or copy the file here)" in run.err
    assert f"{folder}/loop-a.md:1: is a link that leads round in a loop (remove the link)" in run.err
    assert f"{folder}/loop-b.md:1: is a link that leads round in a loop (remove the link)" in run.err


@pytest.mark.parametrize("link, shown", [
    ("templates/event.html", "templates/event.html:1: is a link to a file outside templates/; refused"),
    ("templates/partials", "templates/partials:1: is a link to a file outside templates/; refused"),  # a folder
    ("static/extra.txt", "static/extra.txt:1: is a link to a file outside static/; refused"),
    ("locales/en.po", "locales/en.po:1: is a link to a file outside locales/; refused"),
    ("admin/config.yml", "admin/config.yml:1: is a link to a file outside admin/; refused"),
])
def test_a_link_out_of_any_folder_the_build_reads_is_refused_and_never_published(project, tmp_path, link, shown):
    """templates/, static/, locales/ and admin/ follow the rule of content/ and seeds/ (a template
    linked to /etc/passwd put that file in every event page)."""
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (project.root / link).parent.mkdir(parents=True, exist_ok=True)
    (project.root / link).unlink(missing_ok=True)  # the project's own event.html, replaced by the link
    (project.root / link).symlink_to(outside if link.endswith("partials") else secret)
    run = project.build()
    assert run.code == 1, run.err
    assert any(line.startswith(shown) for line in run.err.splitlines()), run.err
    assert not (project.root / "_site").exists()


def test_a_link_inside_a_folder_the_build_reads_is_fine(project):
    (project.root / "static/vendor").mkdir(parents=True)
    (project.root / "static/vendor/widget.js").write_text("window.widget = 1;\n", encoding="utf-8")
    (project.root / "static/widget.js").symlink_to("vendor/widget.js")
    run = project.build()
    assert run.code == 0, run.err
    assert (project.root / "_site/static/widget.js").read_text(encoding="utf-8") == "window.widget = 1;\n"


def test_a_picture_linked_out_of_the_site_is_refused_at_its_line(project, tmp_path):
    from PIL import Image

    secret = tmp_path / "private.png"
    Image.new("RGB", (64, 64), (200, 10, 10)).save(secret)
    (project.root / "content/media").mkdir()
    (project.root / "content/media/summit.png").symlink_to(secret)
    project.write("content/japan-agreement.md", entry(media="\n  - src: content/media/summit.png\n"
                                                            "    alt: Leaders at the table\n    license: own"))
    run = project.build()
    assert run.code == 1
    assert "content/japan-agreement.md:9: media.src: content/media/summit.png is a link to a file outside the site; " \
           "refused (copy the picture into the site, for example under content/media/)" in run.err
    assert not (project.root / "_site").exists()


# -- 7: inputs that slipped through --------------------------------------------------------------

@pytest.mark.parametrize("value, tag", [("!!binary aGVsbG8=", "!!binary"), ("!!python/object:os.system x",
                                        "!!python/object:os.system"), ("!custom hello", "!custom"),
                                        ("!!set {a: null}", "!!set")])
def test_yaml_tags_other_than_the_plain_ones_are_refused_with_the_tag_named(project, value, tag):
    project.write("content/japan-agreement.md", entry(title=value))
    run = project.check()
    assert problem_lines(run) == [f"content/japan-agreement.md:2: front matter: the YAML tag '{tag}' is not "
                                  "allowed (remove the tag and write the value plainly)"]


def test_plain_tags_written_out_are_accepted(project):
    project.write("content/japan-agreement.md", entry(title='!!str "A title"'))
    assert project.check().code == 0


def test_yaml_merge_keys_are_refused(project):
    text = entry().replace("---\n", "---\ndefaults: &defaults {kind: agreement}\n<<: *defaults\n", 1)
    project.write("content/japan-agreement.md", text)
    assert "content/japan-agreement.md:3: front matter: merge keys ('<<') are not supported " \
           "(write the fields out in this entry)" in project.check().err


def test_a_follows_circle_is_refused_once(project):
    project.write("content/b-event.md", entry(title="B", related="\n  - {event: c-event, as: follows}"))
    project.write("content/c-event.md", entry(title="C", related="\n  - {event: a-event, as: follows}"))
    project.write("content/a-event.md", entry(title="A", related="\n  - {event: b-event, as: follows}"
                                              "\n  - {event: japan-agreement, as: follows}"))
    run = project.check()
    line = line_of(project, "content/a-event.md", "b-event")
    assert problem_lines(run) == [f"content/a-event.md:{line}: related: 'follows' goes round in a circle: a-event -> "
                                  "b-event -> c-event -> a-event (one of them came first: remove or reverse one "
                                  "'follows')"]


def test_follows_without_a_circle_is_fine(project):
    project.write("content/b-event.md", entry(title="B", related="\n  - {event: japan-agreement, as: follows}"))
    project.write("content/a-event.md", entry(title="A", related="\n  - {event: b-event, as: follows}"
                                              "\n  - {event: japan-agreement, as: follows}"))
    assert project.check().code == 0


# -- 8: the cache sees an edit that keeps size and modification time ---------------------------

@pytest.mark.parametrize("how", ["cp -p", "utime"])
def test_an_edit_that_keeps_size_and_mtime_is_seen(project, tmp_path, monkeypatch, how):
    """By the inode change time, which no copy tool can set back (the one-second rule for stamps
    taken just after a change is set aside here, so the comparison itself is what is tested)."""
    import generator.content.files

    monkeypatch.setattr(generator.content.files, "RACY_NS", -1)
    path = project.root / "content/japan-agreement.md"
    good = path.read_text(encoding="utf-8")
    bad = good.replace('"2024-06-13"', '"2024-13-13"')  # same size, invalid
    assert len(bad) == len(good)
    os.utime(path, ns=(10**18, 10**18))  # changed long before the cache records it
    assert project.check().code == 0  # cached now
    assert project.check().code == 0  # and trusted
    if how == "cp -p":
        other = tmp_path / "edited.md"
        other.write_text(bad, encoding="utf-8")
        os.utime(other, ns=(10**18, 10**18))
        shutil.copy2(other, path)  # what cp -p, rsync -t and tar do: contents and times
    else:
        path.write_text(bad, encoding="utf-8")
        os.utime(path, ns=(10**18, 10**18))
    assert path.stat().st_mtime_ns == 10**18 and path.stat().st_size == len(good.encode())
    assert project.check("--no-cache").code == 1
    run = project.check()
    assert run.code == 1 and "content/japan-agreement.md:3: date:" in run.err


def test_a_stamp_taken_within_a_second_of_the_change_is_not_trusted():
    """The clock behind ctime ticks coarsely: a write in the same tick as the stamp would be missed."""
    from generator.content.files import Stamp, trusted

    second = 1_000_000_000
    assert not trusted(Stamp(1, 2, ctime=10 * second, inode=3, taken=10 * second + second // 2), 20 * second)
    assert trusted(Stamp(1, 2, ctime=10 * second, inode=3, taken=12 * second), 20 * second)


# -- 9: a failed build leaves nothing behind ----------------------------------------------------

def test_a_failed_build_in_a_fresh_folder_leaves_no_cache(project):
    project.write("content/japan-agreement.md", entry(date="June 2024"))
    assert project.build().code == 1
    assert sorted(p.name for p in project.root.iterdir()) == ["content", "seeds", "static", "templates",
                                                              "timeline.toml"]
    project.write("content/japan-agreement.md", entry())
    assert project.build().code == 0 and (project.root / ".timeline-cache").is_dir()
    project.write("content/japan-agreement.md", entry(date="June 2024"))
    assert project.build().code == 1 and (project.root / ".timeline-cache").is_dir()  # an existing one stays


def test_a_file_read_again_in_the_preview_gets_a_new_stamp(project, monkeypatch):
    """A preview rebuild lists unchanged files by their recorded stamps; one read again (its stamp
    was taken too soon after a change to be trusted) must be recorded with a new stamp, or it
    would be read again on every rebuild."""
    import datetime as dt

    import generator.content.entries as entries
    from generator.config import load_config
    from generator.content.entries import ENTRY_RECORDS, Context
    from generator.content.loading import load_content
    from generator.content.parties import load_parties
    from generator.content.sources import load_seeds
    from generator.core.cache import MemoryCache
    from generator.core.errors import Problems

    config, cache, problems = load_config(project.root), MemoryCache(), Problems()
    context = Context(config, load_parties(project.root, problems), load_seeds(project.root, problems))
    clock = [10**19]
    monkeypatch.setattr(entries.time, "time_ns", lambda: clock[0])
    today = dt.date(2026, 1, 1)
    load_content(config, today, cache, None, problems)  # recorded at a time far ahead: trusted from now on
    first = cache.load(ENTRY_RECORDS)["content/japan-agreement.md"][1]
    path = project.root / "content/japan-agreement.md"
    racy = type(first)(first.size, first.mtime, first.ctime, first.inode, taken=first.ctime)  # just after
    cache.put(ENTRY_RECORDS, {"content/japan-agreement.md": (context.key, racy, *cache.load(ENTRY_RECORDS)[
        "content/japan-agreement.md"][2:])})
    clock[0] += 10**9
    load_content(config, today, cache, set(), problems)  # the preview's listing: recorded stamps
    again = cache.load(ENTRY_RECORDS)["content/japan-agreement.md"][1]
    assert again.taken == clock[0] and again.taken - path.stat().st_ctime_ns > 10**9
