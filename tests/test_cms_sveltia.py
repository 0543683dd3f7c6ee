"""Sveltia CMS for real, as an editor uses it: the pinned release from npm (served where the admin
page's pinned address points, its hash checked by Chromium) working on a local clone through the
File System Access API. The clone is a copy of the bundled timeline (with a `.git` folder, which
Sveltia asks for) in the browser's origin-private file system, handed to the page in place of the
directory picker; what the CMS saved is read back out and checked with the real tool."""

from __future__ import annotations

import base64
import difflib
import re
import shutil
import time
import warnings
from pathlib import Path

import pytest
from browser import npm_file
from test_cms import _timeline
from test_serve import Server

from conftest import QUOTE, REPO, SEED
from generator.config import CMS_PINNED

SCRIPT, INTEGRITY = CMS_PINNED["sveltia"]
DIST = SCRIPT.rsplit("/", 1)[0] + "/"  # the pinned version's folder
# What Sveltia fetches by itself, whatever the site: its interface's fonts (versions pinned in its
# code), a check for a newer release and GitHub's status. Nothing else may leave the site.
SVELTIA_OWN = ("https://cdn.jsdelivr.net/fontsource/fonts/", "https://unpkg.com/@sveltia/cms/package.json",
               "https://www.githubstatus.com/api/v2/status.json")

FILL = """async (files) => {
  const root = await navigator.storage.getDirectory();
  try { await root.removeEntry('clone', {recursive: true}); } catch (e) {}
  const clone = await root.getDirectoryHandle('clone', {create: true});
  await clone.getDirectoryHandle('.git', {create: true});
  const folders = new Map([['', clone]]);
  async function folder(path) {  // each folder made once, before the files written into it at once
    if (!folders.has(path)) {
      const cut = path.lastIndexOf('/');
      folders.set(path, await (await folder(cut < 0 ? '' : path.slice(0, cut)))
        .getDirectoryHandle(path.slice(cut + 1), {create: true}));
    }
    return folders.get(path);
  }
  const entries = Object.entries(files);
  for (const [path] of entries) await folder(path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
  for (let i = 0; i < entries.length; i += 500) {
    await Promise.all(entries.slice(i, i + 500).map(async ([path, text]) => {
      const cut = path.lastIndexOf('/');
      const handle = await folders.get(cut < 0 ? '' : path.slice(0, cut)).getFileHandle(path.slice(cut + 1), {create: true});
      const writer = await handle.createWritable();
      await writer.write(text);
      await writer.close();
    }));
  }
}"""
READ_ALL = """async () => {
  const files = {};
  async function walk(folder, prefix) {
    for await (const [name, handle] of folder.entries()) {
      if (handle.kind === 'directory') await walk(handle, prefix + name + '/');
      else {
        let bytes;
        try { bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer()); }
        catch (e) { if (e.name === 'NotFoundError') continue; throw e; }  // a write's swap file, gone
        let text = '';
        for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        files[prefix + name] = btoa(text);
      }
    }
  }
  await walk(await (await navigator.storage.getDirectory()).getDirectoryHandle('clone'), '');
  return files;
}"""
# the directory picker, answered with the clone (Sveltia keeps the handle and asks for permission,
# which an origin-private folder always has)
PICKER = "window.showDirectoryPicker = async () => (await navigator.storage.getDirectory()).getDirectoryHandle('clone');"


class LocalClone:
    """The bundled timeline with [cms] settings and admin/config.yml, previewed by `timeline serve`
    (which serves the admin page); each page gets a fresh copy of its files in the browser."""

    def __init__(self, root: Path):
        self.root = root
        for name in ("content", "seeds"):
            shutil.copytree(REPO / name, root / name)
        shutil.copy(REPO / "timeline.toml", root / "timeline.toml")  # with its [cms] repo
        made = _timeline(root, "cms")
        assert made.returncode == 0, made.stderr
        self.preview = Server(root, "--drafts")

    def files(self) -> dict[str, str]:
        return {str(p.relative_to(self.root)): p.read_text(encoding="utf-8") for p in sorted(self.root.rglob("*"))
                if p.is_file() and p.parts[len(self.root.parts)] in ("content", "seeds", "admin", "timeline.toml")}

    def open(self, page, route: str = "", extra: dict[str, str] | None = None, unreadable: int = 0):
        """The admin page on a fresh clone (with `extra` files, of which some the CMS cannot read),
        working with it, at a route."""
        page.requested = []
        page.on("request", lambda request: page.requested.append(request.url))
        page.route(DIST + "**", _from_npm)
        page.add_init_script(PICKER)
        page.goto(self.preview.url("/"))
        page.evaluate(FILL, {**self.files(), **(extra or {})})
        page.goto(self.preview.url("/admin/"))
        started = time.monotonic()
        page.get_by_role("button", name="Work with Local Repository").click()
        # the collection's status line, once every file is read: the bundled site's 8 entries and `extra`'s
        count = 8 - unreadable + sum(1 for path in extra or () if re.fullmatch(r"content/[^/.]+\.md", path))
        page.get_by_text(re.compile(f"which has .?{count:,}.? entries")).wait_for(timeout=30_000 + count * 20)
        page.listed_in = time.monotonic() - started  # from "Work with Local Repository" to the whole list
        if route:
            page.goto(self.preview.url(f"/admin/#/{route}"))
            _field(page, "title").locator("input").first.wait_for()
        return page

    def read_back(self, page, into: Path) -> Path:
        """The clone as the CMS left it, written out to a folder of its own."""
        for path, data in page.evaluate(READ_ALL).items():
            (into / path).parent.mkdir(parents=True, exist_ok=True)
            (into / path).write_bytes(base64.b64decode(data))
        return into


