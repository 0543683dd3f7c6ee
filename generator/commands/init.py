"""`timeline init [DIR]`: a new site that builds at once (`timeline build --strict` passes right
after it). It asks nothing: the title, base URL and language come from flags. It never overwrites
a file, and refuses a folder that is not empty unless told (then it adds only what is missing).
The theme is not copied: it comes with the package (see `timeline theme copy` for overriding)."""

from __future__ import annotations

import json
from pathlib import Path

from .. import __version__
from ..config import CONFIG_FILE, ORDERS, normalise_base_url, valid_base_url
from ..core.errors import UsageError
from ..core.languages import is_known_language

# Actions pinned by commit SHA, the release named in a comment (as this repository's own workflow)
CHECKOUT = "actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0"
SETUP_PYTHON = "actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065 # v5.6.0"
CONFIGURE_PAGES = "actions/configure-pages@983d7736d9b0ae728b81ab479565c72886d7745b # v5.0.0"
UPLOAD_PAGES = "actions/upload-pages-artifact@7b1f4a764d45c48632c6b24a0339c27f5614fb0b # v4.0.0"
DEPLOY_PAGES = "actions/deploy-pages@d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e # v4.0.5"
CACHE = "actions/cache@5a3ec84eff668545956fd18022155c47e93e2684 # v4.2.3"


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
    return {
        CONFIG_FILE: _config(title, base_url, language),
        "content/parties.toml": PARTIES,
        "content/.gitkeep": "",
        "seeds/.gitkeep": "",
        ".gitignore": "_site/\n._site.transaction/\n.timeline-cache/\n.venv/\n",
        "requirements.txt": f"{tool}\n",
        "README.md": EDITORS.format(title=title),
        ".github/workflows/pages.yml": PAGES,
        ".github/workflows/check.yml": CHECK,
    }


def _config(title: str, base_url: str, language: str) -> str:
    return f"""# The site's settings. Every key is optional; the commented lines show the defaults.
[site]
title = {json.dumps(title, ensure_ascii=False)}
# description = ""              # a sentence under the title, and in feeds and previews
base_url = {json.dumps(base_url)}                # the Pages workflow passes https://<owner>.github.io/<repo>/
language = {json.dumps(language)}
# order = "newest-first"        # {" or ".join(ORDERS)}
# feed_entries = 50             # the most recently changed events in feed.xml
# page_size = 200               # past this many events, the timeline and lists are paged by year

[build]
# output = "_site"
# unsafe_html = false           # true lets raw HTML in entries through unsanitised
# require_sources = true        # every published entry must cite a source

# Kinds of event: summit, meeting, agreement, pledge and announcement are built in. Add your own,
# or relabel one, with its statuses and those that say it took place:
# [kinds.treaty]
# label = "Treaty"
# statuses = ["drafted", "signed", "ratified"]
# happened = ["signed", "ratified"]
"""


PARTIES = """# Who takes part in events, declared once so that each party's page never splits on a typo.
# An entry names parties by id, name or alias, in any case.
#
# [ukraine]
# name = "Ukraine"
# type = "country"        # country | organisation | group
# aliases = ["UA"]
"""

EDITORS = """# {title}

A timeline built with timeline-generator: one Markdown file per event in `content/`, citing the
articles in `seeds/`.

```sh
python3 -m venv .venv && .venv/bin/pip install -r requirements.txt
.venv/bin/timeline new "What happened" --date 2024-06 --kind summit   # writes content/what-happened.md
.venv/bin/timeline serve                                               # preview at http://127.0.0.1:8000
.venv/bin/timeline check --strict                                      # what the pull-request check runs
.venv/bin/timeline fmt                                                 # entries in the house style (checked too)
```

- Bring an article in with `timeline import saved-page.html` (it writes `seeds/<name>.txt` and
  its sidecar `seeds/<name>.toml`: publisher, address, date), or copy it into `seeds/` unchanged.
  Cite it: `sources: [{{seed: article.txt, quote: "a sentence copied from it"}}]`. A quote that
  does not occur in the article is an error that shows the nearest passage. The site shows only
  the quoted passages unless the sidecar says `republish = "full"`.
- `timeline extract seeds/<name>.txt` proposes draft entries from the article's dated sentences.
- A correction: `corrections: [{{date: "2024-07-01", note: "what was wrong"}}]`; the page and the
  feed show it.
- Dates are `2024`, `2024-06` or `2024-06-13`: as precise as the source is.
- Parties are declared once in `content/parties.toml`.
- Pull requests are checked (`.github/workflows/check.yml`): problems show on the lines of the
  files. Pushes to `main` are published on GitHub Pages (`.github/workflows/pages.yml`; in the
  repository's Settings > Pages, choose "GitHub Actions" as the source).
- Editors without a terminal: `timeline cms` writes `admin/config.yml`, a form for the site's
  `/admin/` page (Decap CMS). Locally, run `ulimit -n 65536` then
  `BIND_HOST=127.0.0.1 npx decap-server@3.11.3` beside `timeline serve --drafts`, and open
  http://127.0.0.1:8000/admin/; on the published site it needs `[cms] repo` and an OAuth proxy
  (timeline-generator's README says how).
- `requirements.txt` pins the version of timeline-generator the site is built with.
"""

# the steps both workflows start with: the site's files, Python, the tool its requirements.txt names
SETUP = f"""      - uses: {CHECKOUT}
      - uses: {SETUP_PYTHON}
        with:
          python-version: "3.11"
      - name: Install timeline-generator
        run: python -m pip install -r requirements.txt
"""

PAGES = f"""# Build the timeline and publish it on GitHub Pages (Settings > Pages > Source: GitHub Actions).
name: Publish on GitHub Pages

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
{SETUP}      - id: pages
        uses: {CONFIGURE_PAGES}
      - name: Keep the build cache and the last site between deploys (a warm build)
        uses: {CACHE}
        with:
          path: |
            .timeline-cache
            _site
          key: timeline-${{{{ github.sha }}}}
          restore-keys: timeline-
      - name: Build the site under the Pages address
        env:
          BASE_URL: ${{{{ steps.pages.outputs.base_url }}}}
        run: timeline build --strict --base-url "$BASE_URL/" --output _site
      - uses: {UPLOAD_PAGES}
        with:
          path: _site

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: {DEPLOY_PAGES}
"""

CHECK = f"""# Check every pull request: each problem is annotated on its file and line.
name: Check the timeline

on:
  pull_request:

permissions:
  contents: read

jobs:
  check:
    runs-on: ubuntu-latest
    steps:
{SETUP}      - name: Check every entry
        run: timeline check --strict --format github
      - name: Check that entries are in the house style (what the CMS reads and writes)
        run: timeline fmt --check --format github
"""
