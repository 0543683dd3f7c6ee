"""Where a build's time goes: each step of the recipe, and within rendering each page family and
the shared work (Markdown bodies, cards) the families draw on. `timeline build --timings` prints
it, so that every change shows its cost.

Pages render on every core, so a family's figure is the time its pages took summed over the
workers (more than the wall clock on a machine with several cores); writing is timed apart from
making, since it is the file system's cost rather than ours.
"""

from __future__ import annotations

import functools
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterator

Report = Callable[[str], None]


@dataclass
class Cost:
    count: int = 0
    making: float = 0.0  # seconds
    writing: float = 0.0

    def add(self, count: int, making: float, writing: float = 0.0) -> None:
        self.count, self.making, self.writing = self.count + count, self.making + making, self.writing + writing

    @contextmanager
    def making_of(self, count: int) -> Iterator[None]:
        """Add the block's wall-clock time, as making `count` items."""
        started = time.perf_counter()
        yield
        self.add(count, time.perf_counter() - started)


@dataclass
class Timings:
    """The steps' wall-clock seconds, in order, and the parts of the work by name."""

    report: Report = lambda line: None
    steps: dict[str, float] = field(default_factory=dict)
    parts: dict[str, Cost] = field(default_factory=dict)

    @contextmanager
    def step(self, name: str, summary: Callable[[], str]) -> Iterator[None]:
        """Time one step of the recipe, and report it on one line when it ends."""
        started = time.perf_counter()
        yield
        self.steps[name] = time.perf_counter() - started
        self.report(f"{name:<7}{summary():<48}{self.steps[name] * 1000:9.1f} ms")

    def part(self, name: str) -> Cost:
        return self.parts.setdefault(name, Cost())

    def table(self) -> str:
        """The breakdown as `timeline build --timings` prints it."""
        lines = [f"{'step':<34}{'seconds':>9}"]
        lines += [f"{name:<34}{seconds:9.2f}" for name, seconds in self.steps.items()]
        lines.append(f"{'total':<34}{sum(self.steps.values()):9.2f}")
        if self.parts:
            lines += ["", f"{'work (summed over workers)':<34}{'items':>9}{'making s':>10}{'writing s':>10}"
                          f"{'ms each':>9}"]
            for name, cost in sorted(self.parts.items(), key=lambda item: -item[1].making - item[1].writing):
                if not cost.count and cost.making < 0.005:
                    continue  # a family with nothing to get ready
                each = (cost.making + cost.writing) * 1000 / cost.count if cost.count else 0.0
                lines.append(f"{name:<34}{cost.count:9d}{cost.making:10.2f}{cost.writing:10.2f}{each:9.2f}")
        return "\n".join(lines)


@functools.cache  # (asked once per page rendered)
def family_name(kind: type) -> str:
    """'EventPages' -> 'event pages': a family as the breakdown names it."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", kind.__name__).lower()
