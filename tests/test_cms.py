"""Decap CMS for real, the editor a site chooses with `[cms] editor = "decap"` (Sveltia CMS, the
default, is in test_cms_sveltia.py): from npm, served where the admin page's pinned URL points,
hash checked by Chromium, with its local backend (decap-server, bound to 127.0.0.1) on a copy of
the bundled timeline, beside `timeline serve --drafts`. An editor's form saves what `timeline new`
writes, an edit changes only its own line, and a date the validator would refuse is refused. Then
the configuration `timeline cms` writes for either editor, and its settings' errors."""

from __future__ import annotations

import difflib
import os
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import warnings
from pathlib import Path

import pytest
from browser import npm_file
from test_serve import Server, free_port

from conftest import REPO, SEED
from generator.config import CMS_PINNED

QUOTE = "Ukraine will sign bilateral security agreements with the United States and Japan"
CMS_SCRIPT = CMS_PINNED["decap"][0]
DIST = CMS_SCRIPT.rsplit("/", 1)[0] + "/"  # the pinned version's folder: the script and the chunks it loads
LOCAL_BACKEND = "http://127.0.0.1:8081/"  # what the generated configuration names
DECAP = '[cms]\neditor = "decap"\nreview = false\n'


class Editing:
    """A copy of the bundled site with admin/config.yml, previewed and served to the CMS."""

    def __init__(self, root: Path):
        self.root = _bundled_copy(root)
        settings = root / "timeline.toml"  # saving straight to the folder: decap-server has no pull requests
        settings.write_text(settings.read_text(encoding="utf-8").replace("[cms]\n", DECAP), encoding="utf-8")
        assert _timeline(root, "cms").returncode == 0
        self.preview = Server(root, "--drafts")
        self.backend_port = free_port()
        self.backend = subprocess.Popen(
            ["node", str(npm_file("decap-server/dist/index.js"))], cwd=root, stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT, env={**os.environ, "BIND_HOST": "127.0.0.1", "PORT": str(self.backend_port)})
        deadline = time.monotonic() + 20
        while socket.socket().connect_ex(("127.0.0.1", self.backend_port)) != 0:
            assert time.monotonic() < deadline and self.backend.poll() is None, "decap-server did not start"
            time.sleep(0.1)

    def open(self, page, route: str = ""):
        """The admin page, logged in to the local backend, at a route such as collections/events/new."""
        page.requested = []
        page.on("request", lambda request: page.requested.append(request.url))
        page.route(DIST + "**", _from_npm)
        page.route(LOCAL_BACKEND + "**", self._to_backend)
        page.goto(self.preview.url("/admin/"))
        page.get_by_role("button", name="Login").click()
        page.get_by_text("Events").first.wait_for()
        if route:
            page.goto(self.preview.url(f"/admin/#/{route}"))
            page.locator("[id^=title-field-]").first.wait_for()
        return page

    def _to_backend(self, route) -> None:
        """The CMS's calls to the local backend, sent to this test's decap-server. A call still in
        flight when its page closes or navigates has no one left to answer (a busy machine makes
        that likely): it is dropped, not an error of the next test."""
        from playwright.sync_api import Error

        try:
            route.fulfill(response=route.fetch(url=route.request.url.replace(":8081/", f":{self.backend_port}/")))
        except Error as error:
            if not any(gone in str(error) for gone in ("disposed", "closed", "Target page")):
                raise

    def stop(self) -> None:
        self.backend.terminate()
        self.backend.wait(timeout=10)
        self.preview.stop()


def _bundled_copy(root: Path) -> Path:
    """The bundled timeline's content, articles and settings, copied to `root`."""
    for name in ("content", "seeds"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "timeline.toml", root / "timeline.toml")
    return root


def _from_npm(route) -> None:
    """unpkg.com's copy of the pinned release is npm's: serve the installed package's file."""
    name = route.request.url[len(DIST):]
    kind = "application/wasm" if name.endswith(".wasm") else "text/javascript"
    route.fulfill(path=str(npm_file(f"decap-cms/dist/{name}")), headers={
        "Content-Type": kind, "Access-Control-Allow-Origin": "*"})


