"""The build cache: what each change invalidates, and that it never changes a byte of output."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from conftest import entry, search_fragments
from generator.build.recipe import build
from generator.config import load_config
from generator.core.cache import CACHE_DIR, DiskCache, MemoryCache
from generator.core.errors import ContentError, OutputError

TODAY = dt.date(2026, 1, 1)


def site_bytes(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def many(project, count: int) -> None:
    """Entries enough to use the worker processes, related and linked to each other."""
    for number in range(count):
        related = f"\n  - {{event: event-{number - 1:03d}, as: see-also}}" if number else None
        project.write(f"content/event-{number:03d}.md",
                      entry(title=f"Event {number}", date=f'"{2000 + number % 20}-0{1 + number % 9}"',
                            related=related) + f"\nSee [the first](event-000.md). Number {number}.\n")


def run(project, cache=None, **options):
    config = load_config(project.root, **options)
    return build(config, TODAY, cache=cache if cache is not None else DiskCache(project.root / CACHE_DIR))


@pytest.mark.parametrize("count", [0, 320])
def test_output_is_the_same_with_and_without_the_cache(project, tmp_path, count):
    many(project, count)
    run(project, cache=MemoryCache(), output=str(tmp_path / "plain"))
    run(project, output=str(tmp_path / "cached"))  # fills the cache
    run(project, output=str(tmp_path / "again"))  # uses it
    plain = site_bytes(tmp_path / "plain")
    assert plain == site_bytes(tmp_path / "cached") == site_bytes(tmp_path / "again")


def test_nothing_changed_means_nothing_rendered_or_written(project):
    many(project, 30)
    first = run(project)
    assert first.rendered == first.pages and first.written > first.pages
    again = run(project)
    assert (again.rendered, again.written) == (0, 0)


def test_a_site_moved_or_cloned_elsewhere_with_its_cache_and_output_builds_warm(project, tmp_path):
    """What the Pages workflow does: a fresh checkout somewhere new, the cache and the last site
    restored into it (files with new inodes and times), and a build that renders nothing."""
    many(project, 30)
    run(project)
    moved = tmp_path / "elsewhere" / "site"
    shutil.copytree(project.root, moved)
    config = load_config(moved)
    again = build(config, TODAY, cache=DiskCache(moved / CACHE_DIR))
    assert (again.rendered, again.written) == (0, 0)
    assert site_bytes(moved / "_site") == site_bytes(project.root / "_site")


def test_an_edited_body_renders_its_page_and_writes_only_that(project):
    many(project, 30)
    run(project)
    path = project.root / "content/event-010.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA new sentence.\n", encoding="utf-8")
    before = set(site_bytes(project.root / "_site/search").items())
    result = run(project)
    # cards and lists show front matter, not the body: only the event's page, events.json and feed.xml carry it;
    # and in the search index, the event's card (its text) and the pieces that list its words
    searched = {name for name, _ in set(site_bytes(project.root / "_site/search").items()) - before}
    assert [name for name in searched if "/e/" in name] == [
        search_fragments(project.root / "_site")["/events/event-010/"]["file"]]
    assert all(name.startswith(("en-gb/w/", "en-gb/s/", "en-gb/e/", "en-gb/index.json")) for name in searched)
    assert (result.rendered, result.written) == (3, 3 + len(searched))
    assert "A new sentence." in (project.root / "_site/events/event-010/index.html").read_text(encoding="utf-8")


def test_a_card_template_that_reads_the_body_is_an_error_naming_its_line(project):
    """Cards are keyed on front matter alone, so a card cannot show the body: reading it says so
    where the template does, instead of lists that silently miss body edits."""
    macros = project.root / "templates/_macros.html"
    text = macros.read_text(encoding="utf-8")
    macros.write_text(text.replace(
        '{% if event.summary %}', '<p class="excerpt">{{ event.body[:40] }}</p>{% if event.summary %}', 1),
        encoding="utf-8")
    line = text[:text.index('{% if event.summary %}')].count("\n") + 1
    with pytest.raises(ContentError) as error:
        run(project)
    assert [str(p) for p in error.value.problems] == [
        f"templates/_macros.html:{line}: template: cards show an event's front matter only; use event.summary "
        "(the body is on the event's page)"]
    assert not (project.root / "_site").exists()


def test_an_edited_title_reaches_every_page_that_shows_it(project):
    many(project, 30)
    run(project)
    project.write("content/event-010.md", entry(title="Renamed event", date='"2010-02"',
                                                related="\n  - {event: event-009, as: see-also}"))
    result = run(project)
    pages_with_title = sorted(p.relative_to(project.root / "_site").as_posix()
                              for p in (project.root / "_site").rglob("*")
                              if p.is_file() and "search" not in p.parts
                              and "Renamed event" in p.read_text(encoding="utf-8"))
    assert "events/event-009/index.html" in pages_with_title  # related back, and its neighbour
    assert "events/event-011/index.html" in pages_with_title  # related to it
    assert "index.html" in pages_with_title and "kinds/agreement/index.html" in pages_with_title
    assert "feed.xml" in pages_with_title and "events.ics" in pages_with_title
    searched = [name for name in site_bytes(project.root / "_site") if name.startswith("search/")]
    assert search_fragments(project.root / "_site")["/events/event-010/"]["meta"]["title"] == "Renamed event"
    # + the sources page (whose cited-by list shows titles) and the search bundle's files that changed
    assert result.written <= len(pages_with_title) + 1 + len(searched)


@pytest.mark.parametrize("change", ["template", "setting", "party"])
def test_a_template_setting_or_registry_change_renders_every_page(project, change):
    many(project, 30)
    before = run(project)
    if change == "template":
        base = project.root / "templates/base.html"
        base.write_text(base.read_text(encoding="utf-8").replace("Skip to content", "Skip"), encoding="utf-8")
    elif change == "setting":
        project.write("timeline.toml", '[site]\ntitle = "Another title"\n')
    else:
        parties = project.root / "content/parties.toml"
        parties.write_text(parties.read_text(encoding="utf-8").replace('"Japan"', '"Nippon"'), encoding="utf-8")
    after = run(project)
    assert after.rendered == before.pages


def test_a_deleted_output_file_comes_back(project):
    run(project)
    (project.root / "_site/events/japan-agreement/index.html").unlink()
    result = run(project)
    assert result.rendered == 1
    assert (project.root / "_site/events/japan-agreement/index.html").is_file()


def test_a_removed_entry_takes_its_page_with_it(project):
    many(project, 5)
    run(project)
    (project.root / "content/event-004.md").unlink()
    run(project)
    assert not (project.root / "_site/events/event-004").exists()


def test_a_damaged_cache_is_an_empty_one(project):
    run(project)
    expected = site_bytes(project.root / "_site")
    (project.root / CACHE_DIR / "cache.sqlite").write_bytes(b"not a database")
    shutil.rmtree(project.root / "_site")
    run(project)
    assert site_bytes(project.root / "_site") == expected


def test_a_cache_file_of_an_older_layout_is_emptied_and_rebuilt(project):
    import sqlite3
    run(project)
    expected = site_bytes(project.root / "_site")
    (project.root / CACHE_DIR / "cache.sqlite").unlink()
    old = sqlite3.connect(project.root / CACHE_DIR / "cache.sqlite")
    old.execute("CREATE TABLE records (kind TEXT, key TEXT, value BLOB, PRIMARY KEY (kind, key)) WITHOUT ROWID")
    old.execute("INSERT INTO records VALUES ('body', 'stale', x'00')")
    old.commit()
    old.close()
    shutil.rmtree(project.root / "_site")
    run(project)
    assert site_bytes(project.root / "_site") == expected
    again = run(project)  # and the new file is a working cache
    assert (again.rendered, again.written) == (0, 0)
    with sqlite3.connect(project.root / CACHE_DIR / "cache.sqlite") as db:
        assert db.execute("SELECT count(*) FROM records WHERE key = 'stale'").fetchone() == (0,)


def test_no_cache_leaves_the_cache_alone(project):
    assert project.build("--no-cache").code == 0
    assert not (project.root / CACHE_DIR).exists()
    assert project.build().code == 0
    assert (project.root / CACHE_DIR / "cache.sqlite").is_file()
    assert (project.root / CACHE_DIR / ".gitignore").read_text(encoding="utf-8") == "*\n"


def test_the_cache_is_never_the_output(project):
    with pytest.raises(OutputError):
        run(project, output=str(project.root / CACHE_DIR))


def test_a_new_code_version_does_not_trust_old_records(project, monkeypatch):
    run(project)
    import generator.core.cache
    monkeypatch.setattr(generator.core.cache, "CODE_KEY", "another version")
    assert run(project).rendered == run(project, cache=MemoryCache()).pages


def test_one_long_lived_cache_through_many_edits_matches_fresh_builds(project, tmp_path):
    """The preview server's way: one cache object, edits one after another, each result checked."""
    many(project, 40)
    cache = DiskCache(project.root / CACHE_DIR)
    run(project, cache=cache)
    path = lambda n: project.root / f"content/event-{n:03d}.md"  # noqa: E731
    edits = [
        lambda: path(10).write_text(path(10).read_text(encoding="utf-8").replace("Event 10", "Renamed ten"),
                                    encoding="utf-8"),
        lambda: path(20).write_text(path(20).read_text(encoding="utf-8") + "\nMore body.\n", encoding="utf-8"),
        lambda: path(30).write_text(path(30).read_text(encoding="utf-8").replace('"2010-04"', '"1999"'),
                                    encoding="utf-8"),
        lambda: path(39).unlink(),
        lambda: project.write("content/brand-new.md", entry(title="Brand new", related="\n  - {event: event-006, as: see-also}")),
    ]
    for number, edit in enumerate(edits):
        edit()
        run(project, cache=cache)
        fresh = tmp_path / f"fresh-{number}"
        run(project, cache=MemoryCache(), output=str(fresh))
        assert site_bytes(project.root / "_site") == site_bytes(fresh), f"after edit {number}"


