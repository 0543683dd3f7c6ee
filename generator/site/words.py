"""The interface's words in the reader's language: gettext catalogs read with Babel.

Every piece of text the templates, the pages' Python and the filter script show comes from
`generator/locales/<language>.po` (`messages.pot` is the template, extracted with Babel: see
babel.cfg). A site may add or correct a language with `locales/<language>.po` of its own. A
string a catalog lacks is shown in English, and `check --strict` reports it (`missing`).
Plurals follow the language's rules (CLDR), in the templates and in the script alike.
"""

from __future__ import annotations

import functools
import gettext as gettext_module
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from babel.messages.catalog import Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from markupsafe import Markup

from ..config import DEFAULT_KINDS, Kind
from ..core.errors import Problems
from ..core.languages import locale_of
from ..model.timeline import Event

CATALOGS = Path(__file__).resolve().parent.parent / "locales"
LOCALES_DIR = "locales"  # a site's own catalogs
TEMPLATE = CATALOGS / "messages.pot"


def N_(message: str) -> str:
    """Marks a string for the catalogs where it is defined; it is translated where it is shown."""
    return message


# Words the model and the configuration hold in English and the pages show translated.
STATUS_LABELS = {
    "scheduled": N_("Scheduled"), "held": N_("Held"), "postponed": N_("Postponed"), "cancelled": N_("Cancelled"),
    "proposed": N_("Proposed"), "announced": N_("Announced"), "agreed": N_("Agreed"), "signed": N_("Signed"),
    "in-force": N_("In force"), "suspended": N_("Suspended"), "terminated": N_("Terminated"), "made": N_("Made"),
    "fulfilled": N_("Fulfilled"), "withdrawn": N_("Withdrawn")}
KIND_LABELS = (N_("Summit"), N_("Summits"), N_("Meeting"), N_("Meetings"), N_("Agreement"), N_("Agreements"),
               N_("Pledge"), N_("Pledges"), N_("Announcement"), N_("Announcements"))
RELATION_LABELS = (N_("Signed at"), N_("Signed here"), N_("Held during"), N_("Held during this"), N_("Part of"),
                   N_("Includes"), N_("Implements"), N_("Implemented by"), N_("Follows"), N_("Followed by"),
                   N_("See also"))
PARTY_TYPES = {"country": N_("Country"), "organisation": N_("Organisation"), "group": N_("Group")}


@dataclass(frozen=True)
class Catalog:
    path: Optional[Path]  # the .po file read, if any
    translations: gettext_module.NullTranslations
    missing: tuple[str, ...]  # messages of the template it does not translate
    digest: str = ""  # of the file's bytes: changes whenever it does


class Words:
    """The words of one language."""

    def __init__(self, language: str, site_catalogs: Optional[Path] = None):
        self.language, self.locale = language, locale_of(language)
        self.catalog = load_catalog(language, site_catalogs)
        self.gettext: Callable[[str], str] = self.catalog.translations.gettext
        self.ngettext: Callable[[str, str, int], str] = self.catalog.translations.ngettext

    @property
    def right_to_left(self) -> bool:
        return self.locale.text_direction == "rtl"

    @property
    def key(self) -> str:
        """Changes whenever the catalog does."""
        return f"{self.language}:{self.catalog.digest}"

    def approximate(self, date_text: str) -> str:
        return f"{self.gettext('c.')}\u00a0{date_text}"

    def kind(self, kind: Kind, plural: bool = False) -> str:
        """A kind's label: the site's own if it gave one, else the default one translated."""
        default = DEFAULT_KINDS.get(kind.name)
        text = kind.plural if plural else kind.label
        unchanged = default is not None and text == (default.plural if plural else default.label)
        return self.gettext(text) if unchanged else text

    def party_type(self, kind: str) -> str:
        return self.gettext(PARTY_TYPES[kind]) if kind in PARTY_TYPES else kind

    def status(self, status: str) -> str:
        label = STATUS_LABELS.get(status)
        return self.gettext(label) if label else status.replace("-", " ").capitalize()

    def plural_forms(self, singular: str, plural: str) -> dict[str, str]:
        """A plural message's form for each CLDR category of the language ({'one': ..., 'few': ...,
        'other': ...}), for a script that picks one with Intl.PluralRules."""
        return {category: self.ngettext(singular, plural, sample) for category, sample in _samples(self.language)}

    def script_strings(self) -> dict:
        """What the filter script says, in this language: plural messages as {category: text},
        with {placeholders} for the script to fill in."""
        strings = {"all": self.plural_forms("All %(total)s event", "All %(total)s events"),
                   "count": self.plural_forms("%(shown)s of %(total)s event", "%(shown)s of %(total)s events"),
                   "more": self.plural_forms("Show %(count)s more", "Show %(count)s more")}
        return {**{name: {c: _braces(t) for c, t in forms.items()} for name, forms in strings.items()},
                "none": self.gettext("No event matches. Try fewer words or clear a choice."),
                "failed": self.gettext("The search index could not be loaded; use the links below."),
                "untranslated": self.gettext("Not yet translated")}

    def jinja_callables(self) -> dict[str, Callable]:
        """gettext and ngettext for templates ({% trans %} and _()), escaping their variables."""
        gettext = _jinja_gettext(self.gettext)
        return {"gettext": gettext, "ngettext": _jinja_ngettext(self.ngettext), "_": gettext}


