"""`timeline init [DIR]`: a new site that builds at once (`timeline build --strict` passes right
after it). It asks nothing: the title, base URL and language come from flags. It never overwrites
a file, and refuses a folder that is not empty unless told (then it adds only what is missing).
The theme is not copied: it comes with the package (see `timeline theme copy` for overriding)."""

from __future__ import annotations

import json
from pathlib import Path
from string import Template

from .. import __version__
from ..config import CONFIG_FILE, normalise_base_url, valid_base_url
from ..core.errors import UsageError
from ..core.languages import is_known_language

# The new site's files, shipped as package data: the workflows and the rest as they are, the
# settings and the editors' README with the site's values put in ($title...).
SCAFFOLD = Path(__file__).parent / "scaffold"


def init_site(folder: Path, title: str = "", base_url: str = "/", language: str = "en",
              force: bool = False, tool: str = "") -> list[Path]:
    """Write the new site's files into `folder`; return those written (relative to it). `tool`:
    what requirements.txt installs (default: this version from PyPI)."""
    tool = tool.strip() or f"timeline-generator=={__version__}"
    if "\n" in tool or tool.startswith("-"):
        raise UsageError(f"--tool: expected one requirement, like timeline-generator=={__version__} or a "
                         f"git+https:// address, got '{tool}'")
    base_url = normalise_base_url(base_url)
    if not valid_base_url(base_url):
        raise UsageError(f"--base-url: expected '/', '/path/' or 'https://host/path/', got '{base_url}'")
    if not is_known_language(language):
        raise UsageError(f"--language: expected a language tag like en, en-GB, uk or pt-BR, got '{language}'")
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file, not a folder")
    if folder.is_dir() and any(p.name != ".git" for p in folder.iterdir()) and not force:
        raise UsageError(f"{folder} is not empty; give --force to add only the files it lacks (none is overwritten)")
    title = title.strip() or folder.resolve().name.replace("-", " ").replace("_", " ").capitalize() or "Timeline"
    written = []
    for relative, text in site_files(title, base_url, language, tool).items():
        path = folder / relative
        if path.exists() or path.is_symlink():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        written.append(Path(relative))
    return written


def site_files(title: str, base_url: str, language: str, tool: str) -> dict[str, str]:
    def scaffold(name: str, **values: str) -> str:
        text = (SCAFFOLD / name).read_text(encoding="utf-8")
        return Template(text).substitute(values) if values else text

    return {
        CONFIG_FILE: scaffold("timeline.toml", title=json.dumps(title, ensure_ascii=False),
                              base_url=json.dumps(base_url), language=json.dumps(language)),
        "content/parties.toml": scaffold("parties.toml"),
        "content/.gitkeep": "",
        "seeds/.gitkeep": "",
        ".gitignore": scaffold("gitignore"),
        "requirements.txt": f"{tool}\n",
        "README.md": scaffold("README.md", title=title),
        ".github/workflows/pages.yml": scaffold("pages.yml"),
        ".github/workflows/check.yml": scaffold("check.yml"),
    }
