"""The site's configuration: `timeline.toml`, every key optional, unknown keys refused.

Loaded once into a frozen `Config`; command-line overrides (None = not given) win over the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlsplit

from ..core.errors import Problems, did_you_mean, one_of
from ..core.languages import is_known_language
from ..urls import split_url
from .addresses import CMS_PINNED, check_cms, check_corrections, cms_repo, cms_script, require_cms_repo
from .eras import Era, read_eras
from .fields import read_fields
from .kinds import DEFAULT_KINDS, Kind, read_kinds
from .languages import Language, read_languages
from .schema import ENTRY, Field, translation_fields
from .toml import CONFIG_FILE, SLUG, read_toml, toml_line

__all__ = ["CMS_PINNED", "CONFIG_FILE", "DEFAULT_KINDS", "SLUG", "THEME", "Config", "Era", "Kind", "cms_repo",
           "cms_script", "require_cms_repo", "load_config", "read_toml", "toml_line"]

THEME = Path(__file__).parent.parent / "theme"  # the built-in theme: templates/ and static/, shipped in the package
ORDERS = ("newest-first", "oldest-first")
LANES = ("none", "kinds", "parties")  # [overview] lanes: the strip's rows


@dataclass(frozen=True)
class Config:
    root: Path
    title: str = "Timeline"
    description: str = ""
    base_url: str = "/"
    language: str = "en"
    order: str = "newest-first"
    feed_entries: int = 50  # the most recently changed events in feed.xml
    page_size: int = 200  # past this many events, the timeline and list pages are split by year
    corrections: str = ""  # where readers suggest a correction: mailto: or https://, with {title} and {url}
    output: Path = Path("_site")
    unsafe_html: bool = False
    require_sources: bool = True
    quoted_share: float = 0.25  # of a quotes-only article's text, that its entries may quote before check warns
    kinds: Mapping[str, Kind] = field(default_factory=lambda: dict(DEFAULT_KINDS))
    languages: tuple[Language, ...] = ()  # [languages], the default first; () for a site in one language
    fields: tuple[Field, ...] = ()  # [fields.<name>]: the site's own fields, after the built-in ones
    eras: tuple[Era, ...] = ()  # [[eras]], oldest first; in a language's settings, in its words
    lanes: str = "none"  # [overview]: a row of the strip per kind or per party
    cms_editor: str = "sveltia"  # [cms]: which CMS the admin page loads (authoring/cms.py writes its configuration)
    cms_review: bool = True  # each change a branch and a pull request (the editorial workflow)
    cms_backend: str = "github"  # where the CMS commits
    cms_repo: str = ""  # owner/name
    cms_branch: str = "main"
    cms_auth_url: str = ""  # an OAuth proxy for a newsroom's editors (the backend's base_url)
    cms_auth_endpoint: str = "auth"
    cms_script: str = ""  # where the admin page loads the CMS from: "" for the editor's pinned release
    cms_integrity: str = ""

    @property
    def language_codes(self) -> tuple[str, ...]:
        """Every language the site is published in, the default (at the root) first."""
        return tuple(lang.code for lang in self.languages) or (self.language,)

    # The field lists are made once per settings object: readers and exports ask for them per entry.
    @cached_property
    def entry_fields(self) -> tuple[Field, ...]:
        """Every field an entry may have: the built-in ones, then the site's own."""
        return ENTRY + self.fields

    @cached_property
    def translation_fields(self) -> tuple[Field, ...]:
        return translation_fields(self.entry_fields)

    @cached_property
    def plain_fields(self) -> tuple[Field, ...]:
        """The fields read, kept, shown and exported by their shape alone (Event.extra): the site's
        own, and any built-in one without an attribute of the model's."""
        return tuple(field for field in self.entry_fields if not field.typed)

    @cached_property
    def taxonomy_fields(self) -> tuple[Field, ...]:
        """The plain fields whose values get term pages."""
        return tuple(field for field in self.plain_fields if field.taxonomy)

    def edition_codes(self, unpublished: bool = False) -> tuple[str, ...]:
        """The languages the site is built in, the default first: those it publishes, and with
        `unpublished` (the preview, --drafts) those in preparation too."""
        return tuple(lang.code for lang in self.languages if lang.publish or unpublished) or (self.language,)

    def in_language(self, code: str) -> "Config":
        """The settings as the pages of one language see them: its tag, title and description."""
        chosen = next((lang for lang in self.languages if lang.code == code), Language(code))
        return replace(self, language=code, title=chosen.title or self.title,
                       description=chosen.description or self.description,
                       eras=tuple(era.in_language(code, self.language) for era in self.eras))

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def seeds_dir(self) -> Path:
        return self.root / "seeds"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def static_dir(self) -> Path:
        return self.root / "static"

    @property
    def template_layers(self) -> tuple[Path, ...]:
        """Where templates are found: the site's own templates/ first, then the built-in theme
        (the last layer, also reachable as theme/<name>)."""
        return _layers(self.templates_dir, THEME / "templates")

    @property
    def static_layers(self) -> tuple[Path, ...]:
        """Where static files come from: the built-in theme's, replaced and added to by the site's."""
        return _layers(self.static_dir, THEME / "static")

    @property
    def output_dir(self) -> Path:
        return self.output if self.output.is_absolute() else self.root / self.output

    @property
    def base_path(self) -> str:
        """The path every internal link starts with: '/' or '/repo/'."""
        return urlsplit(self.base_url).path

    @property
    def absolute_base(self) -> str:
        """The base URL when it names a host (needed for feeds and canonical links), else ''."""
        return self.base_url if urlsplit(self.base_url).scheme else ""