def _from_npm(route) -> None:
    """unpkg.com's copy of the pinned release is npm's: serve the installed package's file."""
    route.fulfill(path=str(npm_file(f"@sveltia/cms/dist/{route.request.url[len(DIST):]}")),
                  headers={"Content-Type": "text/javascript", "Access-Control-Allow-Origin": "*"})


def _field(page, key: str, n: int = 0):
    """A field of the form by its key path (sources.0.quote); the first pane's unless `n` says."""
    return page.locator(f"section[data-key-path='{key}']").nth(n)


def _reveal(page, key: str):
    """A field further down: Sveltia draws a long form's fields as they scroll into view."""
    for _ in range(100):
        if _field(page, key).count():
            _field(page, key).scroll_into_view_if_needed()
            return _field(page, key)
        page.locator("section[data-key-path]").last.scroll_into_view_if_needed()
        page.wait_for_timeout(50)
    raise AssertionError(f"no field {key}")


def _choose(page, key: str, option: str) -> None:
    """A choice: radio buttons for a few options, a list box for more."""
    field = _reveal(page, key)
    if field.get_by_role("combobox").count():
        field.get_by_role("combobox").click()
        page.get_by_role("option", name=option, exact=True).click()
    else:
        field.get_by_role("radio", name=option, exact=True).click()


def _save(page) -> None:
    page.get_by_role("button", name="Save", exact=True).click()


def _checked(root: Path, *flags: str) -> None:
    for args in (("check", "--strict", *flags), ("fmt", "--check")):
        result = _timeline(root, *args)
        assert result.returncode == 0, f"timeline {' '.join(args)}: {result.stdout}{result.stderr}"


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    npm_file("@sveltia/cms/dist/sveltia-cms.js")
    running = LocalClone(tmp_path_factory.mktemp("sveltia") / "site")
    yield running
    running.preview.stop()


