"""Values that look right and are not: each setting and sidecar value is checked for what it is (a
repository's name, a whole integrity hash, a script inside static/, an address without a user or
password, a branch name, a language CLDR knows, a date not in the future), with its line, and
nothing is published."""

from __future__ import annotations

import pytest

from conftest import QUOTE, SEED, entry

SIDECAR = "seeds/000_f58ab9d484ce5563.toml"
SITE = '[site]\ntitle = "Test"\nlanguage = "en-GB"\n[cms]\n'  # [cms]'s first key is on line 5

CASES = {
    "a repository with a dot segment": ("timeline.toml", SITE + 'repo = "newsroom/.."\n',
                                        "timeline.toml:5: cms.repo: expected owner/name, got 'newsroom/..'"),
    "an empty branch": ("timeline.toml", SITE + 'branch = ""\n',
                        "timeline.toml:5: cms.branch: expected a git branch name, got ''"),
    "a branch git refuses": ("timeline.toml", SITE + 'branch = "main..x"\n',
                             "timeline.toml:5: cms.branch: expected a git branch name, got 'main..x'"),
    "a proxy address with credentials": (
        "timeline.toml", SITE + 'auth_url = "https://editor:secret@proxy.example/"\n',
        "timeline.toml:5: cms.auth_url: expected the OAuth proxy's https:// address (with no user or password in "
        "it), got 'https://editor:secret@proxy.example/'"),
    "a truncated integrity hash": (
        "timeline.toml", SITE + 'script = "https://cdn.example/cms.js"\nintegrity = "sha384-abc"\n',
        "timeline.toml:6: cms.integrity: a CMS loaded from another site needs its hash"),
    "a script outside static/": ("timeline.toml", SITE + 'script = "../../etc/cms.js"\n',
                                 "timeline.toml:5: cms.script: expected a script under static/, like "
                                 "static/sveltia/sveltia-cms.js, got '../../etc/cms.js'"),
    "a script with a dot segment": ("timeline.toml", SITE + 'script = "static/../content/x.js"\n',
                                    "timeline.toml:5: cms.script: expected a script under static/"),
    "a sidecar's address with credentials": (
        SIDECAR, 'url = "https://www.reuters.com@evil.example/world/"\n',
        f"{SIDECAR}:1: url: expected an http(s) address, got 'https://www.reuters.com@evil.example/world/'"),
    "a country code for a language": (
        SIDECAR, 'language = "ua"\n', f"{SIDECAR}:1: language: unknown language 'ua' (a language tag CLDR knows"),
    "an article published in the future": (
        SIDECAR, 'published = "2031-06-12"\n',
        f"{SIDECAR}:1: published: 2031-06-12 is after today (2026-01-01) (an article cannot be published in the "
        "future: check the year)"),
    "a source's address with credentials": (
        "content/japan-agreement.md",
        entry(sources=f'\n  - seed: {SEED}\n    quote: "{QUOTE}"\n  - url: "https://user@www.reuters.com/x"\n'
                      '    title: "Elsewhere"'),
        "content/japan-agreement.md:11: sources[1].url:"),
}


@pytest.mark.parametrize("case", CASES)
def test_a_value_that_is_not_what_it_says_is_an_error_on_its_line(project, case):
    path, text, message = CASES[case]
    project.write(path, text)
    run = project.build()
    assert run.code == 1, run.err
    assert any(line.startswith(message) for line in run.err.splitlines()), run.err
    assert not (project.root / "_site").exists()


def test_the_values_they_stand_beside_are_fine(project):
    import base64
    import hashlib

    digest = base64.b64encode(hashlib.sha384(b"window.CMS = {};\n").digest()).decode()
    project.write("timeline.toml", SITE + 'repo = "news-room/nato.timeline"\nbranch = "release/v1.2"\n'
                  'auth_url = "https://proxy.example/"\nscript = "static/decap/decap-cms.js"\n'
                  f'integrity = "sha384-{digest}"\n')
    project.write("static/decap/decap-cms.js", "window.CMS = {};\n")
    project.write(SIDECAR, 'published = "2024-06"\nlanguage = "en"\nurl = "https://www.reuters.com/world/"\n')
    run = project.build()
    assert run.code == 0, run.err
