"""`timeline init [DIR]`: a new site that builds at once (`timeline build --strict` passes right
after it). It asks nothing: the title, base URL and language come from flags. It never overwrites
a file, and refuses a folder that is not empty unless told (then it adds only what is missing).
The theme is not copied: it comes with the package (see `timeline theme copy` for overriding)."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from string import Template
from typing import Sequence
from urllib.parse import urlsplit

from .. import __version__
from ..config import CONFIG_FILE, normalise_base_url, valid_base_url
from ..core.errors import UsageError
from ..core.languages import is_known_language
from .pin import CARRIED, Pin, running_tool

# The new site's files, shipped as package data: the workflows and the rest as they are, the
# settings and the editors' README with the site's values put in ($title...).
SCAFFOLD = Path(__file__).parent / "scaffold"


def init_site(folder: Path, title: str = "", base_url: str = "/", languages: Sequence[str] = ("en",),
              force: bool = False, tool: str = "") -> tuple[list[Path], str]:
    """Write the new site's files into `folder`; return those written (relative to it) and what
    requirements.txt installs, and why. `languages`: the site's, the default first; `tool`: what
    requirements.txt installs (default: the tool that is running, from where it came: pin.py)."""
    base_url = normalise_base_url(base_url)
    if not valid_base_url(base_url):
        raise UsageError(f"--base-url: expected '/', '/path/' or 'https://host/path/', got '{base_url}'")
    languages = _languages(languages)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file, not a folder")
    if folder.is_dir() and any(p.name != ".git" for p in folder.iterdir()) and not force:
        raise UsageError(f"{folder} is not empty; give --force to add only the files it lacks (none is overwritten)")
    pin = chosen_pin(tool)
    title = title.strip() or folder.resolve().name.replace("-", " ").replace("_", " ").capitalize() or "Timeline"
    files: dict[str, str | Path] = {**site_files(title, base_url, languages, pin.requirement)}
    if pin.wheel is not None:
        files[f"{CARRIED}/{pin.wheel.name}"] = pin.wheel
    wanted = {relative: content for relative, content in files.items() if _missing(folder, relative)}
    written: list[Path] = []
    try:
        for relative, content in wanted.items():
            path = folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, Path):
                with open(content, "rb") as source, open(path, "xb") as handle:
                    written.append(Path(relative))
                    shutil.copyfileobj(source, handle)
            else:
                with open(path, "x", encoding="utf-8", newline="\n") as handle:
                    written.append(Path(relative))
                    handle.write(content)
    except BaseException:
        for relative in written:  # all or nothing
            (folder / relative).unlink(missing_ok=True)
        raise
    return written, f"requirements.txt installs {pin.requirement}: {pin.why}"


def _missing(folder: Path, relative: str) -> bool:
    """Whether the site lacks this file and it can be written: every folder on its way is a folder
    of the site (not a file, nor a link, which could lead anywhere or round in a loop). Checked for
    every file before any is written."""
    path = folder / relative
    for step in [*reversed(Path(relative).parents)][1:]:
        here = folder / step
        if here.is_symlink() or (here.exists() and not here.is_dir()):
            raise UsageError(f"{here}: {'a link' if here.is_symlink() else 'a file'} where init puts a folder; "
                             "nothing was written (move it aside, or give another folder)")
    return not (path.exists() or path.is_symlink())


def chosen_pin(tool: str) -> Pin:
    """What requirements.txt installs: --tool's requirement, else the running tool (pin.py)."""
    if "\n" in tool or tool.strip().startswith("-"):
        raise UsageError(f"--tool: expected one requirement, like timeline-generator=={__version__} or a "
                         f"git+https:// address, got '{tool}'")
    return Pin(tool.strip(), "as --tool says") if tool.strip() else running_tool()


def _languages(given: Sequence[str]) -> tuple[str, ...]:
    """The languages asked for (repeated, or separated by commas), each a known tag, none twice."""
    codes = [code.strip() for value in given for code in value.split(",") if code.strip()] or ["en"]
    for code in codes:
        if not is_known_language(code):
            raise UsageError(f"--language: expected a language tag like en, en-GB, uk or pt-BR, got '{code}'")
    twice = next((code for n, code in enumerate(codes) if code.casefold() in map(str.casefold, codes[:n])), None)
    if twice:
        raise UsageError(f"--language: '{twice}' is given twice (the first --language is the default)")
    return tuple(codes)


