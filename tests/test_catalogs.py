"""A site's own catalog (locales/<language>.po) is checked against the interface's template before
a word of it reaches a page: syntax, placeholders, plural forms, markup and characters are
errors on their lines (nothing is published); a catalog no language reads, and a message the
interface does not have, are warnings. The built-in catalogs pass the same checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core.errors import Problems
from generator.site.catalogs import check_catalog

HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && '
          '(n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n')  # lines 1-4; the first message on line 6


def catalog(project, body: str, language: str = "uk") -> None:
    project.write("timeline.toml", f'[site]\ntitle = "Test"\nlanguage = "{language}"\n')
    project.write(f"locales/{language}.po", HEADER + body)


CASES = {
    "a string without its closing quote": (
        'msgid "All kinds"\nmsgstr "Усі вид\n',
        "locales/uk.po:7: not a line of a catalog: 'msgstr \"Усі вид' (a keyword and its text in double quotes"),
    "a renamed placeholder": (
        'msgid "%(title)s: every event cites its sources. Built with timeline-generator."\n'
        'msgstr "%(titel)s: кожна подія цитує джерела."\n',
        "locales/uk.po:7: '%(title)s: every event cites its sources. Built with timelin': the translation "
        "uses %(titel)s, which the message does not have (the message has %(title)s)"),
    "a placeholder left out": (
        'msgid "%(title)s: every event cites its sources. Built with timeline-generator."\n'
        'msgstr "Кожна подія цитує джерела."\n',
        "locales/uk.po:7: '%(title)s: every event cites its sources. Built with timelin': the translation "
        "leaves out %(title)s (keep every %(name)s of the message, as it is)"),
    "a plural form missing": (
        'msgid "%(count)s event"\nmsgid_plural "%(count)s events"\nmsgstr[0] "%(count)s подія"\n'
        'msgstr[1] "%(count)s події"\n',
        "locales/uk.po:8: '%(count)s event' has 2 of the 3 plural forms its language needs (give every msgstr[n], "
        "or none)"),
    "markup the message does not have": (
        'msgid "Search"\nmsgstr "<script>alert(1)</script>Пошук"\n',
        "locales/uk.po:7: 'Search': the translation adds markup the message does not have (<script>) "
        "(translate the words only)"),
    "a control character": (
        'msgid "Search"\nmsgstr "По\x1bшук"\n',
        "locales/uk.po:7: 'Search': the translation contains a control character (\\x1b) (remove it)"),
    "a second msgstr": (
        'msgid "Search"\nmsgstr "Пошук"\nmsgstr "Ще раз"\n',
        "locales/uk.po:8: 'msgstr' cannot follow 'msgstr'"),
    "a msgid without its msgstr": (
        'msgid "Search"\n\nmsgid "All kinds"\nmsgstr "Усі види"\n',
        "locales/uk.po:8: 'msgid' cannot follow 'msgid'"),
    "a plural form out of order": (
        'msgid "%(count)s event"\nmsgid_plural "%(count)s events"\nmsgstr[1] "%(count)s події"\n',
        "locales/uk.po:8: 'msgstr[1]' cannot follow 'msgid_plural'"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_broken_site_catalog_is_an_error_on_its_line_and_nothing_is_published(project, case):
    body, message = CASES[case]
    catalog(project, body)
    result = project.build()
    assert result.code == 1, result.err
    assert any(line.startswith(message) for line in result.err.splitlines()), result.err
    assert not (project.root / "_site").exists()


def test_a_right_to_left_override_in_a_translation_is_refused(project):
    catalog(project, 'msgid "Search"\nmsgstr "По\u202eшук"\n')
    result = project.build()
    assert result.code == 1 and "locales/uk.po:7: 'Search': the translation contains a bidirectional control " \
                                "character (\\u202e)" in result.err


def test_a_catalog_no_language_reads_and_an_unknown_message_are_warnings(project):
    project.write("timeline.toml", '[site]\ntitle = "Test"\nlanguage = "uk"\n')
    project.write("locales/fr.po", HEADER + 'msgid "Search"\nmsgstr "Recherche"\n')
    project.write("locales/uk.po", HEADER + 'msgid "Serch"\nmsgstr "Пошук"\n')
    result = project.build()
    assert result.code == 0, result.err
    assert "locales/fr.po:1: warning: a catalog for 'fr', a language the site does not publish (add the language " \
           "to [languages] in timeline.toml, or remove the file)" in result.err
    assert "locales/uk.po:6: warning: 'Serch' is not a message of the interface (read by nothing) (compare with " \
           "generator/locales/messages.pot)" in result.err
    assert project.build("--strict").code == 1


def test_a_good_site_catalog_passes_and_shows(project):
    catalog(project, 'msgid "Search"\nmsgstr "Шукати"\n\n'
                     'msgid "%(count)s event"\nmsgid_plural "%(count)s events"\nmsgstr[0] "%(count)s подія"\n'
                     'msgstr[1] "%(count)s події"\nmsgstr[2] "%(count)s подій"\n')
    result = project.build()
    assert result.code == 0, result.err
    assert "Шукати" in (project.root / "_site/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("language", ["uk", "de", "ar"])
def test_the_built_in_catalogs_pass_the_same_checks(language):
    problems = Problems()
    path = Path(__file__).parent.parent / f"generator/locales/{language}.po"
    check_catalog(path, path.name, [language], problems)
    assert [str(p) for p in problems.errors + problems.warnings] == []
