"""The tool as a new user gets it: a wheel built from this repository, installed in a fresh venv,
run in an empty folder far from the repository (so nothing of the checkout can be picked up)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import urllib.request
import venv
import zipfile
from pathlib import Path

import pytest
import yaml
from test_serve import free_port

from conftest import REPO


@contextlib.contextmanager
def _in(folder: Path):
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The `timeline` script of a fresh venv with the wheel installed."""
    scratch = tmp_path_factory.mktemp("package")
    source = scratch / "source"  # a copy, so that building leaves nothing in the checkout
    everywhere = shutil.ignore_patterns("__pycache__", "*.egg-info")
    at_the_top = {".git", ".venv", "node_modules", "_site", ".timeline-cache", "build", "dist"}
    shutil.copytree(REPO, source, symlinks=True, ignore=lambda folder, names: set(everywhere(folder, names)) | (
        at_the_top & set(names) if Path(folder) == REPO else set()))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(scratch / "dist"), str(source)],
                   check=True, capture_output=True)
    (wheel,) = (scratch / "dist").glob("*.whl")
    assert (source / "generator/theme/templates").is_symlink()  # the checkout links; the wheel holds files
    names = zipfile.ZipFile(wheel).namelist()
    for name in ("templates/base.html", "templates/_macros.html", "static/style.css", "static/timeline.js"):
        assert f"generator/theme/{name}" in names
    from setuptools import build_meta  # the sdist carries the theme as files too

    with _in(source):
        sdist = scratch / "dist" / build_meta.build_sdist(str(scratch / "dist"))
    with tarfile.open(sdist) as archive:
        files = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {f"generator/theme/{name}" for name in ("templates/base.html", "static/style.css")} <= files
    venv.create(scratch / "venv", with_pip=True)
    subprocess.run([scratch / "venv/bin/pip", "install", "-q", str(wheel)], check=True, capture_output=True)
    return scratch / "venv/bin/timeline"


