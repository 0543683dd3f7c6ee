"""The languages a site is published in: [languages] in timeline.toml, the default one first.

    [languages.en]
    [languages.uk]
    title = "Безпекові угоди України"      # the site's title and description in that language
    description = "..."
    publish = false                        # in preparation: built in the preview and with --drafts only

Pages of the default language are at the site's root, the others' under /<language>/.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.errors import Problems, did_you_mean, one_of
from ..core.languages import is_known_language
from .toml import CONFIG_FILE, toml_line

_KEYS = ("title", "description", "publish")


@dataclass(frozen=True)
class Language:
    code: str  # a language tag: en, uk, pt-BR
    title: str = ""  # the site's title in it ('' = [site] title)
    description: str = ""
    publish: bool = True  # False: in preparation, left out of the published site


def read_languages(content: Any, text: str, problems: Problems) -> tuple[Language, ...]:
    if not isinstance(content, dict) or not content:
        problems.error(CONFIG_FILE, toml_line(text, None, "languages"), "languages",
                       "expected [languages.<tag>] tables, the default language first", "[languages.en]")
        return ()
    languages, seen = [], set()
    for code, spec in content.items():
        where, line = f"languages.{code}", toml_line(text, None, f"languages.{code}") or toml_line(text, None,
                                                                                                    "languages")
        if not is_known_language(code):
            problems.error(CONFIG_FILE, line, where, f"unknown language '{code}'",
                           "a language tag CLDR knows: en, en-GB, uk, de, ar...")
            continue
        if code.casefold() in seen:
            problems.error(CONFIG_FILE, line, where, f"'{code}' is listed twice")
            continue
        seen.add(code.casefold())
        language = _language(code, spec, where, line, text, problems)
        if not languages and not language.publish:
            problems.error(CONFIG_FILE, toml_line(text, where, "publish") or line, f"{where}.publish",
                           "the default language is always published",
                           "list a published language first: the one at the site's root")
        languages.append(language)
    return tuple(languages)


def _language(code: str, spec: Any, where: str, line: int, text: str, problems: Problems) -> Language:
    if not isinstance(spec, dict):
        problems.error(CONFIG_FILE, line, where, "expected a table", f"[{where}] with title = \"...\"")
        return Language(code)
    values = {}
    for key, value in spec.items():
        key_line = toml_line(text, where, key) or line
        if key not in _KEYS:
            problems.error(CONFIG_FILE, key_line, f"{where}.{key}", "unknown key",
                           did_you_mean(key, _KEYS) or one_of(_KEYS))
        elif key == "publish":
            if isinstance(value, bool):
                values[key] = value
            else:
                problems.error(CONFIG_FILE, key_line, f"{where}.{key}", f"expected true or false, got {value!r}")
        elif not isinstance(value, str) or not value.strip():
            problems.error(CONFIG_FILE, key_line, f"{where}.{key}", f"expected text, got {value!r}")
        else:
            values[key] = value.strip()
    return Language(code, **values)
