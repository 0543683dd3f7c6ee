"""What a new site's requirements.txt installs: the very tool that made the site, from where it
came, so that a fresh clone of the site builds on a fresh runner (the Pages workflow).

The installer records where a distribution came from (PEP 610's direct_url.json):
- none: a package index, so the version is pinned (timeline-generator==0.1.0);
- a git repository on the network: that commit (timeline-generator @ git+https://...@<commit>);
- a file or folder of this machine (a wheel, a checkout, an editable install): no runner can reach
  it, so the site carries the tool's wheel itself, under .timeline/, named by a path relative to the
  site (never a path of this machine).
"""

from __future__ import annotations

import atexit
import functools
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Optional
from urllib.parse import unquote, urlsplit

from .. import __version__
from ..core.errors import UsageError

DISTRIBUTION = "timeline-generator"
CARRIED = ".timeline"  # where a site keeps the tool's wheel
_REMOTE = ("https", "http", "ssh", "git")


@dataclass(frozen=True)
class Pin:
    requirement: str  # the line of requirements.txt
    why: str  # what init says of its choice
    wheel: Optional[Path] = None  # a wheel the site carries, at CARRIED/<its name>


def running_tool() -> Pin:
    """The pin for the tool that is running, by how it was installed."""
    info = _install_record()
    if info is None:
        if _installed_here():
            return Pin(f"{DISTRIBUTION}=={__version__}", f"installed from a package index: version {__version__}")
        return _carried(_built_wheel(_source()), "run from a checkout, not installed")
    url, vcs, archive = info.get("url", ""), info.get("vcs_info"), info.get("archive_info")
    remote = urlsplit(url).scheme in _REMOTE
    if vcs and vcs.get("vcs") == "git" and remote and vcs.get("commit_id"):
        return Pin(f"{DISTRIBUTION} @ git+{url}@{vcs['commit_id']}",
                   f"installed from {url}: commit {vcs['commit_id'][:12]}")
    if archive is not None and remote:
        return Pin(f"{DISTRIBUTION} @ {url}", f"installed from {url}")
    where = Path(unquote(urlsplit(url).path))
    if archive is not None and where.suffix == ".whl" and where.is_file():
        return _carried(where, f"installed from a wheel on this machine ({where.name})")
    if where.is_dir() and (where / "pyproject.toml").is_file():
        return _carried(_built_wheel(where), "installed from a folder on this machine")
    raise UsageError(f"cannot tell where a runner would install timeline-generator from (installed from {url}); "
                     "give --tool with a requirement it can install")


def _install_record() -> Optional[dict]:
    """Where the running tool was installed from (its direct_url.json), if an installer recorded
    it for the copy that is running. (A checkout's own timeline_generator.egg-info, found on the
    path when run from it, records nothing: it is passed over.)"""
    package = Path(__file__).resolve().parent.parent
    for distribution in metadata.distributions(name=DISTRIBUTION):
        direct = distribution.read_text("direct_url.json")
        if not direct:
            continue
        info = json.loads(direct)
        if "dir_info" in info:  # a folder (an editable install): the running package must be in it
            runs_this = package.is_relative_to(Path(unquote(urlsplit(info.get("url", "")).path)).resolve())
        else:  # a wheel, archive or commit: installed into site-packages, where the running package is
            runs_this = _installed_here()
        if runs_this:
            return info
    return None


def _installed_here() -> bool:
    """Whether the running package is an installed copy (not a checkout's own files)."""
    return bool({"site-packages", "dist-packages"} & set(Path(__file__).resolve().parts))


def _carried(wheel: Path, how: str) -> Pin:
    return Pin(f"./{CARRIED}/{wheel.name}", f"{how}, which no runner can reach: the site carries its wheel, "
                                            f"{CARRIED}/{wheel.name}", wheel)


def _source() -> Path:
    return Path(__file__).resolve().parent.parent.parent


@functools.lru_cache(maxsize=4)
def _built_wheel(source: Path) -> Path:
    """A wheel of the checkout at `source`, built once per process from a copy (building in place
    would leave build/ and egg-info in the checkout)."""
    scratch = Path(tempfile.mkdtemp(prefix="timeline-wheel-"))
    atexit.register(shutil.rmtree, scratch, True)
    copy = scratch / "source"
    skip = {".git", ".venv", "node_modules", "_site", ".timeline-cache", "build", "dist", CARRIED}
    shutil.copytree(source, copy, symlinks=True, ignore=lambda folder, names: [
        name for name in names if name == "__pycache__" or name.endswith(".egg-info") or (
            Path(folder) == source and name in skip)])
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w",
                            str(scratch / "dist"), str(copy)], capture_output=True, text=True)
    wheels = sorted((scratch / "dist").glob("*.whl"))
    if built.returncode != 0 or not wheels:
        raise UsageError(f"could not build a wheel of {source} for the site to carry ({built.stderr.strip()[-300:]}); "
                         "give --tool with a requirement a runner can install")
    return wheels[0]
