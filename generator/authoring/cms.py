"""The CMS's configuration (`admin/config.yml`) for the editor the site chose in [cms]: Sveltia CMS
(the default: token sign-in to GitHub, the browser's own access to a local clone, translations
beside their originals) or Decap CMS (for a site that has its OAuth set up). Its form is made from
the entry schema and the site (authoring/cms_form.py). `timeline cms` writes it; every build
compares it with what it would write now, and warns when the file is out of date.

The form saves in our own format (theme/static/admin.js, registered as `timeline-frontmatter`): the house
style, never the CMS's YAML writer, so an entry saved by the CMS is what `timeline new` writes.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from ..config import Config, cms_repo
from ..content.parties import Registry
from ..core.cache import key_of
from ..core.errors import Problems
from ..core.languages import language_name
from ..core.textfile import replace_text
from .cms_form import body, choices, parties_file, translatable, widget

CMS_FILE = "admin/config.yml"
MEDIA_FOLDER = "content/media"
LOCAL_BACKEND = "http://127.0.0.1:8081/api/v1"  # decap-server's default port, bound to loopback
# Sveltia accepts a .md file only in a format named *-frontmatter (Decap, any name)
ENTRY_FORMAT, TRANSLATION_FORMAT = "timeline-frontmatter", "timeline-translation"
# Sveltia names a new file before any script sees the entry: the slug field when filled, else the title
SVELTIA_SLUG = "{{fields.slug | default('{{title}}')}}"
HEADER = """\
# Written by `timeline cms` from the entry schema, timeline.toml's kinds and [cms] settings,
# content/parties.toml and the articles in seeds/. Run it again after changing them (`timeline
# check` warns when this file is out of date); edits made here are lost then.
"""


_LAST: dict[str, str] = {}  # the last text made, by its inputs: the preview rebuilds on every save


def cms_config_text(config: Config, registry: Registry, seeds: list[str]) -> str:
    """The file's text: the same for the same site, so that a stale one can be told apart."""
    key = key_of(repr(replace(config, root=None, output=None)), repr(config.entry_fields), repr(registry.parties),
                 seeds)
    if key not in _LAST:
        _LAST.clear()
        make = _decap if config.cms_editor == "decap" else _sveltia
        _LAST[key] = HEADER + yaml.dump(make(config, registry, seeds), Dumper=_Dumper, sort_keys=False,
                                        allow_unicode=True, width=1000)
    return _LAST[key]


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # each list written out where it is used, not as &id001
        return True


def _sveltia(config: Config, registry: Registry, seeds: list[str]) -> dict[str, Any]:
    document: dict[str, Any] = {"backend": _backend(config)}
    if config.cms_review:
        document["publish_mode"] = "editorial_workflow"
    # file names as the validator takes them: ASCII, accents dropped (Sveltia keeps any letter by default)
    document.update(media_folder=MEDIA_FOLDER, public_folder=MEDIA_FOLDER,
                    slug={"encoding": "ascii", "clean_accents": True})
    events = _events(config, registry, seeds)
    if len(config.language_codes) > 1:
        # content/<slug>.md in the default language, content/<slug>.<lang>.md beside it for each other
        # a new entry starts in the default language alone; its editor adds a translation when ready
        document["i18n"] = {"structure": "multiple_files", "locales": list(config.language_codes),
                            "default_locale": config.language_codes[0], "initial_locales": "default",
                            "omit_default_locale_from_file_path": True}
        events["i18n"] = True
        for form, field in zip(events["fields"], config.entry_fields):
            translatable(form, field, config.language_codes[0])
        events["fields"][-1]["i18n"] = True  # the body
    events.update(slug=SVELTIA_SLUG)
    del events["filter"]  # translations are the entries' own locales, not entries of their own
    document["collections"] = [_without(events, _DECAP_ONLY), _without(parties_file(config, registry), _DECAP_ONLY)]
    return document


# what Sveltia's schema does not have (it warns about each), by widget ("*": any): Decap's relation
# page size, a file's description, a hidden field's hint
_DECAP_ONLY = {"*": ("options_length", "description"), "hidden": ("required", "hint")}


