"""Language tags ('en', 'en-GB', 'uk', 'pt-BR') and the CLDR locales behind them (Babel)."""

from __future__ import annotations

import functools

from babel import Locale, UnknownLocaleError


@functools.lru_cache(maxsize=64)
def locale_of(language: str) -> Locale:
    """The Babel locale of a language tag; ValueError or UnknownLocaleError if CLDR has none."""
    return Locale.parse(language.replace("-", "_"))


def is_known_language(language: str) -> bool:
    """Whether CLDR knows the language tag (so its dates, plurals and direction are known)."""
    try:
        locale_of(language)
    except (ValueError, TypeError, UnknownLocaleError):
        return False
    return True
