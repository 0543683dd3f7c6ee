"""A site's own catalogs (locales/<language>.po) checked against the interface's template before a
word of them reaches a page, each problem on its line:
- syntax: every keyword line and continuation is a whole quoted string (Babel reads `msgstr "Alle
  Art` as "Alle Ar", a word short of its last letter), and the structure is a catalog's;
- placeholders: a translation uses the message's own `%(name)s` (one it renamed or added would fail
  the page that shows it; one a singular message drops loses the value);
- plural forms: all the forms the catalog's language needs, once any is given;
- markup: no tag the message does not have (the interface's words are trusted as markup);
- characters: no control character or bidirectional override (core/characters.py);
- a catalog for a language the site does not publish, or a message the interface does not have,
  is a warning: it is read by nothing.
The built-in catalogs pass the same checks (tests/test_interface.py)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Iterable, Optional

from babel.core import UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po

from ..config import Config
from ..core.characters import HINT, unsafe_character
from ..core.errors import Problems
from ..core.textfile import read_text
from .words import LOCALES_DIR, template_catalog

_KEYWORD = re.compile(r'(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(?:[^"\\]|\\.)*"\s*')
_CONTINUATION = re.compile(r'"(?:[^"\\]|\\.)*"\s*')
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
_TAG = re.compile(r"<[^>]*>")


def check_site_catalogs(config: Config, codes: Iterable[str], problems: Problems) -> None:
    """Check every .po under the site's locales/; `codes`: the languages the site builds."""
    folder = config.root / LOCALES_DIR
    for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
        check_catalog(path, f"{LOCALES_DIR}/{path.name}", codes, problems)


def check_catalog(path: Path, shown: str, codes: Iterable[str], problems: Problems) -> None:
    names = {name for code in codes for name in (code.replace("-", "_"), code.split("-")[0])}
    if path.stem not in names:
        problems.warn(shown, 1, "", f"a catalog for '{path.stem}', a language the site does not publish",
                      "add the language to [languages] in timeline.toml, or remove the file")
    text = read_text(path, shown, problems)
    if text is None or not _syntax(text, shown, problems):
        return
    catalog = _parse(text, path.stem, shown, problems)
    if catalog is None:
        return
    template = template_catalog()
    lines = text.splitlines()
    for message in catalog:
        if message.id and not message.fuzzy:
            _check_message(message, catalog.num_plurals, template, lines, shown, problems)


def _syntax(text: str, shown: str, problems: Problems) -> bool:
    """Every line a comment, blank, a keyword with its whole quoted string, or a quoted continuation;
    the keywords in a message's order (Babel lets a second msgstr, or one before any msgid, pass)."""
    last = None  # the last keyword: msgctxt, msgid, msgid_plural, msgstr or msgstr[n]
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not (_KEYWORD.fullmatch(stripped) or _CONTINUATION.fullmatch(stripped)):
            problems.error(shown, number, "", f"not a line of a catalog: {stripped[:60]!r}",
                           'a keyword and its text in double quotes (msgstr "..."), with \\" for a quote inside')
            return False
        keyword = stripped.split(None, 1)[0] if not stripped.startswith('"') else None
        if keyword is None:
            if last is None:
                problems.error(shown, number, "", "a quoted line before any msgid")
                return False
            continue
        if not _follows(keyword, last):
            problems.error(shown, number, "", f"'{keyword}' cannot follow '{last or 'the start'}'",
                           "each message is msgid, then msgstr (or msgid_plural, then msgstr[0], msgstr[1]...)")
            return False
        last = keyword
    if last in ("msgctxt", "msgid", "msgid_plural"):
        problems.error(shown, len(text.splitlines()), "", f"the last message ends at its '{last}', with no msgstr")
        return False
    return True


def _follows(keyword: str, last: Optional[str]) -> bool:
    """Whether a message's keyword may come after the last one."""
    ended = last is None or last.startswith("msgstr")
    if keyword == "msgctxt":
        return ended
    if keyword == "msgid":
        return ended or last == "msgctxt"
    if keyword == "msgid_plural":
        return last == "msgid"
    if keyword == "msgstr":
        return last == "msgid"
    index = int(keyword[len("msgstr["):-1])
    return last == "msgid_plural" if index == 0 else last == f"msgstr[{index - 1}]"


def _parse(text: str, name: str, shown: str, problems: Problems) -> Optional[Catalog]:
    for locale in (name, None):  # a name Babel does not know is read without its plural rules
        try:
            return read_po(io.StringIO(text), locale=locale, abort_invalid=True)
        except UnknownLocaleError:
            continue
        except PoFileError as error:
            problems.error(shown, error.lineno + 1, "", f"not a valid catalog: {str(error).rsplit(' on ', 1)[0]}")
            return None
        except ValueError as error:
            problems.error(shown, 1, "", f"not a valid catalog: {error}")
            return None
    return None


def _check_message(message: Message, forms: int, template: dict[str, Message], lines: list[str], shown: str,
                   problems: Problems) -> None:
    ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
    strings = (message.string,) if isinstance(message.string, str) else tuple(message.string)
    line = _msgstr_line(lines, message.lineno)
    if ids[0] not in template:
        problems.warn(shown, message.lineno, "", f"'{ids[0][:60]}' is not a message of the interface (read by "
                                                 "nothing)", "compare with generator/locales/messages.pot")
    if not any(strings):
        return  # not translated: a notice elsewhere, and English on the page
    plural = len(ids) > 1
    if plural and not all(strings):
        problems.error(shown, line, "", f"'{ids[0][:60]}' has {sum(map(bool, strings))} of the {forms} plural "
                                        f"forms its language needs", "give every msgstr[n], or none")
    allowed = {name for text in ids for name in _PLACEHOLDER.findall(text)}
    tags = {tag for text in ids for tag in _TAG.findall(text)}
    for string in filter(None, strings):
        used = set(_PLACEHOLDER.findall(string))
        if used - allowed:
            problems.error(shown, line, "", f"'{ids[0][:60]}': the translation uses "
                                            f"{', '.join(f'%({n})s' for n in sorted(used - allowed))}, which the "
                                            "message does not have", _names(allowed))
        elif allowed - used and not plural:
            problems.error(shown, line, "", f"'{ids[0][:60]}': the translation leaves out "
                                            f"{', '.join(f'%({n})s' for n in sorted(allowed - used))}",
                           "keep every %(name)s of the message, as it is")
        extra = [tag for tag in _TAG.findall(string) if tag not in tags]
        if extra:
            problems.error(shown, line, "", f"'{ids[0][:60]}': the translation adds markup the message does "
                                            f"not have ({extra[0][:40]})", "translate the words only")
        wrong = unsafe_character(string)
        if wrong:
            problems.error(shown, line, "", f"'{ids[0][:60]}': the translation {wrong}", HINT)


def _msgstr_line(lines: list[str], start: int) -> int:
    """The line of the first msgstr of the message whose msgid is on line `start`."""
    for number in range(start, len(lines) + 1):
        if lines[number - 1].lstrip().startswith("msgstr"):
            return number
    return start


def _names(allowed: set[str]) -> str:
    return f"the message has {', '.join(f'%({n})s' for n in sorted(allowed))}" if allowed else \
        "the message has no placeholder"