def _language_tables(languages: tuple[str, ...]) -> str:
    """[languages] for a site in several languages; for one, how to add another."""
    if len(languages) == 1:
        return ("# Other languages: the default first, at the site's root; the others under /<code>/, each\n"
                f"# entry translated in content/<slug>.<code>.md:\n# [languages.{languages[0]}]\n# [languages.de]\n"
                "# title = \"...\"                 # the site's title in it\n"
                "# publish = false               # in preparation: in the preview and with --drafts only\n")
    tables = [f"[languages.{languages[0]}]                  # the default, at the site's root"]
    tables += [f"[languages.{code}]\n# title = \"...\"                 # the site's title in it\n"
               f"# publish = false               # in preparation: in the preview and with --drafts only"
               for code in languages[1:]]
    return "# The site's languages: the default first; the others under /<code>/.\n" + "\n".join(tables) + "\n"


# The Pages workflow's build step: under the address Pages gives the repository, unless the site
# names its own (a custom domain, or a path of its own): then timeline.toml's base_url is used.
_PAGES_ADDRESS = """      - name: Build the site under the Pages address
        env:
          BASE_URL: ${{ steps.pages.outputs.base_url }}
        run: timeline build --format github --base-url "$BASE_URL/" --output _site
"""
_OWN_ADDRESS = """      - name: Build the site under its own address (base_url in timeline.toml)
        run: timeline build --format github --output _site
"""


def _published_at(workflow: str, base_url: str) -> str:
    assert _PAGES_ADDRESS in workflow
    return workflow.replace(_PAGES_ADDRESS, _OWN_ADDRESS) if urlsplit(base_url).scheme else workflow


# Each workflow starts with a line naming the tool that wrote it and a checksum of the rest, so
# that `timeline upgrade` refreshes what the tool wrote and leaves alone what the site has edited.
_STAMP = "# Written by timeline-generator {version} (sha256:{digest}); timeline upgrade refreshes it unless edited.\n"
_STAMPED = re.compile(r"# Written by timeline-generator \S+ \(sha256:([0-9a-f]{12})\);[^\n]*\n")


def _stamped(text: str) -> str:
    return _STAMP.format(version=__version__, digest=_digest(text)) + text


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def edited(workflow: str) -> bool:
    """Whether a workflow was changed since the tool wrote it (or bears no stamp of the tool's)."""
    stamp = _STAMPED.match(workflow)
    return stamp is None or stamp.group(1) != _digest(workflow[stamp.end():])


def workflows(base_url: str) -> dict[str, str]:
    """The site's GitHub workflows: publishing (under its address), the pull-request check, and
    the weekly check of the sources' links."""
    pages = _published_at(_scaffold("pages.yml"), base_url)
    return {".github/workflows/pages.yml": _stamped(pages),
            ".github/workflows/check.yml": _stamped(_scaffold("check.yml")),
            ".github/workflows/links.yml": _stamped(_scaffold("links.yml"))}


def _scaffold(name: str, **values: str) -> str:
    text = (SCAFFOLD / name).read_text(encoding="utf-8")
    return Template(text).substitute(values) if values else text


def site_files(title: str, base_url: str, languages: tuple[str, ...], tool: str) -> dict[str, str]:
    return {
        CONFIG_FILE: _scaffold("timeline.toml", title=json.dumps(title, ensure_ascii=False),
                              base_url=json.dumps(base_url), language=json.dumps(languages[0]),
                              languages=_language_tables(languages)),
        "content/parties.toml": _scaffold("parties.toml"),
        "content/.gitkeep": "",
        "seeds/.gitkeep": "",
        ".gitignore": _scaffold("gitignore"),
        "requirements.txt": f"{tool}\n",
        "README.md": _scaffold("README.md", title=title),
        **workflows(base_url),
    }
