"""Benchmark: build synthetic timelines of N entries and print how long each kind of build takes.

    .venv/bin/python benchmarks/run.py                 # N = 1,000 and 10,000, 3 runs each, every shape
    .venv/bin/python benchmarks/run.py --n 10000 --shape one-article
    .venv/bin/python benchmarks/run.py --n 100000 --runs 1
    .venv/bin/python benchmarks/run.py --n 10000 --shape spread --languages 2   # every entry translated
    .venv/bin/python benchmarks/run.py --n 10000 --shape spread --images        # a photo on 1 in 10

Per N it prints the median of the runs for: a cold build (no cache, no output), the same on one
core (where the worker pool runs in one process), a warm build
(cache present, nothing changed), a one-shot build after one entry changed, and the time from
saving an entry to its page being rewritten by `timeline serve`; and the peak memory of the
largest process. Beside them: the floor of our Markdown dialect (Python-Markdown alone, with our
extensions, rendering the same bodies on one core) and the one-core cold build's multiple of it,
and the output's files and bytes per event, its largest file and the search bundle. If `hugo` is
on PATH (Debian's package), the same content is built by Hugo with a minimal layout in the same
run (benchmarks/hugo_site.py), and the ratios are printed.
This is a measurement, not a test: nothing here passes or fails.

Nothing is deleted until the end of the run: a cold build's previous output is moved aside
instead. Creating files right after deleting as many is slow on some file systems (ext4 without
a journal, like the one this was measured on, skips inodes freed in the last minute or so, one by one), which
would time the file system's bookkeeping rather than either tool; neither a fresh checkout nor
CI ever builds into the ruins of a site deleted seconds before.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hugo_site import make_hugo_site  # noqa: E402
from synth import SHAPES, make_site  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
TIMELINE = [sys.executable, "-m", "generator"]
TODAY = "2026-01-01"


def timed(command: list[str], cwd: Path, one_core: bool = False) -> tuple[float, int]:
    """(seconds, peak RSS in KiB of the largest process of the command) for one run; `one_core`:
    the command may use one core only (so our pool runs in one process)."""
    with tempfile.TemporaryFile() as said:  # (a pipe left unread would block a build with many warnings)
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=said,
                                   preexec_fn=_one_core if one_core else None)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        if status != 0:
            said.seek(0)
            raise SystemExit(f"{' '.join(command)} failed:\n{said.read().decode()}")
    return elapsed, usage.ru_maxrss


def _one_core() -> None:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


# The floor of our dialect: Python-Markdown alone, with our extensions, on the same bodies.
FLOOR = """
import sys, time
from pathlib import Path
import frontmatter, markdown
from generator.site.markdown import EXTENSIONS, EXTENSION_CONFIGS
bodies = [frontmatter.loads(p.read_text(encoding="utf-8")).content for p in sorted(Path("content").glob("*.md"))]
md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")
started = time.perf_counter()
for body in bodies:
    md.reset()
    md.convert(body)
print(time.perf_counter() - started)
"""


def floor(root: Path, runs: int) -> float:
    """Seconds Python-Markdown takes to render every body of the site (entries and translations)
    on one core: the least a cold build of these entries could cost. Median of the runs."""
    times = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", FLOOR], cwd=root, capture_output=True, text=True, check=True,
                              preexec_fn=_one_core, env={**os.environ, "PYTHONPATH": str(REPO)})
        times.append(float(done.stdout))
    return statistics.median(times)


def output_size(folder: Path) -> tuple[int, int, int, str, int]:
    """(files, bytes, the largest file's bytes and name, the search bundle's bytes) of a built site."""
    files = [path for path in folder.rglob("*") if path.is_file()]
    largest = max(files, key=lambda path: path.stat().st_size)
    search = sum(path.stat().st_size for path in files if path.relative_to(folder).parts[0] == "search")
    return (len(files), sum(path.stat().st_size for path in files), largest.stat().st_size,
            largest.relative_to(folder).as_posix(), search)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def edit(path: Path, marker: str) -> None:
    """Change an entry's title (so its page and the lists that show it change)."""
    text = path.read_text(encoding="utf-8")
    start = text.index("title: ") + len("title: ")
    end = text.index("\n", start)
    path.write_text(text[:start] + marker + text[end:], encoding="utf-8")


def wait_for(path: Path, marker: str, limit: float = 60.0) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        try:
            if marker in path.read_text(encoding="utf-8"):
                return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.002)
    raise SystemExit(f"{path} never showed {marker!r}")


def set_aside(path: Path) -> None:
    """Move a file or folder out of the way, into the scratch folder's attic (see above)."""
    if path.exists():
        attic = path.parent.parent / "attic"
        attic.mkdir(exist_ok=True)
        path.rename(attic / f"{path.parent.name}-{path.name}-{time.time_ns()}")