def count_items(monkeypatch) -> dict[str, int]:
    """How many items of each list export get made from scratch."""
    from generator.outputs.exports import Exports
    from generator.outputs.items import LIST_EXPORTS
    made = {name: 0 for name in LIST_EXPORTS}
    for name, spec in LIST_EXPORTS.items():
        def counting(self, event, _name=name, _make=getattr(Exports, spec.item)):
            made[_name] += 1
            return _make(self, event)
        monkeypatch.setattr(Exports, spec.item, counting)
    return made


def test_a_one_shot_build_takes_unchanged_export_items_from_the_previous_file(project, tmp_path, monkeypatch):
    many(project, 40)
    run(project)
    made = count_items(monkeypatch)
    path = project.root / "content/event-020.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nMore body.\n", encoding="utf-8")
    run(project)  # a new process would know nothing but the cache and the output
    assert made["events.json"] == 1  # the edited event's item; the 40 others were sliced from the old file
    run(project, cache=MemoryCache(), output=str(tmp_path / "fresh"))
    assert site_bytes(project.root / "_site") == site_bytes(tmp_path / "fresh")
    path.write_text(path.read_text(encoding="utf-8").replace("Event 20", "Event twenty"), encoding="utf-8")
    made.update(dict.fromkeys(made, 0))
    run(project)  # a title shows in every list export, with and without separators between items
    assert made == dict.fromkeys(made, 1)
    run(project, cache=MemoryCache(), output=str(tmp_path / "fresh-title"))
    assert site_bytes(project.root / "_site") == site_bytes(tmp_path / "fresh-title")


