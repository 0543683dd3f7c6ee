"""The same synthetic content as a Hugo site with a minimal layout, to compare build times.

Hugo gets every entry as a page with its body, the taxonomies we publish (kinds, parties, tags,
years, statuses), its default RSS feeds and sitemap, and layouts about as plain as ours.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

CONFIG = """\
baseURL = "https://example.org/"
title = "Synthetic"
disableKinds = ["robotsTXT"]
[taxonomies]
kind = "kinds"
party = "parties"
tag = "tags"
year = "years"
status = "status"
"""

LAYOUTS = {
    "_default/baseof.html": "<!doctype html><html lang=en><head><meta charset=utf-8><title>{{ .Title }}</title>"
                            "</head><body><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    "_default/single.html": "{{ define \"main\" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format \"2 January 2006\" }}"
                            "</p><p>{{ .Params.summary }}</p>{{ .Content }}<ul>{{ range .Params.parties }}<li>{{ . }}"
                            "</li>{{ end }}</ul>{{ with .PrevInSection }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>"
                            "{{ end }}{{ with .NextInSection }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}"
                            "</article>{{ end }}\n",
    "_default/list.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1><ol>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}"
                          "\">{{ .Title }}</a> {{ .Date.Format \"2 January 2006\" }} {{ .Params.summary }}</li>{{ end }}"
                          "</ol>{{ end }}\n",
    "_default/terms.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}<li><a "
                           "href=\"{{ .Page.RelPermalink }}\">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>"
                           "{{ end }}\n",
    "index.html": "{{ define \"main\" }}<h1>{{ .Site.Title }}</h1><ol>{{ range .Site.RegularPages }}<li><a href=\""
                  "{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Params.summary }}</li>{{ end }}</ol>{{ end }}\n",
}


def make_hugo_site(ours: Path, root: Path) -> None:
    """Translate our project at `ours` into a Hugo site at `root`."""
    if root.exists():
        shutil.rmtree(root)
    (root / "content" / "events").mkdir(parents=True)
    (root / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in LAYOUTS.items():
        (root / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "layouts" / name).write_text(text, encoding="utf-8")
    entries = sorted((ours / "content").glob("*.md"))
    languages = sorted({entry.suffixes[0][1:] for entry in entries if len(entry.suffixes) > 1})
    if languages:  # translations (<slug>.<lang>.md): Hugo's own multilingual mode, by file name as ours
        (root / "hugo.toml").write_text(CONFIG.replace("[taxonomies]", 'defaultContentLanguage = "en"\n[taxonomies]')
                                        + "".join(f"[languages.{code}]\n" for code in ["en", *languages]),
                                        encoding="utf-8")
    for entry in entries:
        text = entry.read_text(encoding="utf-8")
        original = entry.with_name(entry.name.split(".")[0] + ".md")
        (root / "content" / "events" / entry.name).write_text(
            hugo_entry(text, original.read_text(encoding="utf-8") if original != entry else None), encoding="utf-8")


def hugo_entry(text: str, original: str | None = None) -> str:
    """A Hugo page of an entry, or of a translation (which has only the text fields: the rest is
    the original's)."""
    _, front, body = text.split("---\n", 2)
    data = yaml.safe_load(front)
    if original is not None:
        data = {**yaml.safe_load(original.split("---\n", 2)[1]), **data}
    date = str(data["date"])
    full = date + "-01" * (2 - date.count("-"))
    page = {"title": data["title"], "date": full, "summary": data.get("summary", ""),
            "kinds": [data["kind"]], "parties": data.get("parties", []), "tags": data.get("tags", []),
            "years": [date[:4]], "status": [data.get("status", "")]}
    return "---\n" + yaml.safe_dump(page, sort_keys=False) + "---\n" + re.sub(r"\]\(([\w-]+)\.md\)", r"](/events/\1/)", body)
