"""The tool as a new user gets it: a wheel built from this repository, installed in a fresh venv,
run in an empty folder far from the repository (so nothing of the checkout can be picked up)."""

from __future__ import annotations

import contextlib
import os
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


def test_a_site_made_by_the_installed_tool_installs_it_again_from_a_fresh_clone(installed, tmp_path):
    """What the Pages workflow does on a fresh runner: clone the site (only what it committed),
    `pip install -r requirements.txt` in a new venv, and build. The tool here was installed from a
    wheel on this machine, which no runner can reach, so the site carries that wheel."""
    made = subprocess.run([installed, "init", "newsroom", "--language", "en-GB", "--language", "de"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    assert "the site carries its wheel" in made.stderr
    site = tmp_path / "newsroom"
    requirement = (site / "requirements.txt").read_text(encoding="utf-8").strip()
    assert requirement.startswith("./.timeline/timeline_generator-") and str(tmp_path) not in requirement
    git = ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org"]
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "A new timeline"]):
        subprocess.run([*git, *command], cwd=site, check=True, capture_output=True)
    clone = tmp_path / "runner/site"
    subprocess.run(["git", "clone", "-q", str(site), str(clone)], check=True, capture_output=True)
    venv.create(tmp_path / "runner/venv", with_pip=True)
    pip = subprocess.run([tmp_path / "runner/venv/bin/python", "-m", "pip", "install", "-q", "-r", "requirements.txt"],
                         cwd=clone, capture_output=True, text=True, timeout=600)  # the workflow's install step, verbatim
    assert pip.returncode == 0, pip.stderr
    timeline = tmp_path / "runner/venv/bin/timeline"
    for step in (["check", "--strict", "--format", "github"], ["build", "--strict", "--output", "_site"]):
        ran = subprocess.run([timeline, *step], cwd=clone, capture_output=True, text=True, timeout=300)
        assert ran.returncode == 0, ran.stdout + ran.stderr
    assert (clone / "_site/index.html").is_file() and (clone / "_site/de/index.html").is_file()
