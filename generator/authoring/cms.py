"""The CMS's configuration (`admin/config.yml`, read by Decap CMS) made from what the validator
knows: the entry schema (config/schema.py), the site's kinds and statuses, its parties, the
articles in seeds/ and its languages. `timeline cms` writes it; every build compares it with what
it would write now, and warns when the file is out of date. What the form cannot say (a status of
another kind, a quote not in its article), `timeline check` still catches.

The form saves in our own format (theme/static/admin.js, registered as `timeline-entry`): the house
style, never the CMS's YAML writer, so an entry saved by the CMS is what `timeline new` writes.
Dates are text fields with a pattern (a date picker turns 2026 into 1906 and shifts days across
time zones), and a new entry's file name follows `timeline new`'s rule (admin.js computes it).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Mapping

import yaml

from ..config import Config
from ..config.schema import Field, names
from ..content.parties import PARTY_TYPES, Registry
from ..core.cache import key_of
from ..core.errors import Problems
from ..core.languages import language_name
from ..core.textfile import replace_text
from ..model.media import LICENCES, OWN
from ..model.relations import RELATIONS

CMS_FILE = "admin/config.yml"
MEDIA_FOLDER = "content/media"
LOCAL_BACKEND = "http://127.0.0.1:8081/api/v1"  # decap-server's default port, bound to loopback
ENTRY_FORMAT, TRANSLATION_FORMAT = "timeline-entry", "timeline-translation"
PATTERNS = {  # what the form accepts (checked again, with a reason, by timeline check)
    "date": (r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$", "Write YYYY, YYYY-MM or YYYY-MM-DD"),
    "day": (r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$", "Write YYYY-MM-DD"),
    "url": (r"^https?://[^\s]+$", "Write an address starting with https://"),
}
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
        _LAST[key] = _config_text(config, registry, seeds)
    return _LAST[key]


def _config_text(config: Config, registry: Registry, seeds: list[str]) -> str:
    document = {
        "backend": _backend(config),
        # used only when the admin page is opened on localhost or 127.0.0.1: decap-server, as the README says
        "local_backend": {"url": LOCAL_BACKEND},
        "media_folder": MEDIA_FOLDER,
        "public_folder": MEDIA_FOLDER,  # entries name pictures from the site's folder: content/media/x.jpg
        "collections": [_events(config, registry, seeds), *_translations(config), _parties(config, registry)],
    }
    return HEADER + yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # each list written out where it is used, not as &id001
        return True


def _backend(config: Config) -> dict[str, Any]:
    backend: dict[str, Any] = {"name": config.cms_backend, "branch": config.cms_branch}
    if config.cms_repo:
        backend["repo"] = config.cms_repo
    if config.cms_auth_url:
        backend["base_url"] = config.cms_auth_url
        backend["auth_endpoint"] = config.cms_auth_endpoint
    return backend


def _events(config: Config, registry: Registry, seeds: list[str]) -> dict[str, Any]:
    choices = _choices(config, registry, seeds)
    return {
        "name": "events", "label": "Events", "label_singular": "Event", "folder": "content", "extension": "md",
        "format": ENTRY_FORMAT, "create": True, "slug": "{{fields.file_name}}", "identifier_field": "title",
        "summary": "{{date}} · {{title}}", "sortable_fields": ["date", "title", "kind"],
        "filter": {"field": "is_entry", "value": True},  # set by admin.js: translations share the folder
        "fields": [*(_widget(field, choices) for field in config.entry_fields), _body()],
    }


def _translations(config: Config) -> list[dict[str, Any]]:
    """One collection a language: Decap's own i18n names the default language's file <slug>.<lang>.md too,
    where ours is <slug>.md, so each language's translations are listed by their file name's ending."""
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
            "fields": [original, *(_widget(field, {}, new_entry_lists=False) for field in config.translation_fields),
                       _body()],
        })
    return result


def _parties(config: Config, registry: Registry) -> dict[str, Any]:
    """content/parties.toml as a file collection: a group of fields for each party it declares."""
    others = [code for code in config.language_codes if code != config.language]
    fields = []
    for party in registry.parties.values():
        inner = [{"name": "name", "label": "Name", "widget": "string"},
                 {"name": "type", "label": "Type", "widget": "select", "options": list(PARTY_TYPES)},
                 {"name": "aliases", "label": "Aliases", "widget": "list", "required": False,
                  "hint": "other names and abbreviations entries may use, separated by commas"}]
        if others:
            inner.append({"name": "names", "label": "Names in other languages", "widget": "object", "required": False,
                          "fields": [{"name": code, "label": language_name(code), "widget": "string",
                                      "required": False} for code in others]})
        fields.append({"name": party.id, "label": party.name, "widget": "object", "collapsed": True, "fields": inner})
    return {"name": "settings", "label": "Settings", "editor": {"preview": False}, "files": [
        {"name": "parties", "label": "Parties", "file": "content/parties.toml", "format": "toml",
         "description": "Who takes part in events. A new party is added to content/parties.toml in a text editor, "
                        "then timeline cms lists it here.", "fields": fields}]}


def _choices(config: Config, registry: Registry, seeds: list[str]) -> dict[str, list]:
    statuses = dict.fromkeys(s for kind in config.kinds.values() for s in kind.statuses)
    return {
        "kind": [{"label": kind.label, "value": name} for name, kind in config.kinds.items()],
        "status": list(statuses),
        "parties": [{"label": party.name, "value": party.id} for party in registry.parties.values()],
        "as": [{"label": labels[0], "value": name} for name, labels in RELATIONS.items()],
        "seed": seeds,
        "license": [{"label": "Our own", "value": OWN}, *({"label": label, "value": name}
                                                          for name, (label, _) in LICENCES.items())],
    }


def _widget(field: Field, choices: Mapping[str, list], new_entry_lists: bool = True) -> dict[str, Any]:
    """A form field for a schema field. Lists of names are selects where the names are known;
    `new_entry_lists`: a new entry starts with the empty lists `timeline new` writes."""
    widget: dict[str, Any] = {"name": field.name, "label": field.label, "required": field.required}
    if field.hint:
        widget["hint"] = field.hint
    if field.name in choices and choices[field.name]:
        widget.update(widget="select", options=choices[field.name])
        if field.shape == "ids":
            widget["multiple"] = True
    elif field.name == "event":
        widget.update(widget="relation", collection="events", value_field="{{slug}}", search_fields=["title", "date"],
                      display_fields=["{{title}} ({{date}})"], options_length=20)
    elif field.shape == "items":
        widget.update(widget="list", fields=[_widget(inner, choices) for inner in field.fields])
        if field.name == "media" and "src" in names(field.fields):  # an entry's (a translation's: text only)
            del widget["fields"]
            widget.update(_media_types(field, choices))
    elif field.shape == "flag":
        widget["widget"] = "boolean"
        if field.name == "draft":
            widget["default"] = True  # as timeline new: a draft until its sources are cited
    elif field.shape in ("ids", "texts"):
        widget.update(widget="list")
    else:
        widget["widget"] = "text" if field.name in ("summary", "quote", "note") else "string"
        if field.shape in PATTERNS:
            widget["pattern"] = list(PATTERNS[field.shape])
    if new_entry_lists and field.name in ("parties", "tags", "related", "sources"):
        widget["default"] = []  # written as [] in a new entry, as timeline new does
    return widget


def _media_types(field: Field, choices: Mapping[str, list]) -> dict[str, Any]:
    """A picture (alt text required), a decorative picture (none) or a link: chosen per item."""
    by_name = {inner.name: _widget(inner, choices) for inner in field.fields}
    picture = {**by_name["src"], "widget": "image", "required": True, "choose_url": False}
    del picture["pattern"]  # a file in the site, not a web address
    alt = {**by_name["alt"], "required": True}
    return {"types": [
        {"name": "picture", "label": "Picture", "widget": "object", "fields": [
            picture, alt, by_name["caption"], by_name["credit"], by_name["credit_url"], by_name["license"]]},
        {"name": "decorative", "label": "Decorative picture", "widget": "object", "fields": [
            picture, {**by_name["decorative"], "widget": "hidden", "default": True}, by_name["caption"],
            by_name["credit"], by_name["credit_url"], by_name["license"]]},
        {"name": "link", "label": "Link", "widget": "object", "fields": [
            {**by_name["url"], "required": True}, {**by_name["title"], "required": True}, by_name["credit"],
            by_name["archived"]]},
    ], "typeKey": "media_type"}


def _body() -> dict[str, Any]:
    # Raw Markdown first: the rich-text editor rewrites Markdown it did not write (lists, emphasis)
    return {"name": "body", "label": "Text", "widget": "markdown", "modes": ["raw", "rich_text"],
            "hint": "What happened, in a few paragraphs, from the sources", "required": False}


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