def _timeline(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args],
                          capture_output=True, text=True, timeout=120)


def _choose(page, field: str, option: str) -> None:
    page.fill(f"[id^={field}-field-]", option)
    page.keyboard.press("Enter")


def _publish(page, saved: bool = True) -> None:
    """Publish (with the local backend: write the file), and wait for the CMS to say it has."""
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Publish now").click()
    if saved:
        page.get_by_role("button", name="Published").wait_for(timeout=20_000)


@pytest.fixture(scope="module")
def editing(tmp_path_factory):
    npm_file("decap-cms/dist/decap-cms.js")
    running = Editing(tmp_path_factory.mktemp("cms") / "site")
    yield running
    running.stop()


def test_an_entry_made_in_the_form_is_what_timeline_new_writes_and_shows_in_the_preview(editing, page, tmp_path):
    editing.open(page, "collections/events/new")
    page.fill("[id^=title-field-]", "Leaders meet in Apulia")
    page.fill("[id^=date-field-]", "2024-06")  # a month: the precision the sources give
    _choose(page, "kind", "Summit")
    _choose(page, "parties", "Japan")
    _choose(page, "parties", "Ukraine")
    page.fill("[id^=summary-field-]", "The G7 met in Apulia.")
    page.get_by_role("button", name="Add sources").click()
    _choose(page, "seed", SEED[:8])
    page.fill("[id^=quote-field-]", QUOTE)
    page.locator("[contenteditable=true]").last.click()
    page.keyboard.type("What happened, in a few paragraphs, from the sources.")
    _publish(page)
    saved = editing.root / "content/leaders-meet-in-apulia.md"
    editing.preview.wait_for(saved.is_file, "the CMS to save the entry")

    twin = _bundled_copy(tmp_path / "twin")
    made = _timeline(twin, "new", "Leaders meet in Apulia", "--date", "2024-06", "--kind", "summit", "--party",
                     "Japan", "--party", "Ukraine", "--summary", "The G7 met in Apulia.", "--seed", SEED,
                     "--quote", QUOTE)
    assert made.returncode == 0, made.stderr
    assert saved.read_bytes() == (twin / "content/leaders-meet-in-apulia.md").read_bytes()

    checked = _timeline(editing.root, "check", "--strict")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    editing.preview.wait_for(lambda: "Leaders meet in Apulia" in editing.preview.get("/events/leaders-meet-in-apulia/")[1],
                             "the preview to show the new entry")
    origin = editing.preview.url("")
    elsewhere = {url for url in page.requested if not url.startswith((origin, DIST, LOCAL_BACKEND, "data:", "blob:"))}
    assert elsewhere == set()  # the pinned CMS, the site and the local backend: nothing else
    assert [url for url in page.requested if url.startswith(DIST)][0] == CMS_SCRIPT
    page.add_script_tag(path=str(npm_file("axe-core/axe.min.js")))
    found = page.evaluate("async () => (await axe.run(document)).violations.map(v => `${v.impact}: ${v.id} (${v.nodes.length})`)")
    if found:  # the CMS's own interface: reported, not ours to fix (the issue asks for it as information)
        warnings.warn(f"axe on the admin page (Decap CMS's interface): {'; '.join(found)}")


