"""Shared fixtures: scratch projects in temp dirs (never the repo), and the CLI run in-process."""

from __future__ import annotations

import re
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.commands.cli import main

pytest_plugins = ("browser",)  # the real-browser fixtures

REPO = Path(__file__).resolve().parent.parent
SEED = "000_f58ab9d484ce5563.txt"
QUOTE = "Ukraine will sign bilateral security agreements with the United States and Japan"

PARTIES = """\
[ukraine]
name = "Ukraine"
type = "country"
aliases = ["UA"]

[japan]
name = "Japan"
type = "country"

[united-states]
name = "United States"
type = "country"
aliases = ["US"]

[g7]
name = "Group of Seven (G7)"
type = "group"
aliases = ["G7"]
"""


def entry(**fields: str) -> str:
    """A valid entry's text; keyword arguments replace or add front matter lines (None removes)."""
    values = {
        "title": "Ukraine and Japan sign a security agreement",
        "date": '"2024-06-13"',
        "kind": "agreement",
        "status": "signed",
        "parties": "[ukraine, japan]",
        "summary": "One sentence.",
        "sources": f'\n  - seed: {SEED}\n    quote: "{QUOTE}"',
    }
    values.update(fields)
    values["sources"] = values.pop("sources")  # keep the multi-line sources last, so lines are easy to count
    lines = [f"{key}: {value}" for key, value in values.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\nThe body.\n"


@dataclass
class Run:
    code: int
    out: str
    err: str


class Project:
    """A scratch timeline project: write files into it, run the CLI on it, read its output."""

    def __init__(self, root: Path, capsys):
        self.root, self.capsys = root, capsys

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def run(self, *args: str) -> Run:
        self.capsys.readouterr()
        code = main(["--root", str(self.root), *args])
        captured = self.capsys.readouterr()
        return Run(code, captured.out, captured.err)

    def build(self, *args: str) -> Run:
        return self.run("build", "--today", "2026-01-01", *args)

    def check(self, *args: str) -> Run:
        return self.run("check", "--today", "2026-01-01", *args)

    def html(self, relative: str) -> BeautifulSoup:
        return BeautifulSoup((self.root / "_site" / relative).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def project(tmp_path, capsys) -> Project:
    """A minimal valid project: config, parties, the seed article and one entry."""
    root = tmp_path / "site"
    p = Project(root, capsys)
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "static", root / "static")
    shutil.copytree(REPO / "seeds", root / "seeds")
    p.write("timeline.toml", '[site]\ntitle = "Test timeline"\nlanguage = "en-GB"\n')
    p.write("content/parties.toml", PARTIES)
    p.write("content/japan-agreement.md", entry())
    return p


@pytest.fixture
def bundled(tmp_path, capsys) -> Project:
    """A copy of the repository's own project (content, seeds, templates, static, config)."""
    root = tmp_path / "bundled"
    for name in ("content", "seeds", "templates", "static"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "timeline.toml", root / "timeline.toml")
    return Project(root, capsys)


def entries_in(folder: Path) -> list[Path]:
    """The entry files of a content folder: its .md files but the translations (<slug>.<lang>.md)."""
    return sorted(p for p in folder.glob("*.md") if not re.fullmatch(r".+\.[a-z]{2,3}(-[A-Za-z0-9]+)*", p.stem))


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def search_fragments(site: Path, language: str = "") -> dict[str, dict]:
    """The search index's records, by their address: each event's card (`meta`), text (`content`)
    and filters' terms, read from its pieces (outputs/search_index.py), and the file of its card
    (`file`, under search/); `language`: only that language's (its folder: en-gb, uk)."""
    import json

    found = {}
    for folder in sorted((site / "search").glob(language or "*")):
        index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
        filters: dict[int, dict[str, list[str]]] = {}
        for path in sorted((folder / "f").glob("*/*.json")):
            param = path.parent.name
            term = next(t for t in index["filters"][param] if path.stem in (t, "x" + t.encode().hex()))
            number = -1
            for gap in json.loads(path.read_text(encoding="utf-8")):
                number += gap
                filters.setdefault(number, {}).setdefault(param, []).append(term)
        for number in range(index["count"]):
            card = json.loads((folder / f"e/{number}.json").read_text(encoding="utf-8"))
            found[card["url"]] = {**card, "content": card.get("text", ""), "filters": filters.get(number, {}),
                                  "file": f"{folder.name}/e/{number}.json"}
    return found
