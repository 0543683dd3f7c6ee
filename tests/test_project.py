"""The repository itself: lint-clean, README commands true, CI running the README's test command."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```(?:sh|bash)?\n(.*?)```", text, re.S).group(1)
    return [line for line in first_block.splitlines() if line.strip() and not line.startswith("#")]


def test_readme_opens_with_exactly_two_commands_build_then_test():
    build, test = readme_commands()
    assert "timeline build" in build
    assert "pytest" in test


def test_ci_runs_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci
    assert "|| true" not in ci


def test_code_is_lint_clean():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    done = subprocess.run([ruff, "check", "generator", "tests", "benchmarks"], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


# The pipeline, bottom up: a module may import its own stage and the ones before it, never a later
# one, so the folder tree reads as the order data flows in and there is no cycle.
STAGES = ("core", "urls", "config", "model", "content", "site", "outputs", "build", "commands")


def _stage(module: str) -> str:
    """'generator.site.lists' -> 'site'; the package's own __init__/__main__ -> 'commands'."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in STAGES else "commands"


def _imports(path: Path) -> set[str]:
    """The package's modules this file imports (relative imports resolved)."""
    import ast

    package = ["generator", *path.relative_to(REPO / "generator").parts[:-1]]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - node.level + 1]
            found.add(".".join(base + ([node.module] if node.module else [])))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator"):
            found.add(node.module)
    return found


def test_imports_point_one_way_down_the_pipeline():
    backwards = []
    for path in sorted((REPO / "generator").rglob("*.py")):
        module = ".".join(["generator", *path.relative_to(REPO / "generator").with_suffix("").parts])
        for imported in _imports(path):
            if imported != "generator" and STAGES.index(_stage(imported)) > STAGES.index(_stage(module)):
                backwards.append(f"{module} imports {imported}")
    assert backwards == []


def test_modules_functions_and_classes_stay_small():
    """About 300 lines a module, 60 a function, 200 a class (DESIGN and STYLE's ceilings)."""
    import ast

    too_long = []
    for path in sorted((REPO / "generator").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(REPO).as_posix()
        if text.count("\n") > 330:
            too_long.append(f"{name}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            limit = 200 if isinstance(node, ast.ClassDef) else 60
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.end_lineno - node.lineno + 1 > limit:
                too_long.append(f"{name}: {node.name} is {node.end_lineno - node.lineno + 1} lines")
    assert too_long == []


def test_the_bundled_timeline_has_an_up_to_date_cms_form():
    """admin/config.yml is what `timeline cms` writes now (a build would warn otherwise)."""
    from generator.config import load_config
    from generator.content.cms import CMS_FILE, cms_config_text
    from generator.content.parties import load_parties
    from generator.content.sources import load_seeds
    from generator.core.errors import Problems

    config = load_config(REPO)
    expected = cms_config_text(config, load_parties(REPO, Problems()), sorted(load_seeds(REPO, Problems())))
    assert (REPO / CMS_FILE).read_text(encoding="utf-8") == expected, "run timeline cms"