def warn_untranslated(words: Words, config_root: Path, problems: Problems) -> None:
    """A notice (never fatal) when the interface shows English in another language."""
    missing = words.catalog.missing
    if not missing:
        return
    path = words.catalog.path
    shown = (path.relative_to(config_root).as_posix() if path and path.is_relative_to(config_root)
             else f"catalog {path.name}" if path else "timeline.toml")
    what = (f"{len(missing)} of the interface's {len(_template_messages())} strings have no '{words.language}' "
            f"translation and show in English (the first: '{missing[0]}')") if path else (
            f"no catalog translates the interface to '{words.language}': it shows in English")
    problems.note(shown, 0, "", what, f"add them to {LOCALES_DIR}/{words.language.replace('-', '_')}.po "
                                      f"(a copy of generator/locales/messages.pot, translated)")


@functools.lru_cache(maxsize=16)
def _samples(language: str) -> tuple[tuple[str, int], ...]:
    """A whole number in each plural category of the language."""
    rule, found = locale_of(language).plural_form, {}
    for number in range(0, 1000):
        found.setdefault(rule(number), number)
    return tuple(sorted(found.items()))


def _braces(text: str) -> str:
    """'%(shown)s of %(total)s' -> '{shown} of {total}', for the script."""
    return re.sub(r"%\((\w+)\)s", r"{\1}", text)


def load_catalog(language: str, site_catalogs: Optional[Path] = None) -> Catalog:
    """The best catalog for a language tag: the site's own, then the built-in one; the exact tag
    (pt_BR), then its language (pt). English needs none: the messages are English."""
    names = [language.replace("-", "_")]
    if "_" in names[0]:
        names.append(names[0].split("_")[0])
    folders = [f for f in (site_catalogs, CATALOGS) if f is not None and f.is_dir()]
    for name in names:
        for folder in folders:
            path = folder / f"{name}.po"
            if path.is_file():
                return _read(path, path.read_bytes(), language)
    english = names[-1] == "en"
    return Catalog(None, gettext_module.NullTranslations(), () if english else _template_messages())


@functools.lru_cache(maxsize=32)
def _read(path: Path, data: bytes, language: str) -> Catalog:
    """The catalog compiled, once per content: a preview that runs on sees a catalog edited."""
    try:
        catalog = read_po(io.BytesIO(data), locale=language.replace("-", "_"))
    except (ValueError, PoFileError):  # (UnicodeDecodeError is a ValueError) shown as English; the gate's
        return Catalog(path, gettext_module.NullTranslations(), _template_messages())  # check names the line
    translated = {message_id(message) for message in catalog
                  if message.id and not message.fuzzy and _complete(message.string)}
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    missing = tuple(m for m in _template_messages() if m not in translated)
    return Catalog(path, gettext_module.GNUTranslations(buffer), missing, hashlib.sha1(data).hexdigest())


def _complete(string) -> bool:
    return all(string) if isinstance(string, (tuple, list)) else bool(string)


def _template_messages() -> tuple[str, ...]:
    return tuple(template_catalog())


@functools.lru_cache(maxsize=1)
def template_catalog() -> dict[str, Message]:
    """The interface's messages (messages.pot), by id."""
    with TEMPLATE.open("rb") as handle:
        template = read_po(handle)
    return {message_id(message): message for message in template if message.id}


def message_id(message: Message) -> str:
    """A message's id: its singular, for a plural one."""
    return message.id if isinstance(message.id, str) else message.id[0]


def _jinja_gettext(translate: Callable[[str], str]) -> Callable:
    """The templates' gettext: the catalog's text is trusted markup (it is ours); the variables
    are escaped as they go in. Kept per message: a build asks for the same few hundred thousands
    of times (a plain function: Jinja calls it with less ceremony than a context-taking one)."""
    known: dict[str, Markup] = {}

    def gettext(message: str, **variables) -> Markup:
        text = known.get(message)
        if text is None:
            text = known[message] = Markup(translate(message))
        return text % variables if variables else text
    return gettext


def _jinja_ngettext(translate: Callable[[str, str, int], str]) -> Callable:
    def ngettext(singular: str, plural: str, number: int, **variables) -> Markup:
        variables.setdefault("num", number)
        return Markup(translate(singular, plural, number)) % variables
    return ngettext


def lang_of(event: Event, field: str) -> Markup:
    """` lang="en"` on the text an event shows in its original language (no translation into the
    page's), for templates: `<h1{{ lang_of(event, "title") }}>`."""
    if field in event.fallback:
        return Markup(' lang="%s"') % event.original_language
    return Markup("")