def test_the_installed_tool_builds_a_site_with_no_theme_of_its_own(installed, tmp_path):
    site = tmp_path / "newsroom"
    site.mkdir()

    def timeline(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([installed, *args], cwd=site, capture_output=True, text=True, timeout=120)

    made = timeline("new", "Leaders meet in Rome", "--date", "2024-06", "--kind", "summit")
    assert made.returncode == 0 and made.stdout.strip() == "content/leaders-meet-in-rome.md"
    assert timeline("check", "--drafts").returncode == 0
    built = timeline("build", "--drafts", "--today", "2026-01-01")
    assert built.returncode == 0, built.stderr
    out = site / "_site"
    assert "Leaders meet in Rome" in (out / "events/leaders-meet-in-rome/index.html").read_text(encoding="utf-8")
    assert (out / "static/style.css").stat().st_size > 1000 and (out / "static/timeline.js").is_file()
    assert not (site / "templates").exists() and not (site / "static").exists()
    # the catalogs ship in the wheel: the same site in Ukrainian, no string missing
    (site / "timeline.toml").write_text('[site]\nlanguage = "uk"\n', encoding="utf-8")
    ukrainian = timeline("build", "--drafts", "--today", "2026-01-01")
    assert ukrainian.returncode == 0 and "catalog" not in ukrainian.stderr and "translation" not in ukrainian.stderr
    assert "Перейти до вмісту" in (out / "index.html").read_text(encoding="utf-8")
    (site / "timeline.toml").unlink()

    port = free_port()
    server = subprocess.Popen([installed, "serve", "--port", str(port), "--drafts", "--today", "2026-01-01"], cwd=site,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline, page = time.monotonic() + 30, ""
        while time.monotonic() < deadline and "Leaders meet in Rome" not in page:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/events/leaders-meet-in-rome/", timeout=5) as r:
                    page = r.read().decode("utf-8")
            except OSError:
                time.sleep(0.2)
        assert "Leaders meet in Rome" in page and "/static/style.css" in page
    finally:
        server.terminate()
        server.wait(timeout=10)


# ---------------------------------------------------------------------------------------------
# A rehearsal of the site's own workflows, as a runner runs them. Their `run:` steps are run
# verbatim with bash, with GitHub's variables set, in a fresh clone holding only what the site
# committed, with a PATH that knows nothing of this checkout. The official actions are stood in
# for by what they do on a runner:
#   checkout                a fresh clone of the commit
#   setup-python            a new venv of this Python, put first on PATH
#   configure-pages         the address Pages gives a project site: https://<owner>.github.io/<repo>
#   cache                   restores the newest entry under a restore key; saves at the job's end
#   upload-pages-artifact   tars the folder as the action does (links followed); Pages serves that
# ---------------------------------------------------------------------------------------------

OWNER, REPOSITORY = "newsroom", "nato-timeline"
PAGES = f"https://{OWNER}.github.io/{REPOSITORY}"
SEED = "000_f58ab9d484ce5563"
VENDOR = b"/* a vendor bundle: its comments and spacing are its own */\nwindow.widget  =  function () { return 1 }\n"


class Runner:
    """Runs a workflow's job step by step in a fresh workspace; keeps the cache between runs."""

    def __init__(self, root: Path, repository: Path) -> None:
        self.root, self.repository, self.runs = root, repository, 0
        self.caches = root / "caches"  # the repository's cache entries, kept between runs
        self.home = root / "home"  # the runner's home; pip's download cache lives there
        self.caches.mkdir(parents=True)
        self.home.mkdir()

    def job(self, workflow: Path, name: str, ref: str = "main") -> "Job":
        self.runs += 1
        job = Job(self, self.root / f"run-{self.runs}", ref)
        data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
        for step in data["jobs"][name]["steps"]:
            job.step(step)
            if job.failed:
                break
        job.end()
        return job


class Job:
    def __init__(self, runner: Runner, folder: Path, ref: str) -> None:
        self.runner, self.ref = runner, ref
        self.workspace, self.temp = folder / "work", folder / "temp"
        self.temp.mkdir(parents=True)
        self.summary = folder / "summary.md"
        self.summary.touch()
        self.outputs: dict[str, dict[str, str]] = {}
        self.path = ["/usr/local/bin", "/usr/bin", "/bin"]
        self.log: list[subprocess.CompletedProcess] = []
        self.failed = False
        self.saves: list[tuple[str, list[str]]] = []
        self.artifact: Path | None = None
        self.sha = ""

    def env(self, extra: dict[str, str]) -> dict[str, str]:
        return {"PATH": ":".join(self.path), "HOME": str(self.runner.home), "LANG": "C.UTF-8", "CI": "true",
                "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(self.workspace), "RUNNER_TEMP": str(self.temp),
                "GITHUB_REPOSITORY": f"{OWNER}/{REPOSITORY}", "GITHUB_REF": f"refs/heads/{self.ref}",
                "GITHUB_REF_NAME": self.ref, "GITHUB_SHA": self.sha, "GITHUB_STEP_SUMMARY": str(self.summary),
                "GITHUB_SERVER_URL": "https://github.com",
                **{name: self.expression(value) for name, value in extra.items()}}

    def expression(self, text: str) -> str:
        """${{ steps.<id>.outputs.<name> }} and ${{ github.sha }}: all these workflows use."""
        def value(match):
            words = match.group(1).split(".")
            if words[0] == "steps" and words[2] == "outputs":
                return self.outputs[words[1]][words[3]]
            assert words == ["github", "sha"], f"the stand-in runner does not know ${{{{ {match.group(1)} }}}}"
            return self.sha
        return re.sub(r"\$\{\{\s*([\w.-]+)\s*\}\}", value, text)

    def step(self, step: dict) -> None:
        if "run" in step:
            ran = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", step["run"]], cwd=self.workspace,
                                 env=self.env(step.get("env", {})), capture_output=True, text=True, timeout=900)
            self.log.append(ran)
            self.failed = ran.returncode != 0
            return
        action = step["uses"].split("@")[0]
        outputs = getattr(self, action.split("/")[1].replace("-", "_"))(step.get("with", {}))
        if "id" in step:
            self.outputs[step["id"]] = outputs or {}

    def checkout(self, _with: dict) -> None:
        subprocess.run(["git", "clone", "-q", "--branch", self.ref, str(self.runner.repository), str(self.workspace)],
                       check=True, capture_output=True)
        self.sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=self.workspace, capture_output=True, text=True,
                                  check=True).stdout.strip()

    def setup_python(self, given: dict) -> None:
        assert sys.version.startswith(given["python-version"] + ".")  # the Python the workflow asks for
        venv.create(self.temp / "python", with_pip=True)
        self.path.insert(0, str(self.temp / "python/bin"))

    def configure_pages(self, _with: dict) -> dict:
        return {"base_url": PAGES, "base_path": f"/{REPOSITORY}", "origin": f"https://{OWNER}.github.io"}

    def cache(self, given: dict) -> None:
        key, paths = self.expression(given["key"]), given["path"].split()
        entries = sorted(self.runner.caches.iterdir(), key=lambda entry: entry.stat().st_mtime, reverse=True)
        hit = next((e for e in entries if e.name == key), None) or next(
            (e for e in entries for prefix in given.get("restore-keys", "").split() if e.name.startswith(prefix)), None)
        if hit is not None:
            for path in paths:
                if (hit / path).exists():
                    shutil.copytree(hit / path, self.workspace / path, symlinks=True)
        if hit is None or hit.name != key:
            self.saves.append((key, paths))  # the post step saves under the exact key

    def upload_pages_artifact(self, given: dict) -> None:
        self.artifact = self.temp / "artifact.tar"
        subprocess.run(["tar", "--dereference", "--hard-dereference", "--directory", given["path"], "-cf",
                        str(self.artifact), "--exclude=.git", "--exclude=.github", "."], cwd=self.workspace,
                       check=True)

    def end(self) -> None:
        if self.failed:
            return
        for key, paths in self.saves:
            for path in paths:
                if (self.workspace / path).exists():
                    shutil.copytree(self.workspace / path, self.runner.caches / key / path, symlinks=True)

    def published(self, into: Path) -> Path:
        """What Pages serves: the artifact, unpacked."""
        into.mkdir()
        with tarfile.open(self.artifact) as archive:
            archive.extractall(into, filter="data")
        return into

    def output(self) -> str:
        return "\n".join(ran.stdout + ran.stderr for ran in self.log)