def test_an_entry_made_in_sveltia_is_what_timeline_new_writes(clone, page, tmp_path):
    from PIL import Image

    photo = tmp_path / "leaders.jpg"
    Image.new("RGB", (800, 533), (40, 90, 160)).save(photo, quality=85)
    clone.open(page, "collections/events/new")
    _field(page, "title").locator("input").first.fill("Leaders meet in Apulia")
    _field(page, "date").locator("input").first.fill("2024-06")  # a month: the precision the sources give
    _choose(page, "kind", "Summit")
    _choose(page, "parties", "Japan")
    _choose(page, "parties", "Ukraine")
    _field(page, "summary").locator("textarea").fill("The G7 met in Apulia.")
    _reveal(page, "sources").get_by_role("button", name=re.compile("Add .?Sources")).click()
    _choose(page, "sources.0.seed", SEED)
    _reveal(page, "sources.0.quote").locator("textarea").fill(QUOTE)
    _reveal(page, "media").get_by_role("button", name=re.compile("Add .?Media")).click()
    page.get_by_role("menuitem", name=re.compile("^.?Picture.?$")).click()
    _reveal(page, "media.0.src").locator("input[type=file]").first.set_input_files(str(photo))
    _reveal(page, "body").locator("textarea:visible").first.fill("What happened, in a few paragraphs, from the sources.")
    _save(page)
    page.get_by_role("button", name="Show Errors").click()  # the save is refused; the errors listed:
    problem = page.get_by_text("This field is required.").last
    problem.wait_for()
    assert problem.evaluate("e => e.parentElement.parentElement.textContent").split() == ["Alt", "text", "error", "This", "field", "is", "required."]
    assert page.get_by_text("This field is required.").count() == 1
    _reveal(page, "media.0.alt").locator("input, textarea").first.fill("Leaders stand in a row in front of the summit's flags")
    _reveal(page, "media.0.credit").locator("input, textarea").first.fill("Photo desk")
    _save(page)
    page.wait_for_url(re.compile("/entries/leaders-meet-in-apulia$"))  # where Sveltia goes once it has saved
    saved = clone.read_back(page, tmp_path / "saved")

    twin = tmp_path / "twin"
    shutil.copytree(clone.root, twin, ignore=shutil.ignore_patterns("_site", ".timeline-cache"))
    made = _timeline(twin, "new", "Leaders meet in Apulia", "--date", "2024-06", "--kind", "summit", "--party",
                     "Japan", "--party", "Ukraine", "--summary", "The G7 met in Apulia.", "--seed", SEED,
                     "--quote", QUOTE)
    assert made.returncode == 0, made.stderr
    expected = (twin / "content/leaders-meet-in-apulia.md").read_text(encoding="utf-8").replace("---\n\n", """\
media:
  - src: "content/media/leaders.jpg"
    alt: "Leaders stand in a row in front of the summit's flags"
    credit: "Photo desk"
---

""", 1)
    assert (saved / "content/leaders-meet-in-apulia.md").read_text(encoding="utf-8") == expected
    assert (saved / "content/media/leaders.jpg").read_bytes() == photo.read_bytes()
    added = {str(p.relative_to(saved)) for p in saved.rglob("*") if p.is_file()} - set(clone.files())
    assert added == {"content/leaders-meet-in-apulia.md", "content/media/leaders.jpg"}
    _checked(saved)

    origin = clone.preview.url("")
    elsewhere = {url for url in page.requested if not url.startswith((origin, DIST, *SVELTIA_OWN, "data:", "blob:"))}
    assert elsewhere == set()  # the site, the pinned CMS and Sveltia's own fonts and checks: nothing else
    assert [url for url in page.requested if url.startswith(DIST)] == [SCRIPT]
    _axe(page)


def _axe(page) -> None:
    """axe on the admin page: findings in Sveltia's own interface are reported as warnings (its
    viewport forbids zooming, its layout has no landmarks); none may be in what the page adds."""
    page.add_script_tag(path=str(npm_file("axe-core/axe.min.js")))
    found = page.evaluate("async () => (await axe.run(document)).violations.map(v => ({rule: `${v.impact}: ${v.id}`, "
                          "nodes: v.nodes.map(n => n.html)}))")
    assert not [v for v in found for html in v["nodes"] if "timeline-cms" in html or 'role="alert" data-timeline' in html]
    if found:
        warnings.warn("axe on the admin page (Sveltia CMS's interface): " +
                      "; ".join(f"{v['rule']} ({len(v['nodes'])})" for v in found))


def test_an_edit_in_sveltia_changes_only_the_edited_line(clone, page, tmp_path):
    clone.open(page, "collections/events/entries/g7-summit-2024-apulia")
    location = _field(page, "location").locator("input").first
    assert location.input_value() == "Apulia, Italy"
    location.fill("Borgo Egnazia, Apulia, Italy")
    _save(page)
    original = "content/g7-summit-2024-apulia.md"
    before = (clone.root / original).read_text(encoding="utf-8")
    saved = tmp_path / "saved"
    for _ in range(200):
        clone.read_back(page, saved)
        if (saved / original).read_text(encoding="utf-8") != before:
            break
        page.wait_for_timeout(100)
    after = (saved / original).read_text(encoding="utf-8")
    changed = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
               if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == ['-location: "Apulia, Italy"', '+location: "Borgo Egnazia, Apulia, Italy"']
    for path in clone.files():  # its translation and every other file: as they were
        if path != original:
            assert (saved / path).read_text(encoding="utf-8") == (clone.root / path).read_text(encoding="utf-8"), path
    _checked(saved)


