"""The CMS's form, made from what the validator knows: a widget for each field of the entry schema
(config/schema.py), with the site's kinds and statuses, its parties and the articles in seeds/ as
choices, and content/parties.toml as a file of its own. Both editors (authoring/cms.py) read it.
Dates are text fields with a pattern (a date picker turns 2026 into 1906 and shifts days across
time zones); what the form cannot say (a status of another kind, a quote not in its article),
`timeline check` still catches."""

from __future__ import annotations

from typing import Any, Mapping

from ..config import Config
from ..config.schema import Field, names
from ..content.parties import PARTY_TYPES, Registry
from ..core.languages import language_name
from ..model.media import LICENCES, OWN
from ..model.relations import RELATIONS

NEW_ENTRY_LISTS = ("parties", "tags", "related", "sources")  # written as [] in a new entry, as timeline new does
PATTERNS = {  # what the form accepts (checked again, with a reason, by timeline check)
    "date": (r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$", "Write YYYY, YYYY-MM or YYYY-MM-DD"),
    "day": (r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$", "Write YYYY-MM-DD"),
    "url": (r"^https?://[^\s]+$", "Write an address starting with https://"),
}


def parties_file(config: Config, registry: Registry) -> dict[str, Any]:
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


def choices(config: Config, registry: Registry, seeds: list[str]) -> dict[str, list]:
    """The values a field may take, by field name, where the site knows them."""
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


def widget(field: Field, options: Mapping[str, list], new_entry_lists: bool = True) -> dict[str, Any]:
    """A form field for a schema field. Lists of names are selects where the names are known;
    `new_entry_lists`: a new entry starts with the empty lists `timeline new` writes."""
    form: dict[str, Any] = {"name": field.name, "label": field.label, "required": field.required}
    if field.hint:
        form["hint"] = field.hint
    if options.get(field.name):
        form.update(widget="select", options=options[field.name])
        if field.shape == "ids":
            form["multiple"] = True
    elif field.name == "event":
        form.update(widget="relation", collection="events", value_field="{{slug}}", search_fields=["title", "date"],
                    display_fields=["{{title}} ({{date}})"], options_length=20)
    elif field.shape == "items":
        form.update(widget="list", fields=[widget(inner, options) for inner in field.fields])
        if field.name == "media" and "src" in names(field.fields):  # an entry's (a translation's: text only)
            del form["fields"]
            form.update(_media_types(field, options))
    elif field.shape == "flag":
        form["widget"] = "boolean"
        if field.name == "draft":
            form["default"] = True  # as timeline new: a draft until its sources are cited
    elif field.shape in ("ids", "texts"):
        form.update(widget="list")
    else:
        form["widget"] = "text" if field.name in ("summary", "quote", "note") else "string"
        if field.shape in PATTERNS:
            form["pattern"] = list(PATTERNS[field.shape])
    if new_entry_lists and field.name in NEW_ENTRY_LISTS:
        form["default"] = []
    return form


def translatable(form: dict[str, Any], field: Field, default: str, inside: bool = False) -> dict[str, Any]:
    """Marks a form field for Sveltia's i18n as the schema says: a field a translation carries is
    translated (and required, if at all, in the `default` language alone: a translation may leave
    it to the original); any other is the original's alone, or, inside a translated list, copied so
    that the translation's items line up with the original's (the format saves the translated ones)."""
    form["i18n"] = True if field.translated else "duplicate" if inside else False
    if field.translated and form.get("required") is True:
        form["required"] = [default]
    inner = {sub.name: sub for sub in field.fields}
    for sub in [*form.get("fields", ()), *(f for kind in form.get("types", ()) for f in kind["fields"])]:
        if sub["name"] in inner:
            translatable(sub, inner[sub["name"]], default, inside=True)
    return form


def _media_types(field: Field, options: Mapping[str, list]) -> dict[str, Any]:
    """A picture (alt text required), a decorative picture (none) or a link: chosen per item."""
    by_name = {inner.name: widget(inner, options) for inner in field.fields}
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


def body() -> dict[str, Any]:
    # Raw Markdown first: the rich-text editor rewrites Markdown it did not write (lists, emphasis)
    return {"name": "body", "label": "Text", "widget": "markdown", "modes": ["raw", "rich_text"],
            "hint": "What happened, in a few paragraphs, from the sources", "required": False}