def test_an_edit_changes_only_the_edited_line(editing, page):
    path = editing.root / "content/g7-summit-2024-apulia.md"
    before = path.read_text(encoding="utf-8")
    editing.open(page, "collections/events/entries/g7-summit-2024-apulia")
    assert page.locator("[id^=location-field-]").input_value() == "Apulia, Italy"
    page.fill("[id^=location-field-]", "Borgo Egnazia, Apulia, Italy")
    _publish(page)
    editing.preview.wait_for(lambda: path.read_text(encoding="utf-8") != before, "the CMS to save the edit")
    changed = [line for line in difflib.unified_diff(before.splitlines(), path.read_text(encoding="utf-8").splitlines(),
                                                     lineterm="", n=0) if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == ['-location: "Apulia, Italy"', '+location: "Borgo Egnazia, Apulia, Italy"']


def test_a_translation_is_edited_in_its_own_file_and_format(editing, page):
    path = editing.root / "content/nato-summit-vilnius-2023.uk.md"
    before = path.read_text(encoding="utf-8")
    editing.open(page, "collections/translations-uk/entries/nato-summit-vilnius-2023")
    title = page.locator("[id^=title-field-]").first
    original = title.input_value()
    title.fill(original + "!")
    _publish(page)
    editing.preview.wait_for(lambda: path.read_text(encoding="utf-8") != before, "the CMS to save the translation")
    assert path.read_text(encoding="utf-8") == before.replace(f'title: "{original}"', f'title: "{original}!"')
    assert _timeline(editing.root, "fmt", "--check").returncode == 0


def test_a_translation_is_started_from_its_original(editing, page):
    (editing.root / "content/talks-in-kyiv.md").write_text(
        '---\ntitle: "Talks in Kyiv"\ndate: "2024-05"\nkind: meeting\nsummary: "Talks."\ndraft: true\n---\n\nBody.\n', encoding="utf-8")
    editing.open(page, "collections/translations-uk/new")
    page.fill("[id^=original-field-]", "Talks in Kyiv")
    page.get_by_text("Talks in Kyiv", exact=True).last.click()
    page.locator("[id^=title-field-]").first.fill("Переговори в Києві")
    _publish(page)
    path = editing.root / "content/talks-in-kyiv.uk.md"
    editing.preview.wait_for(path.is_file, "the CMS to save the translation")
    assert path.read_text(encoding="utf-8") == '---\ntitle: "Переговори в Києві"\n---\n'
    checked = _timeline(editing.root, "check", "--drafts")
    assert checked.returncode == 0 and "talks-in-kyiv.uk.md" not in checked.stderr, checked.stderr


def test_a_title_without_latin_letters_asks_for_a_slug(editing, page):
    editing.open(page, "collections/events/new")
    page.fill("[id^=title-field-]", "Саміт у Римі")
    page.fill("[id^=date-field-]", "2025")
    _choose(page, "kind", "Summit")
    _publish(page, saved=False)
    page.get_by_text("fill in Slug", exact=False).first.wait_for()
    page.fill("[id^=slug-field-]", "rome-summit")
    _publish(page)
    path = editing.root / "content/rome-summit.md"
    editing.preview.wait_for(path.is_file, "the CMS to save the entry")
    assert path.read_text(encoding="utf-8").startswith('---\ntitle: "Саміт у Римі"\nslug: rome-summit\n')


def test_a_party_edited_in_the_settings_stays_a_valid_registry(editing, page):
    editing.open(page)
    page.goto(editing.preview.url("/admin/#/collections/settings/entries/parties"))
    page.get_by_text("Japan", exact=True).nth(1).get_by_role("button", name="Expand").click()  # its fields are folded
    japan = [f for f in page.locator("[id^=name-field-]").all() if f.input_value() == "Japan"][0]
    japan.fill("Japan (Nippon)")
    _publish(page)
    path = editing.root / "content/parties.toml"
    editing.preview.wait_for(lambda: "Nippon" in path.read_text(encoding="utf-8"), "the CMS to save the parties")
    parties = tomllib.loads(path.read_text(encoding="utf-8"))
    assert parties["japan"]["name"] == "Japan (Nippon)" and parties["ukraine"]["names"] == {"uk": "Україна"}
    checked = _timeline(editing.root, "check", "--drafts")
    assert checked.returncode == 0 and "parties.toml" not in checked.stderr, checked.stderr
    assert "admin/config.yml:1: warning: cms: out of date" in checked.stderr  # the form still says Japan


def test_a_picture_needs_its_alt_text_and_lands_in_content_media(editing, page, tmp_path):
    from PIL import Image

    photo = tmp_path / "leaders.jpg"
    Image.new("RGB", (800, 533), (40, 90, 160)).save(photo, quality=85)
    editing.open(page, "collections/events/entries/nato-summit-vilnius-2023")
    page.get_by_role("button", name="Add media").click()
    page.get_by_text("Picture", exact=True).last.click()
    page.get_by_role("button", name="Choose an image").click()
    page.locator("input[type=file]").set_input_files(str(photo))
    page.get_by_role("button", name="Choose selected").click()
    _publish(page, saved=False)
    page.get_by_text("Alt text is required", exact=False).first.wait_for()
    page.fill("[id^=alt-field-]", "Leaders stand in a row in front of the summit's flags")
    page.fill("[id^=credit-field-]", "Photo desk")
    path = editing.root / "content/nato-summit-vilnius-2023.md"
    before = path.read_text(encoding="utf-8")
    _publish(page)
    editing.preview.wait_for(lambda: path.read_text(encoding="utf-8") != before, "the CMS to save the picture")
    assert path.read_text(encoding="utf-8") == before.replace("---\n\n", """\
media:
  - src: "content/media/leaders.jpg"
    alt: "Leaders stand in a row in front of the summit's flags"
    credit: "Photo desk"
---

""", 1)
    assert (editing.root / "content/media/leaders.jpg").read_bytes() == photo.read_bytes()
    checked = _timeline(editing.root, "check", "--drafts")
    assert checked.returncode == 0 and "nato-summit-vilnius-2023.md" not in checked.stderr, checked.stderr


def test_a_date_the_validator_would_refuse_is_refused_by_the_form(editing, page):
    editing.open(page, "collections/events/new")
    page.fill("[id^=title-field-]", "Wrong date")
    page.fill("[id^=date-field-]", "June 2024")
    _choose(page, "kind", "Summit")
    _publish(page, saved=False)
    page.get_by_text("Write YYYY, YYYY-MM or YYYY-MM-DD", exact=False).first.wait_for()
    time.sleep(0.5)
    assert not (editing.root / "content/wrong-date.md").exists()


def test_a_file_the_cms_cannot_read_is_named_not_hidden(editing, page):
    odd = editing.root / "content/hand-written.md"
    odd.write_text('---\ntitle: Hand written   # with a comment\ndate: "2024"\nkind: summit\ndraft: true\n---\n',
                   encoding="utf-8")
    try:
        editing.open(page)
        alert = page.get_by_role("alert")
        alert.wait_for()
        assert "not in the house style (run timeline fmt): title: Hand written # with a comment" in alert.inner_text()
    finally:
        odd.unlink()


def test_the_pinned_hash_is_enforced(editing, page):
    """A CMS script that is not the pinned release's bytes does not run."""
    page.route(DIST + "decap-cms.js", lambda route: route.fulfill(
        body=npm_file("decap-cms/dist/decap-cms.js").read_bytes() + b"\n//", headers={
            "Content-Type": "text/javascript", "Access-Control-Allow-Origin": "*"}))
    page.goto(editing.preview.url("/admin/"))
    page.wait_for_load_state("load")
    assert page.evaluate("typeof window.CMS") == "undefined"
    assert any("integrity" in problem for problem in page.problems)
    assert "The editor did not load" in page.locator("body").inner_text()


def test_the_preview_serves_the_form_timeline_cms_rewrites(editing):
    """Last of the editing tests: the party renamed above made the form stale; `timeline cms`
    rewrites it, and the running preview serves the new one."""
    assert _timeline(editing.root, "cms").returncode == 0
    editing.preview.wait_for(lambda: "Japan (Nippon)" in editing.preview.get("/admin/config.yml")[1],
                             "the preview to serve the rewritten form")
    assert "admin/config.yml" not in _timeline(editing.root, "check", "--drafts").stderr