@pytest.mark.parametrize("damage", ["edited", "truncated", "deleted"])
def test_an_export_changed_outside_the_build_is_not_reused(project, tmp_path, monkeypatch, damage):
    many(project, 40)
    run(project)
    exported = project.root / "_site/events.json"
    if damage == "edited":  # same length, other bytes
        exported.write_bytes(exported.read_bytes().replace(b'"Event 1"', b'"Event X"'))
    elif damage == "truncated":
        exported.write_bytes(exported.read_bytes()[:-100])
    else:
        exported.unlink()
    made = count_items(monkeypatch)
    path = project.root / "content/event-020.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nMore body.\n", encoding="utf-8")
    run(project)
    assert made["events.json"] == 41
    run(project, cache=MemoryCache(), output=str(tmp_path / "fresh"))
    assert site_bytes(project.root / "_site") == site_bytes(tmp_path / "fresh")


def test_a_renamed_link_target_reaches_every_page_of_entries_linking_to_it(project, tmp_path):
    """A's body links to B's file; B's slug changes: A's page (and anything else showing A's body) follows."""
    many(project, 40)
    project.write("content/target.md", entry(title="The target"))
    project.write("content/linker.md", entry(title="The linker") + "\nSee [the target](target.md).\n")
    run(project)
    project.write("content/target.md", entry(title="The target").replace("title:", "slug: moved\ntitle:", 1))
    run(project)
    run(project, cache=MemoryCache(), output=str(tmp_path / "fresh"))
    assert '/events/moved/">the target' in (project.root / "_site/events/linker/index.html").read_text(encoding="utf-8")
    assert site_bytes(project.root / "_site") == site_bytes(tmp_path / "fresh")


