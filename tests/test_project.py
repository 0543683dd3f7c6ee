"""The repository itself: lint-clean, README commands true, CI running the README's test command."""

from __future__ import annotations

import ast
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
STAGES = ("core", "urls", "config", "model", "content", "authoring", "site", "outputs", "build", "preview", "commands")


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


def test_the_build_reads_as_its_recipe():
    """build() is the recipe, in 40 lines at most: load, model, check, plan, render."""
    tree = ast.parse((REPO / "generator/build/recipe.py").read_text(encoding="utf-8"))
    build = next(node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "build")
    assert build.end_lineno - build.lineno + 1 <= 40
    steps = [ast.literal_eval(call.args[0]) for call in ast.walk(build) if isinstance(call, ast.Call)
             and ast.unparse(call.func) == "timings.step"]
    assert steps == ["load", "model", "check", "plan", "render"]


def test_the_bundled_timeline_has_an_up_to_date_cms_form():
    """admin/config.yml is what `timeline cms` writes now (a build would warn otherwise)."""
    from generator.authoring.cms import CMS_FILE, cms_config_text
    from generator.config import load_config
    from generator.content.parties import load_parties
    from generator.content.sources import load_seeds
    from generator.core.errors import Problems

    config = load_config(REPO)
    expected = cms_config_text(config, load_parties(REPO, Problems()), sorted(load_seeds(REPO, Problems())))
    assert (REPO / CMS_FILE).read_text(encoding="utf-8") == expected, "run timeline cms"


def test_the_readme_names_every_global_a_template_gets():
    """The template contract: the globals of every page (declared in one place, Edition.globals) are
    the ones the README's table lists."""
    import ast

    tree = ast.parse((REPO / "generator/site/pages.py").read_text(encoding="utf-8"))
    declared = next(node.value for node in ast.walk(tree) if isinstance(node, ast.Assign)
                    and ast.unparse(node.targets[0]) == "self.globals")
    names = {key.value for key in declared.keys if key is not None}
    row = next(line for line in (REPO / "README.md").read_text(encoding="utf-8").splitlines()
               if line.startswith("| every page |"))
    documented = set(re.findall(r"`([a-z_]+)[`(]", row))
    assert names - documented == set(), "add them to the README's table of what each template receives"


def _modules() -> list[tuple[str, ast.Module]]:
    return [(path.relative_to(REPO).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
            for path in sorted((REPO / "generator").rglob("*.py"))]


def test_nothing_but_the_cache_module_stores_state_on_the_cache():
    """The cache only stores: no stage hangs a value on it for another to pick up."""
    import ast

    found = []
    for name, tree in _modules():
        if name == "generator/core/cache.py":
            continue
        for node in ast.walk(tree):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
                node, (ast.AugAssign, ast.AnnAssign)) else []
            for target in targets:
                for part in ast.walk(target):
                    if isinstance(part, ast.Attribute) and ast.unparse(part.value).split(".")[-1] == "cache":
                        found.append(f"{name}:{node.lineno}: {ast.unparse(target)}")
            if isinstance(node, ast.Call) and ast.unparse(node.func) == "setattr" and "cache" in ast.unparse(node.args[0]):
                found.append(f"{name}:{node.lineno}: {ast.unparse(node)}")
    assert found == []


# Where a file may be written: the output (build/), the build cache and blob store, the site's own
# files that the authoring commands and init write, and the preview's state.
WRITERS = ("generator/build/", "generator/core/", "generator/authoring/", "generator/commands/", "generator/preview/")


def test_only_build_writes_the_output_and_the_page_stages_write_nothing():
    """The model, the pages and the outputs make bytes; only build/ writes them (its
    OutputTransaction), and only the stages that write files at all may open one for writing."""
    import ast

    methods = {"write_text", "write_bytes", "mkdir", "unlink", "rmdir", "touch", "symlink_to"}
    found = []
    for name, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, (ast.ImportFrom)) and (node.module or "").endswith("write") and not name.startswith(
                    "generator/build/"):
                found.append(f"{name}:{node.lineno}: imports the output's writer")
            if name.startswith(WRITERS) or not isinstance(node, ast.Call):
                continue
            called = ast.unparse(node.func)
            mode = next((ast.unparse(a) for a in node.args[1:2]), "") + " ".join(
                ast.unparse(k.value) for k in node.keywords if k.arg == "mode")
            if (called.split(".")[-1] in methods or called.startswith(("shutil.", "os.")) and called.split(".")[-1] in (
                    "replace", "rename", "remove", "unlink", "makedirs", "mkdir", "symlink", "link", "rmdir") or
                    called.startswith("shutil.") or called == "open" and any(m in mode for m in "wxa")):
                found.append(f"{name}:{node.lineno}: {ast.unparse(node)[:60]}")
    assert found == []
