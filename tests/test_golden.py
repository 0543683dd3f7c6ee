"""Golden sites: tests/sites/<case>/ holds a project and expected/ the site it must build to.

Regenerate after an intended change with `UPDATE_GOLDEN=1 pytest tests/test_golden.py`, then
read the diff. Copied static assets are left out of the comparison (the search index's pieces are
compared: a change in one is named, not shown).
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO
from generator.commands.cli import main

SITES = Path(__file__).parent / "sites"
CASES = sorted(p.name for p in SITES.iterdir() if (p / "timeline.toml").is_file())


COPIED = re.compile(r"static/.*")


def built_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and not COPIED.fullmatch(p.relative_to(site).as_posix())}


@pytest.mark.parametrize("case", CASES)
def test_golden_site(case, tmp_path, capsys):
    project = tmp_path / case
    shutil.copytree(SITES / case, project, ignore=shutil.ignore_patterns("expected"))
    for name in ("templates", "static"):
        shutil.copytree(REPO / name, project / name)
    assert main(["--root", str(project), "build", "--strict", "--today", "2024-01-01", "-q"]) == 0, \
        capsys.readouterr().err
    actual = built_files(project / "_site")
    expected_dir = SITES / case / "expected"
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(expected_dir, ignore_errors=True)
        for name, data in actual.items():
            (expected_dir / name).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / name).write_bytes(data)
    expected = built_files(expected_dir)
    assert sorted(actual) == sorted(expected), "pages added or missing"
    for name in expected:
        if actual[name] != expected[name] and name.startswith("search/"):
            pytest.fail(f"{name} differs (the search index's records changed)")
        if actual[name] != expected[name]:
            diff = difflib.unified_diff(expected[name].decode().splitlines(), actual[name].decode().splitlines(),
                                        f"expected/{name}", f"built/{name}", lineterm="")
            pytest.fail("\n".join(diff))