def ours(root: Path, runs: int, images: bool = False) -> dict[str, tuple[float, int]]:
    """With `images`, "cold" is a build with no output and no record cache but the picture
    variants already made (the blob store kept, as a CI cache or an earlier build leaves it);
    "first" is the very first build, which makes them."""
    build = [*TIMELINE, "--root", str(root), "build", "-q", "--today", TODAY]
    results: dict[str, list[tuple[float, int]]] = {"cold": [], "cold, 1 core": [], "warm": [], "one change": [],
                                                   "serve": []}
    if images:
        results["first"] = [timed(build, root)]
    cache = ".timeline-cache/cache.sqlite" if images else ".timeline-cache"
    for one_core in [False] * runs + [True] * runs:
        for leftover in ("_site", cache, "._site.transaction"):
            set_aside(root / leftover)
        results["cold, 1 core" if one_core else "cold"].append(timed(build, root, one_core))
    for _ in range(runs):
        results["warm"].append(timed(build, root))
    entries = sorted(p for p in (root / "content").glob("*.md") if not p.name.endswith(".uk.md"))
    for run in range(runs):
        path = entries[len(entries) // 2 + run]
        path.write_text(path.read_text(encoding="utf-8") + f"\nOne more sentence, run {run}.\n", encoding="utf-8")
        results["one change"].append(timed(build, root))
    results["serve"] = serve_latency([*TIMELINE, "--root", str(root), "serve", "--today", TODAY], root, "_site",
                                     entries, runs, ready="serving http")
    return {name: median(values) for name, values in results.items()}


def serve_latency(command: list[str], root: Path, output: str, entries: list[Path], runs: int,
                  ready: str) -> list[tuple[float, int]]:
    """Save an edit, and time until the page on disk shows it; median of runs."""
    port = free_port()
    log = root / "serve.log"
    process = subprocess.Popen([*command, "--port", str(port)], cwd=root, stdout=open(log, "w"),
                               stderr=subprocess.STDOUT)
    try:
        wait_for(log, ready, limit=600)  # the server says its first build is done and it is watching
        time.sleep(1.0)
        latencies = []
        for run in range(runs):
            path = entries[len(entries) // 3 + run]
            marker = f"Edited in run {run} at {time.time_ns()}"
            edit(path, marker)
            latencies.append((wait_for(root / output / "events" / path.stem / "index.html", marker), 0))
            time.sleep(0.5)
        return latencies
    finally:
        process.terminate()
        process.wait(timeout=30)


def hugo(root: Path, runs: int) -> dict[str, tuple[float, int]]:
    command = ["hugo", "--quiet"]
    results: dict[str, list[tuple[float, int]]] = {"cold": [], "one change": [], "serve": []}
    for _ in range(runs):
        for leftover in ("public", "resources"):
            set_aside(root / leftover)
        results["cold"].append(timed(command, root))
    entries = sorted((root / "content" / "events").glob("*.md"))
    for run in range(runs):
        path = entries[len(entries) // 2 + run]
        path.write_text(path.read_text(encoding="utf-8") + f"\nOne more sentence, run {run}.\n", encoding="utf-8")
        results["one change"].append(timed(command, root))
    set_aside(root / "public")
    results["serve"] = serve_latency(["hugo", "server", "--renderToDisk", "--disableFastRender", "--bind", "127.0.0.1"],
                                     root, "public", entries, runs, ready="Web Server is available")
    return {name: median(values) for name, values in results.items()}


def median(values: list[tuple[float, int]]) -> tuple[float, int]:
    return statistics.median(v[0] for v in values), max(v[1] for v in values)


def report(n: int, shape: str, mine: dict, theirs: dict | None, least: float, size: tuple[int, int]) -> None:
    print(f"\n{n:,} entries, {shape}")
    heading = f"  {'':12}{'timeline':>12}{'peak MiB':>10}"
    print(heading + (f"{'hugo':>12}{'peak MiB':>10}{'ratio':>8}" if theirs else ""))
    for name in ("first", "cold", "cold, 1 core", "warm", "one change", "serve"):
        if name not in mine:
            continue
        seconds, peak = mine[name]
        line = f"  {name:12}{seconds:11.2f}s{peak / 1024 if peak else float('nan'):10.0f}"
        if theirs and name in theirs:
            other, other_peak = theirs[name]
            line += f"{other:11.2f}s{other_peak / 1024 if other_peak else float('nan'):10.0f}{seconds / other:8.2f}"
        print(line)
    print(f"  floor: Python-Markdown alone renders the bodies in {least:.2f}s on one core; the one-core cold build "
          f"costs {mine['cold, 1 core'][0] / least:.2f}x that")
    files, size_bytes, largest, largest_name, search = size
    print(f"  output: {files:,} files ({files / n:.2f} per event), {size_bytes / 2**20:.1f} MiB "
          f"({size_bytes / n / 1024:.1f} KiB per event); the largest file {largest / 2**20:.2f} MiB ({largest_name}); "
          f"the search bundle {search / 2**20:.1f} MiB ({search / n / 1024:.2f} KiB per event)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--shape", nargs="+", choices=SHAPES, default=list(SHAPES),
                        help="how the entries are spread over articles and parties (benchmarks/synth.py)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--languages", type=int, choices=(1, 2), default=1,
                        help="2: the site also in Ukrainian, every entry translated (Hugo builds one language)")
    parser.add_argument("--images", action="store_true",
                        help="one entry in ten has a photo (cold: with the variants already made; first: making them)")
    args = parser.parse_args()
    use_hugo = shutil.which("hugo") and not args.no_hugo
    version = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()[1] if use_hugo else ""
    print(f"{os.cpu_count()} cores; runs per figure: {args.runs} (median); hugo: {version or 'not used'}")
    with tempfile.TemporaryDirectory() as scratch:
        for n in args.n:
            for shape in args.shape:
                root = Path(scratch) / f"timeline-{n}-{shape}"
                make_site(root, n, shape, args.languages, args.images)
                theirs = None
                if use_hugo:
                    make_hugo_site(root, Path(scratch) / f"hugo-{n}-{shape}")
                    theirs = hugo(Path(scratch) / f"hugo-{n}-{shape}", args.runs)
                label = shape + (f", {args.languages} languages" if args.languages > 1 else "")
                mine = ours(root, args.runs, args.images)
                report(n, label + (", photos on 1 in 10" if args.images else ""), mine, theirs, floor(root, args.runs),
                       output_size(root / "_site"))


if __name__ == "__main__":
    main()