def test_two_identical_entry_files_are_two_events_in_every_export(project, tmp_path):
    """An editor copies an entry to start another: same text, two slugs (from the file names)."""
    many(project, 40)
    text = entry(title="Copied") + "\nThe same words.\n"
    project.write("content/original.md", text)
    project.write("content/copy.md", text)
    run(project)
    run(project)
    run(project, cache=MemoryCache(), output=str(tmp_path / "fresh"))
    for name, shown in [("events.json", "events/{}/"), ("timelinejs.json", "events/{}/"), ("events.ics", "UID:{}@"),
                        ("events.csv", "events/{}/")]:
        exported = (project.root / "_site" / name).read_text(encoding="utf-8")
        assert shown.format("original") in exported and shown.format("copy") in exported, name
    assert {"/events/original/", "/events/copy/"} <= set(search_fragments(project.root / "_site"))
    assert site_bytes(project.root / "_site") == site_bytes(tmp_path / "fresh")


def test_markup_rendered_once_per_build_follows_the_settings_in_a_long_lived_process(project, tmp_path):
    """The base template's {% once %} parts (head links, footer) are rendered once per language and
    build: the preview, whose Jinja environment outlives a build, shows a new title at once."""
    many(project, 320)  # on the workers too: each renders the parts once
    cache = MemoryCache()
    run(project, cache=cache)
    footer = project.html("events/event-001/index.html").select_one("footer.site-footer").get_text()
    assert "Test timeline: every event cites its sources" in footer
    config = project.root / "timeline.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('"Test timeline"', '"Renamed timeline"'),
                      encoding="utf-8")
    run(project, cache=cache)
    for page in ("events/event-001/index.html", "index.html", "sources/index.html"):
        html = project.html(page)
        assert "Renamed timeline: every event cites" in html.select_one("footer.site-footer").get_text()
        assert html.select_one('link[type="application/atom+xml"]')["title"] == "Renamed timeline (Atom feed)"
    run(project, cache=MemoryCache(), output=str(tmp_path / "fresh"))
    assert site_bytes(project.root / "_site") == site_bytes(tmp_path / "fresh")


def test_a_sites_template_may_render_its_own_parts_once(project):
    project.write("content/second.md", entry(title="A second event"))
    project.write("templates/event.html", '{% extends "theme/event.html" %}{% block head %}{{ super() }}{% once %}'
                  '<meta name="x-built-by" content="{{ site.title }} {{ urls.export(\'feed.xml\') }}">'
                  '{% endonce %}{% endblock %}')
    run(project)
    for page in ("events/second/index.html", "events/japan-agreement/index.html"):
        assert project.html(page).select_one('meta[name="x-built-by"]')["content"] == \
            "Test timeline /feed.xml"
    project.write("templates/event.html", '{% extends "theme/event.html" %}{% block head %}{% once %}'
                  '<meta name="x">{% endblock %}')
    with pytest.raises(ContentError) as caught:
        run(project)
    assert caught.value.problems[0].path == "templates/event.html" and "endonce" in caught.value.problems[0].message


def test_records_another_version_made_are_dropped_not_unpickled_into_this_one(project, monkeypatch):
    """Records are keyed by file, not by CODE_KEY: after an upgrade, a translation read by the old
    version (an object without what the new one gives it) must be read again, not trusted."""
    import generator.core.cache as cache_module

    assert project.build().code == 0
    cache = DiskCache(project.root / CACHE_DIR)
    assert cache.load("entry")  # the build kept its entries
    cache.close()
    monkeypatch.setattr(cache_module, "CODE_KEY", "another-version")
    upgraded = DiskCache(project.root / CACHE_DIR)
    assert upgraded.load("entry") == {}
    upgraded.close()
    assert project.build().code == 0  # and a build with it is a whole one, which saves its own
    again = DiskCache(project.root / CACHE_DIR)
    assert again.load("entry")
    again.close()