def test_a_translation_is_added_beside_its_original_with_only_its_text_fields(clone, page, tmp_path):
    talks = '---\ntitle: "Talks in Kyiv"\ndate: "2024-05"\nkind: meeting\nsummary: "Talks."\ndraft: true\n---\n\nBody.\n'
    clone.open(page, "collections/events/entries/talks-in-kyiv", extra={"content/talks-in-kyiv.md": talks})
    page.get_by_role("radio", name=re.compile("Ukrainian")).first.click()
    page.get_by_role("button", name=re.compile("Enable .?Ukrainian")).click()
    _field(page, "title").locator("input").first.wait_for()
    offered = page.evaluate("() => [...document.querySelectorAll('section[data-key-path]')]"
                            ".map(e => e.dataset.keyPath).filter(k => !k.includes('.'))")
    assert "date" not in offered and "kind" not in offered and "sources" not in offered  # the original's alone
    assert {"title", "summary", "location"} <= set(offered)
    _field(page, "title").locator("input").first.fill("Переговори в Києві")
    _field(page, "summary").locator("textarea").first.fill("Переговори.")
    _save(page)
    saved = tmp_path / "saved"
    for _ in range(200):
        clone.read_back(page, saved)
        if (saved / "content/talks-in-kyiv.uk.md").is_file():
            break
        page.wait_for_timeout(100)
    assert (saved / "content/talks-in-kyiv.uk.md").read_text(encoding="utf-8") == \
        '---\ntitle: "Переговори в Києві"\nsummary: "Переговори."\n---\n'
    assert (saved / "content/talks-in-kyiv.md").read_text(encoding="utf-8") == talks
    _checked(saved, "--drafts")


def test_a_file_sveltia_cannot_read_is_named_not_hidden(clone, page):
    odd = '---\ntitle: Hand written   # with a comment\ndate: "2024"\nkind: summit\ndraft: true\n---\n'
    clone.open(page, extra={"content/hand-written.md": odd}, unreadable=1)
    alert = page.get_by_role("alert").filter(has_text="not listed")
    alert.wait_for()
    assert "the entry titled Hand written # with a comment: line 2 is not in the house style (run timeline fmt)" \
        in alert.inner_text()
    _axe(page)  # the banner too


def test_sveltia_runs_only_as_the_pinned_release(clone, page):
    """A CMS script that is not the pinned release's bytes does not run."""
    page.route(SCRIPT, lambda route: route.fulfill(
        body=npm_file("@sveltia/cms/dist/sveltia-cms.js").read_bytes() + b"\n//", headers={
            "Content-Type": "text/javascript", "Access-Control-Allow-Origin": "*"}))
    page.goto(clone.preview.url("/admin/"))
    page.wait_for_load_state("load")
    assert page.evaluate("typeof window.CMS") == "undefined"
    assert any("integrity" in problem for problem in page.problems)
    assert "The editor did not load" in page.locator("body").inner_text()


def test_a_title_in_another_script_names_the_file_in_ascii(clone, page, tmp_path):
    """Sveltia names a new file from its title, transliterated to ASCII ([cms] sets it so): a name
    the validator takes, where `timeline new` asks for a slug."""
    clone.open(page, "collections/events/new")
    _field(page, "title").locator("input").first.fill("Саміт у Римі")
    _field(page, "date").locator("input").first.fill("2025")
    _choose(page, "kind", "Summit")
    _field(page, "summary").locator("textarea").fill("Leaders met in Rome.")
    _save(page)
    page.wait_for_url(re.compile("/entries/samit-u-rimi$"))
    saved = clone.read_back(page, tmp_path / "saved")
    assert (saved / "content/samit-u-rimi.md").read_text(encoding="utf-8") == \
        '---\ntitle: "Саміт у Римі"\ndate: "2025"\nkind: summit\nparties: []\nsummary: "Leaders met in Rome."\ntags: []\nrelated: []\nsources: []\n' \
        'draft: true\n---\n'
    _checked(saved, "--drafts")


def test_ten_thousand_entries_and_their_translations_are_all_listed(clone, page, capsys):
    """At archive scale the list shows every entry (an entry and its translation are one item) and
    the relation search finds among them; the times are printed for the README."""
    extra = {}
    for n in range(10_000):
        extra[f"content/event-{n:05}.md"] = (f'---\ntitle: "Archive event {n:05}"\ndate: "{1950 + n % 75}-{1 + n % 12:02}"\n'
                                             f'kind: meeting\nsummary: "Number {n}."\ndraft: true\n---\n\nBody.\n')
        extra[f"content/event-{n:05}.uk.md"] = f'---\ntitle: "Подія архіву {n:05}"\n---\n'
    clone.open(page, extra=extra)  # the list says 10,008 entries
    page.goto(clone.preview.url("/admin/#/collections/events/entries/g7-summit-2024-apulia"))
    started = time.monotonic()
    _reveal(page, "related").get_by_role("button", name=re.compile("Add .?Related")).click()
    search = _reveal(page, "related.0.event").get_by_role("combobox")
    search.click()
    page.keyboard.type("Archive event 09999")
    page.get_by_role("option", name=re.compile("Archive event 09999")).wait_for(timeout=60_000)
    found = time.monotonic() - started
    with capsys.disabled():
        print(f"\n10,008 entries and 10,008 translations: all listed {page.listed_in:.1f} s after "
              f"'Work with Local Repository'; the relation search found the last one {found:.1f} s after opening an entry")
