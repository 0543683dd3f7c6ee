"""How `check` tells its problems: as text for people (file:line: field: message (hint)), as
GitHub workflow commands for pull requests (an annotation on the line, one log group per file, and
a table of every problem in the step summary, since GitHub shows only the first few annotations
of a step), or as JSON lines for other tools."""

from __future__ import annotations

import json
import os
from itertools import groupby
from typing import Callable, Iterable, TextIO

from ..core.errors import Problem, visible

FORMATS = ("text", "github", "json")


def report(problems: Iterable[Problem], style: str, out: TextIO, command: str = "check") -> None:
    """Print the problems (errors, warnings and notices) of `timeline <command>` in the given style."""
    problems = sorted(problems)
    REPORTERS[style](problems, out, command)


def _text(problems: list[Problem], out: TextIO, command: str) -> None:
    for problem in problems:
        print(problem, file=out)


def _json(problems: list[Problem], out: TextIO, command: str) -> None:
    for p in problems:
        print(json.dumps({"file": p.path, "line": p.line or None, "field": p.field or None, "message": p.message,
                          "hint": p.hint or None, "severity": p.severity},
                         ensure_ascii=False), file=out)


def _github(problems: list[Problem], out: TextIO, command: str) -> None:
    for path, in_file in groupby(problems, key=lambda p: p.path):
        print(f"::group::{_data(path)}", file=out)
        for p in in_file:
            properties = [f"file={_property(p.path)}"] + ([f"line={p.line}"] if p.line else [])
            properties.append(f"title={_property(p.field or 'timeline check')}")
            message = f"{p.message} ({p.hint})" if p.hint else p.message
            print(f"::{p.severity} {','.join(properties)}::{_data(message)}", file=out)
        print("::endgroup::", file=out)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as file:
            file.write(summary_table(problems, command))


def summary_table(problems: list[Problem], command: str = "check") -> str:
    """Markdown for the step summary: every problem, however many."""
    if not problems:
        return f"### timeline {command}: no problems\n\n"
    errors, notices = sum(not p.warning for p in problems), sum(p.notice for p in problems)
    lines = [f"### timeline {command}: {errors} error(s), {len(problems) - errors - notices} warning(s), "
             f"{notices} notice(s)", "",
             "| | file | line | field | problem |", "|---|---|---|---|---|"]
    for p in problems:
        message = f"{p.message} ({p.hint})" if p.hint else p.message
        cells = [p.severity, "`" + p.path.replace("`", "'") + "`", str(p.line or ""),
                 p.field, message]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n\n"


def _data(text: str) -> str:
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _cell(text: str) -> str:
    return visible(text).replace("|", "\\|")


REPORTERS: dict[str, Callable[[list[Problem], TextIO, str], None]] = {"text": _text, "github": _github, "json": _json}