def _layers(site: Path, builtin: Path) -> tuple[Path, ...]:
    """(the site's folder, the built-in one); only the site's when it is the built-in theme itself
    (this repository's own timeline), only the built-in one when the site has none."""
    if not site.is_dir():
        return (builtin,)
    return (site,) if site.resolve() == builtin.resolve() else (site, builtin)


# [table] -> {key: (type, Config field)}; kinds, languages, fields and eras are handled apart.
_TABLES = ("kinds", "languages", "fields", "eras")
_SCHEMA: dict[str, dict[str, tuple[type, str]]] = {
    "site": {"title": (str, "title"), "description": (str, "description"), "base_url": (str, "base_url"),
             "language": (str, "language"), "order": (str, "order"),
             "feed_entries": (int, "feed_entries"), "page_size": (int, "page_size"),
             "corrections": (str, "corrections")},
    "build": {"output": (str, "output"), "unsafe_html": (bool, "unsafe_html"),
              "require_sources": (bool, "require_sources"), "quoted_share": ((int, float), "quoted_share")},
    "overview": {"lanes": (str, "lanes")},
    "cms": {"editor": (str, "cms_editor"), "review": (bool, "cms_review"), "backend": (str, "cms_backend"),
            "repo": (str, "cms_repo"), "branch": (str, "cms_branch"),
            "auth_url": (str, "cms_auth_url"), "auth_endpoint": (str, "cms_auth_endpoint"),
            "script": (str, "cms_script"), "integrity": (str, "cms_integrity")},
}


def load_config(root: Path, **overrides: Any) -> Config:
    """Read `timeline.toml` under `root` (if present) and apply non-None overrides."""
    problems = Problems()
    path = root / CONFIG_FILE
    values: dict[str, Any] = {}
    if path.is_file():
        values = _read_file(path, problems)
    values.update({k: v for k, v in overrides.items() if v is not None})
    if "output" in values:
        values["output"] = Path(values["output"])
    config = Config(root=root, **values)
    if "base_url" in values:
        config = replace(config, base_url=normalise_base_url(config.base_url))
    if config.languages:
        config = _check_default_language(config, values, path, problems)
    _check_values(config, problems, path)
    problems.raise_if_errors()
    return config


def _check_default_language(config: Config, values: dict, path: Path, problems: Problems) -> Config:
    """With [languages], the first is the default: [site] language may only repeat it."""
    first = config.languages[0].code
    if "language" in values and values["language"] != first:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        problems.error(CONFIG_FILE, toml_line(text, "site", "language"), "site.language",
                       f"'{values['language']}', but [languages] starts with '{first}', the default language",
                       "list the default language first in [languages], or leave site.language out")
    return replace(config, language=first)


def normalise_base_url(url: str) -> str:
    url = url.strip()
    if not url.endswith("/"):
        url += "/"
    parts = split_url(url)  # one it cannot read is left as it is, for the checks to report
    if parts is not None and not parts.scheme and not url.startswith("/"):
        url = "/" + url
    return url


