"""Control characters and bidirectional overrides are refused wherever text reaches a page:
entries and their bodies, translations, timeline.toml, parties.toml and the articles' sidecars.
Each is an error on its file and line; nothing is published."""

from __future__ import annotations

import pytest

from conftest import entry

RLO, ESC, NUL, FSI = "\u202e", "\x1b", "\x00", "\u2066"
BIDI = "contains a bidirectional control character (\\u202e), which reorders the text around it (remove it)"


def _escaped(character: str) -> str:
    """The character as a YAML or TOML double-quoted string writes it."""
    return f"\\u{ord(character):04x}"


CASES = {
    "an entry's title": ("content/japan-agreement.md", entry(title=f'"Ukraine and Japan {_escaped(RLO)}sign"'),
                         f"content/japan-agreement.md:2: title: {BIDI}"),
    "an entry's body": ("content/japan-agreement.md", entry() + f"A second line.\nA third {RLO} line.\n",
                        f"content/japan-agreement.md:14: body: {BIDI}"),
    "an escape in a body": ("content/japan-agreement.md", entry() + f"Red {ESC}[31m text.\n",
                            "content/japan-agreement.md:13: body: contains a control character (\\x1b) (remove it)"),
    "a translation's title": ("content/japan-agreement.uk.md", f'---\ntitle: "Україна {_escaped(FSI)}та Японія"\n---\n',
                              "content/japan-agreement.uk.md:2: title: contains a bidirectional control character "
                              "(\\u2066), which reorders the text around it (remove it)"),
    "the site's title": ("timeline.toml", f'[site]\ntitle = "Test {_escaped(ESC)}[31m timeline"\nlanguage = "en-GB"\n'
                         '[languages.en-GB]\n[languages.uk]\n',
                         "timeline.toml:2: site.title: contains a control character (\\x1b) (remove it)"),
    "a language's title": ("timeline.toml", '[site]\ntitle = "Test"\nlanguage = "en-GB"\n[languages.en-GB]\n'
                           f'[languages.uk]\ntitle = "Хроніка{_escaped(RLO)}"\n',
                           f"timeline.toml:6: languages.uk.title: {BIDI}"),
    "a party's name": ("content/parties.toml", f'[ukraine]\nname = "Ukraine{_escaped(NUL)}"\n[japan]\nname = "Japan"\n',
                       "content/parties.toml:2: ukraine.name: contains a control character (\\x00) (remove it)"),
    "a party's name in a language": ("content/parties.toml", '[ukraine]\nname = "Ukraine"\n'
                                     f'names = {{ uk = "Укра{_escaped(RLO)}їна" }}\n[japan]\nname = "Japan"\n',
                                     f"content/parties.toml:3: ukraine.names.uk: {BIDI}"),
    "an alias": ("content/parties.toml", '[ukraine]\nname = "Ukraine"\n'
                 f'aliases = ["Kyiv", "Ukr{_escaped(RLO)}aine"]\n[japan]\nname = "Japan"\n',
                 f"content/parties.toml:3: ukraine.aliases: {BIDI}"),
    "a sidecar's publisher": ("seeds/000_f58ab9d484ce5563.toml", f'publisher = "Kyiv {_escaped(RLO)}Independent"\n',
                              f"seeds/000_f58ab9d484ce5563.toml:1: publisher: {BIDI}"),
}


@pytest.mark.parametrize("case", CASES)
def test_an_unsafe_character_is_an_error_on_its_line_and_nothing_is_published(project, case):
    path, text, message = CASES[case]
    project.write("timeline.toml", '[site]\ntitle = "Test"\nlanguage = "en-GB"\n[languages.en-GB]\n[languages.uk]\n')
    project.write(path, text)
    result = project.build()
    assert result.code == 1
    assert message in result.err.splitlines(), result.err
    assert not (project.root / "_site").exists()


def test_direction_marks_tabs_and_newlines_are_fine(project):
    """The marks that only say a direction (U+200E, U+200F) are what RTL text needs; a tab or a
    newline is text."""
    project.write("content/japan-agreement.md", entry(title='"Ukraine and Japan \\u200fsign\\u200e"')
                  + "A line with\ta tab.\n")
    project.write("seeds/000_f58ab9d484ce5563.toml", 'publisher = "Kyiv\\u200f Independent"\n')
    assert project.build().code == 0, project.build().err
    title = project.html("events/japan-agreement/index.html").select_one("h1").get_text()
    assert "\u200f" in title and "\u202e" not in title