def _entry(slug: str, title: str, day: str, quote: str, more: str = "") -> tuple[str, str]:
    return f"content/{slug}.md", (f"---\ntitle: {title}\ndate: \"{day}\"\nkind: summit\nstatus: held\n"
                                  f"summary: {title}, as the article reports it.\n{more}sources:\n"
                                  f"  - seed: {SEED}.txt\n    quote: \"{quote}\"\n---\n\n{title}.\n")


def _make_site(installed: Path, folder: Path) -> Path:
    """init's site in English, German and (in preparation) Ukrainian, with sourced entries, a
    picture, one German translation and a vendor script; committed to main."""
    made = subprocess.run([installed, "init", REPOSITORY, "--language", "en-GB", "--language", "de,uk"], cwd=folder,
                          capture_output=True, text=True, timeout=300)
    assert made.returncode == 0 and "the site carries its wheel" in made.stderr, made.stderr
    site = folder / REPOSITORY
    toml = site / "timeline.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("[languages.uk]", "[languages.uk]\npublish = false"),
                    encoding="utf-8")
    for suffix in ("txt", "toml"):
        shutil.copy(REPO / f"seeds/{SEED}.{suffix}", site / f"seeds/{SEED}.{suffix}")
    from PIL import Image

    (site / "content/media").mkdir()
    Image.new("RGB", (800, 500), (40, 90, 160)).save(site / "content/media/apulia.png")
    picture = ("media:\n  - src: content/media/apulia.png\n    alt: The coast of Apulia at dusk\n"
               "    credit: Newsroom\n    license: own\n")
    files = dict([
        _entry("apulia-summit", "Leaders meet in Apulia", "2024-06-13",
               "The summit will be held between June 13-15 in Apulia", picture),
        _entry("security-deals", "Ukraine to sign security deals", "2024-06",
               "Ukraine will sign bilateral security agreements with the United States and Japan"),
        _entry("guests", "Guests at the summit", "2024-06",
               "At least fifteen guest countries and institutions are expected to attend"),
    ])
    files["content/apulia-summit.de.md"] = ("---\ntitle: Gipfeltreffen in Apulien\nsummary: Die Staats- und "
                                            "Regierungschefs treffen sich in Apulien.\nmedia:\n"
                                            "  - {alt: \"Die Küste Apuliens in der Dämmerung\"}\n---\n\n"
                                            "Gipfeltreffen in Apulien.\n")
    for relative, text in files.items():
        (site / relative).write_text(text, encoding="utf-8")
    (site / "static/vendor").mkdir(parents=True)
    (site / "static/vendor/widget.min.js").write_bytes(VENDOR)
    tidied = subprocess.run([installed, "fmt"], cwd=site, capture_output=True, text=True, timeout=120)
    assert tidied.returncode == 0, tidied.stderr  # the house style, as an editor's pre-commit hook leaves it
    _commit(site, "A new timeline", "-b", "main")
    return site


