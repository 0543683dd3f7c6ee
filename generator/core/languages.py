"""Language tags ('en', 'en-GB', 'uk', 'pt-BR') and the CLDR locales behind them (Babel)."""

from __future__ import annotations

import functools

from babel import Locale, UnknownLocaleError


@functools.lru_cache(maxsize=64)
def locale_of(language: str) -> Locale:
    """The Babel locale of a language tag; ValueError or UnknownLocaleError if CLDR has none."""
    return Locale.parse(language.replace("-", "_"))


def language_name(language: str) -> str:
    """The language's name in itself, as a language switcher shows it: 'Українська', 'English'
    (for en-GB too: a reader picks a language, not a country)."""
    locale = locale_of(language)
    name = locale.languages.get(locale.language) or locale.get_display_name(locale) or language
    return name[:1].upper() + name[1:]


def is_known_language(language: str) -> bool:
    """Whether CLDR knows the language tag (so its dates, plurals and direction are known)."""
    try:
        locale_of(language)
    except (ValueError, TypeError, UnknownLocaleError):
        return False
    return True
