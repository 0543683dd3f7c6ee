"""The pre-commit hook this repository offers, run by the real `pre-commit` on an init'ed site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, entry
from generator.commands.init import init_site


def git(site: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args], cwd=site,
                   check=True, capture_output=True)


def test_the_hooks_pass_a_good_site_format_entries_and_point_at_a_bad_line(tmp_path):
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
    if pre_commit is None:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("pre-commit is not installed (pip install -e '.[test]')")
        pytest.skip("pre-commit is not installed")
    site = tmp_path / "site"
    init_site(site, title="Hooked")
    git(site, "init", "-q")
    git(site, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}

    def hook() -> subprocess.CompletedProcess:
        return subprocess.run([pre_commit, "try-repo", str(REPO), "--all-files"], cwd=site,
                              env=env, capture_output=True, text=True, timeout=600)

    good = hook()
    assert good.returncode == 0, good.stdout + good.stderr
    assert "timeline check" in good.stdout and "Passed" in good.stdout
    messy = site / "content/messy.md"
    messy.write_text("---\nkind: summit\ntitle: Messy\ndate: 2024\ndraft: yes\n---\nBody.\n", encoding="utf-8")
    git(site, "add", "-A")
    formatted = hook()
    assert formatted.returncode == 1 and "files were modified by this hook" in formatted.stdout
    assert messy.read_text(encoding="utf-8") == '---\ntitle: "Messy"\ndate: "2024"\nkind: summit\ndraft: true\n---\n\nBody.\n'
    git(site, "add", "-A")
    assert hook().returncode == 0
    (site / "content/bad.md").write_text(entry(date="June 2024"), encoding="utf-8")
    git(site, "add", "-A")
    bad = hook()
    assert bad.returncode == 1
    assert "content/bad.md:3: date: expected YYYY, YYYY-MM or YYYY-MM-DD, got 'June 2024'" in bad.stdout