def _commit(site: Path, message: str, *init: str) -> None:
    git = ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org"]
    if init:
        subprocess.run([*git, "init", "-q", *init], cwd=site, check=True, capture_output=True)
    for command in (["add", "-A"], ["commit", "-q", "-m", message]):
        subprocess.run([*git, *command], cwd=site, check=True, capture_output=True)


def _links_stay_under_the_base_path(published: Path) -> int:
    """Every address in every page is under /<repo>/ (or elsewhere on the web); returns how many."""
    from bs4 import BeautifulSoup

    count = 0
    for page in published.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(href=True) + soup.find_all(src=True) + soup.find_all(srcset=True):
            for address in [tag.get("href"), tag.get("src")] + [part.split()[0] for part in
                                                                  (tag.get("srcset") or "").split(",") if part.strip()]:
                if not address or address.startswith(("#", "mailto:", "data:")):
                    continue
                count += 1
                if address.startswith("/") or address.startswith(f"https://{OWNER}.github.io"):
                    assert address.startswith((f"/{REPOSITORY}/", f"{PAGES}/")), f"{page}: {address}"
                else:
                    assert address.startswith(("https://", "http://")), f"{page}: a relative address {address}"
    return count


def test_the_sites_workflows_publish_and_check_it_from_a_fresh_clone(installed, tmp_path):
    """The site init makes, published by its pages.yml and checked by its check.yml, as a runner
    would run them, twice (the second a warm build from the restored cache)."""
    site = _make_site(installed, tmp_path)
    runner = Runner(tmp_path / "runner", site)
    pages = site / ".github/workflows/pages.yml"

    first = runner.job(pages, "build")
    assert not first.failed, first.output()[-4000:]
    installed_at = subprocess.run(["python", "-c", "import generator; print(generator.__file__)"], cwd=first.workspace,
                                  env=first.env({}), capture_output=True, text=True, check=True).stdout
    assert installed_at.startswith(str(first.temp / "python"))  # the install step installed the tool, there
    published = first.published(tmp_path / "published")
    assert (published / "index.html").is_file() and (published / "events/apulia-summit/index.html").is_file()
    german = (published / "de/events/guests/index.html").read_text(encoding="utf-8")
    assert "Guests at the summit" in german  # published untranslated: a notice, not a failed deploy
    assert "Die Küste Apuliens in der Dämmerung" in (published / "de/events/apulia-summit/index.html").read_text(
        encoding="utf-8")
    assert "notice" in first.summary.read_text(encoding="utf-8")  # the job summary lists them
    assert not (published / "uk").exists()  # in preparation
    assert not any('hreflang="uk"' in page.read_text(encoding="utf-8") for page in published.rglob("*.html"))
    assert (published / "static/vendor/widget.min.js").read_bytes() == VENDOR  # byte for byte
    assert list((published / "media").glob("apulia-*-640.webp"))
    assert _links_stay_under_the_base_path(published) > 100
    index = (published / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{PAGES}/"' in index

    second = runner.job(pages, "build")  # a fresh runner, the cache restored
    assert not second.failed, second.output()[-4000:]
    built = re.search(r"built 3 entries into \d+ pages and exports \((\d+) rendered, (\d+) files written\)",
                      second.output())
    assert built and built.group(1) == "0" and built.group(2) == "0", second.output()[-2000:]  # a warm build

    check = site / ".github/workflows/check.yml"
    passed = runner.job(check, "check")
    assert not passed.failed, passed.output()[-4000:]
    subprocess.run(["git", "switch", "-q", "-c", "bad-entry"], cwd=site, check=True)
    (site / "content/bad.md").write_text("---\ntitle: A bad date\ndate: June 2024\nkind: summit\n---\n\nBody.\n",
                                         encoding="utf-8")
    _commit(site, "An entry with a bad date")
    failed = runner.job(check, "check", ref="bad-entry")
    assert failed.failed
    assert "::error file=content/bad.md,line=3,title=date::expected YYYY, YYYY-MM or YYYY-MM-DD" in failed.output()
    assert "| error | `content/bad.md` | 3 | date |" in failed.summary.read_text(encoding="utf-8")
