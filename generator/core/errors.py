"""The CLI contract: problems found in the user's input, and the exceptions that carry them.

A `Problem` is one message about one place (`file:line: field: message (hint)`). Stages collect
every problem they find and raise `ContentError` once, so an editor sees all of them in one run.
Anything else that escapes is a bug: the command line's last guard tells it as an error naming
the file being worked on (`working_on`), with the traceback only under TIMELINE_DEBUG=1.
"""

from __future__ import annotations

import difflib
import os
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Iterable, Iterator


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    hint: str = ""
    warning: bool = False  # not an error: it fails only --strict (the pull-request check)...
    notice: bool = False  # ...unless it is a notice too, which fails nothing (a translation still to do)

    @property
    def severity(self) -> str:
        return "notice" if self.notice else "warning" if self.warning else "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        if self.warning:
            where += f": {self.severity}"
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return visible(f"{text} ({self.hint})" if self.hint else text)


def visible(text: str) -> str:
    """One line with every invisible or line-breaking character shown as an escape (\\x1e, \\u202e):
    a message quoting an editor's value must not break the terminal or hide what is wrong."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


class TimelineError(Exception):
    """Base of the errors a user can cause; the CLI prints them without a traceback."""

    exit_code = 1


# The file a command is working on, for the command line's last guard to name when something
# unexpected happens there (set by the loops that go file by file: working_on()).
WORKING_ON: ContextVar[str] = ContextVar("working_on", default="")


@contextmanager
def working_on(shown: str) -> Iterator[None]:
    token = WORKING_ON.set(shown)
    yield
    WORKING_ON.reset(token)  # only when the work ends well: after an exception, the guard reads it


def debugging() -> bool:
    """TIMELINE_DEBUG=1: let an unexpected exception through, with its traceback."""
    return bool(os.environ.get("TIMELINE_DEBUG"))


def unexpected(error: BaseException) -> str:
    """An exception no check foresaw, told as a message: its kind and text, and that it is ours."""
    return f"unexpected {type(error).__name__}: {visible(str(error))[:300]} (a bug in timeline-generator; " \
           "TIMELINE_DEBUG=1 shows where)"


class UsageError(TimelineError):
    """A command line that makes no sense (exit 2)."""

    exit_code = 2


class ContentError(TimelineError):
    """One or more problems in content, seeds or configuration (exit 1)."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):  # so it crosses from a worker process intact
        return (ContentError, (self.problems,))


class OutputError(TimelineError):
    """The output folder is unsafe to write, or writing it failed."""


class Problems:
    """A collector that stages append to; `raise_if_errors` ends the stage."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(self, path: str, line: int, field: str, message: str, hint: str = "") -> None:
        self.items.append(Problem(path, line, field, message, hint))

    def warn(self, path: str, line: int, field: str, message: str, hint: str = "") -> None:
        self.items.append(Problem(path, line, field, message, hint, warning=True))

    def note(self, path: str, line: int, field: str, message: str, hint: str = "") -> None:
        """A notice: said, never fatal, not even under --strict (a language still being translated
        must not hold back a deploy)."""
        self.items.append(Problem(path, line, field, message, hint, warning=True, notice=True))

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in self.items if not p.warning)

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in self.items if p.warning)

    def raise_if_errors(self, strict: bool = False) -> None:
        fatal = [p for p in self.items if not p.notice] if strict else self.errors
        if fatal:
            raise ContentError(fatal)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest choice, or '' when nothing is close."""
    by_folded = {c.casefold(): c for c in choices}
    match = difflib.get_close_matches(str(word).casefold(), list(by_folded), n=1, cutoff=0.6)
    return f"did you mean '{by_folded[match[0]]}'?" if match else ""


def one_of(choices: Iterable[str]) -> str:
    return "one of: " + ", ".join(choices)