def _without(node: Any, options: dict[str, tuple[str, ...]]) -> Any:
    """The configuration without the options Sveltia does not know, at any depth."""
    if isinstance(node, list):
        return [_without(item, options) for item in node]
    if not isinstance(node, dict):
        return node
    dropped = {*options["*"], *options.get(node.get("widget", ""), ())}
    return {key: _without(value, options) for key, value in node.items() if key not in dropped}


def _decap(config: Config, registry: Registry, seeds: list[str]) -> dict[str, Any]:
    document: dict[str, Any] = {"backend": _backend(config)}
    if config.cms_review:
        document["publish_mode"] = "editorial_workflow"
    document.update({
        # used only when the admin page is opened on localhost or 127.0.0.1: decap-server, as the README says
        "local_backend": {"url": LOCAL_BACKEND},
        "media_folder": MEDIA_FOLDER,
        "public_folder": MEDIA_FOLDER,  # entries name pictures from the site's folder: content/media/x.jpg
        "collections": [_events(config, registry, seeds), *_translations(config), parties_file(config, registry)],
    })
    return document


def _backend(config: Config) -> dict[str, Any]:
    backend: dict[str, Any] = {"name": config.cms_backend, "branch": config.cms_branch}
    if repo := cms_repo(config):
        backend["repo"] = repo
    if config.cms_auth_url:
        backend["base_url"] = config.cms_auth_url
        backend["auth_endpoint"] = config.cms_auth_endpoint
    elif config.cms_editor == "sveltia":
        backend["auth_methods"] = ["token"]  # no OAuth app: an editor signs in with a personal access token
    return backend


def _events(config: Config, registry: Registry, seeds: list[str]) -> dict[str, Any]:
    options = choices(config, registry, seeds)
    return {
        "name": "events", "label": "Events", "label_singular": "Event", "folder": "content", "extension": "md",
        "format": ENTRY_FORMAT, "create": True, "slug": "{{fields.file_name}}", "identifier_field": "title",
        "summary": "{{date}} · {{title}}", "sortable_fields": ["date", "title", "kind"],
        "filter": {"field": "is_entry", "value": True},  # set by admin.js: translations share the folder
        "fields": [*(widget(field, options) for field in config.entry_fields), body()],
    }


def _translations(config: Config) -> list[dict[str, Any]]:
    """Decap: one collection a language. Its own i18n names the default language's file <slug>.<lang>.md
    too, where ours is <slug>.md, so each language's translations are listed by their file name's ending."""
    result = []
    for language in config.language_codes[1:]:
        original = {"name": "original", "label": "Translation of", "widget": "relation", "collection": "events",
                    "value_field": "{{slug}}", "search_fields": ["title", "date"], "display_fields": ["title"],
                    "required": False, "hint": "the entry this translates: chosen once, when the translation starts"}
        result.append({
            "name": f"translations-{language.lower()}", "label": f"Translations: {language_name(language)}",
            "label_singular": f"Translation ({language_name(language)})", "folder": "content",
            "extension": f"{language}.md", "format": TRANSLATION_FORMAT, "create": True,
            "slug": "{{fields.file_name}}", "identifier_field": "title", "summary": "{{title}}",
            "fields": [original, *(widget(field, {}, new_entry_lists=False) for field in config.translation_fields),
                       body()],
        })
    return result


def warn_stale_cms_config(config: Config, registry: Registry, seeds: list[str], problems: Problems) -> None:
    """A warning when admin/config.yml differs from what `timeline cms` would write now: the form
    would offer kinds, parties or articles the site no longer has, or lack new ones."""
    path: Path = config.root / CMS_FILE
    if path.is_file() and path.read_bytes() != cms_config_text(config, registry, seeds).encode("utf-8"):
        problems.warn(CMS_FILE, 1, "cms", "out of date: the schema, kinds, parties, articles or [cms] settings "
                         "changed since it was written", "run timeline cms")


def write_cms_config(config: Config, registry: Registry, seeds: list[str]) -> Path:
    path = config.root / CMS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_text(path, cms_config_text(config, registry, seeds))
    return path