def _read_file(path: Path, problems: Problems) -> dict[str, Any]:
    name = CONFIG_FILE
    data, text = read_toml(path, name, problems)
    values: dict[str, Any] = {}
    for table, content in data.items():
        if table == "kinds":
            values["kinds"] = read_kinds(content, text, problems)
        elif table == "languages":
            values["languages"] = read_languages(content, text, problems)
        elif table in ("fields", "eras"):
            continue  # read once the languages are known (a taxonomy's folder must not be one; eras are translated)
        elif table not in _SCHEMA:
            problems.error(name, toml_line(text, None, table), table, "unknown table",
                           did_you_mean(table, [*_SCHEMA, *_TABLES]) or one_of([*_SCHEMA, *_TABLES]))
        elif not isinstance(content, dict):
            problems.error(name, toml_line(text, None, table), table, "expected a [table]")
        else:
            values.update(_read_table(table, content, text, problems))
    codes = tuple(language.code for language in values.get("languages", ()))
    if "fields" in data:
        values["fields"] = read_fields(data["fields"], text, codes, problems)
    if "eras" in data:
        values["eras"] = read_eras(data["eras"], text, codes, problems)
    return values


def _read_table(table: str, content: dict, text: str, problems: Problems) -> dict[str, Any]:
    schema, values = _SCHEMA[table], {}
    for key, value in content.items():
        line = toml_line(text, table, key)
        if key not in schema:
            problems.error(CONFIG_FILE, line, f"{table}.{key}", "unknown key",
                           did_you_mean(key, schema) or one_of(schema))
            continue
        expected, attribute = schema[key]
        if not isinstance(value, expected) or (expected is not bool and isinstance(value, bool)):
            problems.error(CONFIG_FILE, line, f"{table}.{key}", f"expected {_type_name(expected)}, got {value!r}")
            continue
        values[attribute] = value
    return values


def _check_values(config: Config, problems: Problems, path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig", errors="replace") if path.is_file() else ""
    if config.order not in ORDERS:
        problems.error(CONFIG_FILE, toml_line(text, "site", "order"), "site.order",
                       f"unknown order '{config.order}'", one_of(ORDERS))
    if config.lanes not in LANES:
        problems.error(CONFIG_FILE, toml_line(text, "overview", "lanes"), "overview.lanes",
                       f"unknown lanes '{config.lanes}'", one_of(LANES))
    if not valid_base_url(config.base_url):
        problems.error(CONFIG_FILE, toml_line(text, "site", "base_url"), "site.base_url",
                       f"expected '/', '/path/' or 'https://host/path/', got '{config.base_url}'")
    for key in ("feed_entries", "page_size"):
        if getattr(config, key) < 1:
            problems.error(CONFIG_FILE, toml_line(text, "site", key), f"site.{key}",
                           f"must be 1 or more, got {getattr(config, key)}")
    if not is_known_language(config.language):
        problems.error(CONFIG_FILE, toml_line(text, "site", "language"), "site.language",
                       f"unknown language '{config.language}'", "a language tag CLDR knows: en, en-GB, uk, de, ar...")
    if not config.title.strip():
        problems.error(CONFIG_FILE, toml_line(text, "site", "title"), "site.title", "must not be empty")
    if not 0 < config.quoted_share <= 1:
        problems.error(CONFIG_FILE, toml_line(text, "build", "quoted_share"), "build.quoted_share",
                       f"expected a share above 0 and at most 1, got {config.quoted_share!r}",
                       "quoted_share = 0.25 (a quarter of an article's text)")
    if config.corrections:
        check_corrections(config.corrections, toml_line(text, "site", "corrections"), problems)
    check_cms(config, problems, text)


_URL_PATH = re.compile(r"(?:/(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})*)*/")
_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?")


def valid_base_url(url: str) -> bool:
    """'/', '/path/' or 'http(s)://host/path/': a path of URL characters only (not 'not a url',
    which would become '/not a url/'), and a host only with a scheme."""
    parts = split_url(url)
    if parts is None or parts.query or parts.fragment or not _URL_PATH.fullmatch(parts.path):
        return False
    if parts.scheme:
        return parts.scheme in ("http", "https") and bool(_HOST.fullmatch(parts.netloc))
    return not parts.netloc  # '//host/' would be read by browsers as another site


def _type_name(kind: Any) -> str:
    return {str: "a string", bool: "true or false", list: "a list", int: "a whole number",
            (int, float): "a number"}[kind]
