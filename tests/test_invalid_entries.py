"""Invalid sites: one broken input per case, and the exact message an editor sees.

Each case writes content/bad.md (beside the fixture's valid entry) and expects `timeline check`
to exit 1 with this line on stderr. The wording is an interface: change it on purpose only.
"""

from __future__ import annotations

import pytest

from conftest import QUOTE, SEED, entry

B = "content/bad.md"

CASES = {
    # -- fields ------------------------------------------------------------------------------
    "unknown field": (entry(partys="[ukraine]"),
                      f"{B}:8: partys: unknown field (did you mean 'parties'?)"),
    "unknown field, no close match": (entry(colour="red"),
                                      f"{B}:8: colour: unknown field (not one of the entry's fields: declare it in "
                                      "timeline.toml as [fields.colour])"),
    "missing title": (entry(title=None), f"{B}:1: title: missing (add 'title:' to the front matter)"),
    "missing date": (entry(date=None), f"{B}:1: date: missing (add 'date:' to the front matter)"),
    "missing kind": (entry(kind=None, status=None), f"{B}:1: kind: missing (add 'kind:' to the front matter)"),
    "empty title": (entry(title='""'), f"{B}:2: title: must not be empty"),
    "null title": (entry(title="~"), f"{B}:2: title: must not be empty"),
    "title is a mapping": (entry(title="{en: Hello}"), f"{B}:2: title: expected text, got a mapping"),
    "title is a list": (entry(title="[a, b]"), f"{B}:2: title: expected text, got a list"),
    "control character": (entry(title='"Bell \\a here"'), f"{B}:2: title: contains a control character (\\x07) (remove it)"),
    "duplicate field": (entry(summary="One.\ntitle: Again"),
                        f"{B}:8: title: duplicate field (first set on line 2) (keep one of them)"),
    # -- dates --------------------------------------------------------------------------------
    "date in words": (entry(date="June 2024"),
                      f"{B}:3: date: expected YYYY, YYYY-MM or YYYY-MM-DD, got 'June 2024'"),
    "impossible day": (entry(date="2024-02-30"), f"{B}:3: date: February 2024 has 29 days, got '2024-02-30'"),
    "impossible month": (entry(date="2024-13"), f"{B}:3: date: month must be 01 to 12, got '2024-13'"),
    "single-digit month": (entry(date="2024-6-13"),
                           f"{B}:3: date: expected YYYY, YYYY-MM or YYYY-MM-DD, got '2024-6-13'"),
    "year zero": (entry(date="0000"), f"{B}:3: date: year must be 0001 or later, got '0000'"),
    "date is a list": (entry(date="[2024]"),
                       f"{B}:3: date: expected a date, got a list (write YYYY, YYYY-MM or YYYY-MM-DD)"),
    "date is empty": (entry(date='""'), f"{B}:3: date: expected YYYY, YYYY-MM or YYYY-MM-DD, got ''"),
    "end before date": (entry(end='"2024-06-01"'),
                        f"{B}:8: end: 2024-06-01 is before the date 2024-06-13 (end must not be before date)"),
    "end not a date": (entry(end="soon"), f"{B}:8: end: expected YYYY, YYYY-MM or YYYY-MM-DD, got 'soon'"),
    "approximate not a flag": (entry(approximate="maybe"), f"{B}:8: approximate: expected true or false, got 'maybe'"),
    "draft not a flag": (entry(draft="1"), f"{B}:8: draft: expected true or false, got '1'"),
    # -- kind and status ----------------------------------------------------------------------
    "unknown kind": (entry(kind="sumit", status=None), f"{B}:4: kind: unknown kind 'sumit' (did you mean 'summit'?)"),
    "status of another kind": (entry(status="held"),
                               f"{B}:5: status: 'held' is not a status of an agreement (one of: proposed, "
                               "announced, agreed, signed, in-force, suspended, terminated)"),
    "misspelt status": (entry(status="singed"), f"{B}:5: status: 'singed' is not a status of an agreement "
                                                "(did you mean 'signed'?)"),
    "happened in the future": (entry(date='"2027-03"'),
                               f"{B}:5: status: 'signed' says this happened, but 2027-03 is after today (2026-01-01) "
                               "(use 'proposed' or 'announced', or correct the date)"),
    "held summit in the future": (entry(kind="summit", status="held", date="2026-01-02"),
                                  f"{B}:5: status: 'held' says this happened, but 2026-01-02 is after today "
                                  "(2026-01-01) (use 'scheduled' or 'postponed' or 'cancelled', or correct the date)"),
    # -- parties ------------------------------------------------------------------------------
    "unknown party": (entry(parties="[ukraine, japn]"), f"{B}:6: parties: unknown party 'japn' (did you mean 'japan'?)"),
    "undeclared party": (entry(parties="[ukraine, Atlantis]"),
                         f"{B}:6: parties: unknown party 'Atlantis' (declare it in content/parties.toml as [atlantis])"),
    "party twice by alias": (entry(parties="[ukraine, UA]"), f"{B}:6: parties: 'UA' is listed twice"),
    "parties as mapping": (entry(parties="{a: b}"),
                           f"{B}:6: parties: expected a list, got a mapping (write parties: [a, b] or one '- item' per line)"),
    "party is a list": (entry(parties="[[ukraine]]"), f"{B}:6: parties: expected text, got a list"),
    # -- tags -----------------------------------------------------------------------------------
    "tag without letters": (entry(tags='["!!"]'), f"{B}:8: tags: '!!' has no letters or digits to make a page name from"),
    "tag twice": (entry(tags="[Security, security]"), f"{B}:8: tags: 'security' is listed twice"),
    # -- relations ----------------------------------------------------------------------------
    "unknown relation": (entry(related="\n  - {event: japan-agreement, as: signed_at}"),
                         f"{B}:9: related[0].as: unknown relation 'signed_at' (did you mean 'signed-at'?)"),
    "relation without as": (entry(related="\n  - {event: japan-agreement}"),
                            f"{B}:9: related[0].as: missing (write {{event: <slug>, as: <relation>}})"),
    "relation unknown key": (entry(related="\n  - {event: japan-agreement, as: see-also, note: x}"),
                             f"{B}:9: related[0].note: unknown field (one of: event, as)"),
    "relation to nothing": (entry(related="\n  - {event: japan-agreemnt, as: see-also}"),
                            f"{B}:9: related: no event 'japan-agreemnt' (did you mean 'japan-agreement'?)"),
    "relation to itself": (entry(related="\n  - {event: bad, as: see-also}"),
                           f"{B}:9: related: an event cannot relate to itself"),
    "relation as text": (entry(related="japan-agreement"),
                         f"{B}:8: related: expected a list, got 'japan-agreement' "
                         "(write related: [a, b] or one '- item' per line)"),
    "signed-at without overlap": (entry(date='"2024-05"', related="\n  - {event: japan-agreement, as: signed-at}"),
                                  f"{B}:9: related: 'signed-at' needs the dates to overlap, but May 2024 does not "
                                  "overlap 'japan-agreement' (13 June 2024) (check both dates, or use 'see-also')"),
    "relation listed twice": (entry(related="\n  - {event: japan-agreement, as: see-also}\n  - {event: japan-agreement, as: see-also}"),
                              f"{B}:10: related[1]: 'see-also' 'japan-agreement' is listed twice"),
    "follows a later event": (entry(date='"2024-05"', related="\n  - {event: japan-agreement, as: follows}"),
                              f"{B}:9: related: 'follows' needs this event to come after 'japan-agreement', but May 2024 "
                              "is before 13 June 2024 (check both dates, or relate them the other way round)"),
    # -- milestones ---------------------------------------------------------------------------
    "milestone bad status": (entry(milestones='\n  - {date: "2024-06", status: held}'),
                             f"{B}:9: milestones[0].status: 'held' is not a status of an agreement (one of: proposed, "
                             "announced, agreed, signed, in-force, suspended, terminated)"),
    "milestone without date": (entry(milestones="\n  - {status: announced}"), f"{B}:9: milestones[0].date: missing"),
    "milestone bad date": (entry(milestones="\n  - {date: 2024-06-31, status: announced}"),
                           f"{B}:9: milestones[0].date: June 2024 has 30 days, got '2024-06-31'"),
    "milestone in the future": (entry(milestones='\n  - {date: "2030", status: signed}'),
                                f"{B}:9: milestones[0].status: 'signed' says this happened, but 2030 is after today "
                                "(2026-01-01) (use 'proposed' or 'announced', or correct the date)"),
    # -- sources ------------------------------------------------------------------------------
    "no sources": (entry(sources=None),
                   f"{B}:1: sources: at least one source is required (cite a seed article with a quote, "
                   "or mark the entry 'draft: true')"),
    "empty sources": (entry(sources="[]"),
                      f"{B}:8: sources: at least one source is required (cite a seed article with a quote, "
                      "or mark the entry 'draft: true')"),
    "unknown seed": (entry(sources=f'\n  - seed: 000_f58ab9d484ce5564.txt\n    quote: "{QUOTE}"'),
                     f"{B}:9: sources[0].seed: no file '000_f58ab9d484ce5564.txt' in seeds/ "
                     f"(did you mean '{SEED}'?)"),
    "quote not in seed": (entry(sources=f'\n  - seed: {SEED}\n    quote: "Ukraine will sign a peace treaty"'),
                          f"{B}:10: sources[0].quote: does not occur in seeds/{SEED} (the nearest passage, 68% "
                          "alike, reads \"Ukraine will sign bilateral\"; yours has 'a peace treaty' where the article "
                          "has 'bilateral')"),
    "quote with a word changed": (entry(sources=f'\n  - seed: {SEED}\n    quote: "He called the upcoming deal with '
                                              'Washington unprecedented"'),
                                  f"{B}:10: sources[0].quote: does not occur in seeds/{SEED} (the nearest passage, 88% "
                                  "alike, reads \"He described the upcoming deal with Washington as "
                                  "\"unprecedented.\"\"; yours has 'called' where the article has 'described'; "
                                  "'unprecedented' where the article has 'as \"unprecedented.\"')"),
    "quote unlike anything": (entry(sources=f'\n  - seed: {SEED}\n    quote: "Quantum chromodynamics explains '
                                          'the strong force"'),
                              f"{B}:10: sources[0].quote: does not occur in seeds/{SEED} (no passage of the "
                              "article comes close; copy the sentence that supports the entry)"),
    "seed without quote": (entry(sources=f"\n  - seed: {SEED}"),
                           f"{B}:9: sources[0].quote: a seed source needs a quote from the article "
                           "(copy a sentence that supports the entry)"),
    "seed and url": (entry(sources=f'\n  - seed: {SEED}\n    url: https://example.org/\n    quote: "{QUOTE}"'),
                     f"{B}:10: sources[0].url: give either seed: (a file in seeds/) or url:, not both (an "
                     "article's original address goes in its sidecar, seeds/<article>.toml: url = \"...\")"),
    "neither seed nor url": (entry(sources=f'\n  - quote: "{QUOTE}"'),
                             f"{B}:9: sources[0]: needs seed: (a file in seeds/) or url:"),
    "javascript url": (entry(sources="\n  - url: javascript:alert(1)\n    title: x"),
                       f"{B}:9: sources[0].url: expected an http(s) address, got 'javascript:alert(1)'"),
    "unreadable url": (entry(sources="\n  - url: 'http://x.org[/a'\n    title: x"),
                       f"{B}:9: sources[0].url: expected an http(s) address, got 'http://x.org[/a'"),
    "url without title": (entry(sources="\n  - url: https://example.org/a"),
                          f"{B}:9: sources[0].title: a web source needs a title"),
    "misspelt source key": (entry(sources=f'\n  - seed: {SEED}\n    qoute: "{QUOTE}"'),
                            f"{B}:10: sources[0].qoute: unknown field (did you mean 'quote'?)"),
    "source is text": (entry(sources=f"\n  - {SEED}"),
                       f"{B}:9: sources[0]: expected a mapping (seed, url, archived, title, publisher, date, quote), got '{SEED}'"),
    # -- slugs --------------------------------------------------------------------------------
    "bad slug": (entry(slug="Bad Slug"),
                 f"{B}:8: slug: 'Bad Slug' is not a valid slug: use lowercase letters, digits and single hyphens "
                 "(for example 'bad-slug')"),
    "traversal slug": (entry(slug="../../etc"),
                       f"{B}:8: slug: '../../etc' is not a valid slug: use lowercase letters, digits and single hyphens "
                       "(for example 'etc')"),
    "reserved slug": (entry(slug="con"), f"{B}:8: slug: 'con' is not a valid slug: use lowercase letters, digits and "
                                         "single hyphens"),
    "slug taken": (entry(slug="japan-agreement"),
                   f"{B}:8: slug: 'japan-agreement' is already the slug of content/japan-agreement.md "
                   "(two entries cannot share a page; rename one file or set slug:)"),
    # -- the file itself ------------------------------------------------------------------------
    "no front matter": ("Just text.\n", f"{B}:1: front matter: missing (start the file with a line '---')"),
    "blank line before the front matter": ("\n" + entry(), f"{B}:1: front matter: missing "
                                          "(the first line must be '---'; there is one on line 2)"),
    "NUL character": (entry(title='"a\x00b"'), f"{B}:2: front matter: invalid YAML: character '\\x00' is not allowed "
                                               "(remove it)"),
    "empty file": ("", f"{B}:1: front matter: missing (start the file with a line '---')"),
    "unclosed front matter": ("---\ntitle: x\n", f"{B}:1: front matter: no closing '---' line "
                                                  "(end the front matter with '---')"),
    "empty front matter": ("---\n---\nBody\n", f"{B}:1: front matter: is empty "
                                               "(add at least title, date, kind and sources)"),
    "list instead of mapping": ("---\n- title: x\n- date: 2024\n---\n",
                                f"{B}:2: front matter: expected a mapping of fields, got a list "
                                "(write one 'field: value' per line)"),
    "scalar instead of mapping": ("---\njust words\n---\n",
                                  f"{B}:2: front matter: expected a mapping of fields, got 'just words' "
                                  "(write one 'field: value' per line)"),
    "unclosed bracket": (entry(parties="[ukraine, japan"),
                         f"{B}:7: front matter: invalid YAML: did not find expected ',' or ']'"),
    "tab indentation": (entry(sources=f"\n\t- seed: {SEED}"),
                        f"{B}:9: front matter: invalid YAML: found character that cannot start any token "
                        "(YAML does not allow tabs for indentation; use spaces)"),
    "colon in value": (entry(title="Kyiv: a summit: again"),
                       f"{B}:2: front matter: invalid YAML: mapping values are not allowed in this context "
                       "(put quotes around a value that contains ': ')"),
    "non-text key": (entry(**{"[a]": "b"}), f"{B}:8: front matter: a field name must be text, got a list"),
    "undefined alias": (entry(title="*nothing"), f"{B}:2: front matter: invalid YAML: found undefined alias "
                        "('*' starts an alias in YAML; put quotes around the value)"),
}


@pytest.mark.parametrize("text, expected", CASES.values(), ids=CASES.keys())
def test_invalid_entry_is_reported_with_file_line_and_field(project, text, expected):
    project.write("content/bad.md", text)
    result = project.check()
    assert result.code == 1
    assert expected in result.err.splitlines(), result.err
    assert "Traceback" not in result.err
    assert result.err.splitlines()[-1].endswith("in 1 file(s)")


def test_invalid_utf8_names_the_line_of_the_bad_byte(project):
    project.write("content/bad.md", entry().encode().replace(b"One sentence.", b"One \xff sentence."))
    result = project.check()
    assert result.code == 1
    assert f"{B}:7: not valid UTF-8 (byte 0xff) (save the file as UTF-8)" in result.err.splitlines()


def test_all_problems_of_all_files_are_reported_in_one_run(project):
    project.write("content/bad.md", entry(date="June 2024", partys="[x]"))
    project.write("content/worse.md", entry(kind="sumit", status=None))
    result = project.check()
    lines = result.err.splitlines()
    assert result.code == 1
    assert f"{B}:3: date: expected YYYY, YYYY-MM or YYYY-MM-DD, got 'June 2024'" in lines
    assert f"{B}:8: partys: unknown field (did you mean 'parties'?)" in lines
    assert "content/worse.md:4: kind: unknown kind 'sumit' (did you mean 'summit'?)" in lines
    assert lines[-1] == "3 error(s) in 2 file(s)"


def test_a_broken_entry_fails_the_build_and_writes_nothing(project):
    project.write("content/bad.md", entry(date="June 2024"))
    result = project.build()
    assert result.code == 1
    assert not (project.root / "_site").exists()


def test_a_file_name_that_is_not_a_slug(project):
    project.write("content/Bad Name.md", entry())
    result = project.check()
    assert ("content/Bad Name.md:1: slug: the file name 'Bad Name' is not a valid slug "
            "(rename the file to 'bad-name.md' or set 'slug: bad-name')") in result.err.splitlines()


def test_slugs_clash_after_case_folding(project):
    project.write("content/other.md", entry(slug="japan-agreement"))
    project.write("content/Japan-Agreement.md", entry(slug="other-entry"))
    result = project.check()
    assert ("content/other.md:8: slug: 'japan-agreement' is already the slug of content/japan-agreement.md "
            "(two entries cannot share a page; rename one file or set slug:)") in result.err.splitlines()


def test_a_link_in_the_body_to_a_missing_entry(project):
    project.write("content/bad.md", entry() + "\nSee [the summit](g7-summit.md).\n")
    result = project.check()
    assert (f"{B}:14: body: link to 'g7-summit.md' names no entry "
            "(link to another entry's file name, like [G7](g7-summit-2024.md))") in result.err.splitlines()


def test_an_entry_linked_from_outside_content_is_refused(project, tmp_path):
    outside = tmp_path / "elsewhere.md"
    outside.write_text(entry(), encoding="utf-8")
    (project.root / "content" / "linked.md").symlink_to(outside)
    result = project.check()
    assert ("content/linked.md:1: is a link to a file outside content/; refused "
            "(copy the file into content/)") in result.err.splitlines()


def test_relation_to_a_draft_is_a_warning_and_left_out(project):
    project.write("content/draft-one.md", entry(draft="true", title="Draft"))
    project.write("content/linker.md", entry(related="\n  - {event: draft-one, as: see-also}"))
    result = project.check()
    assert result.code == 0
    assert ("content/linker.md:9: warning: related: 'draft-one' is a draft, so this link is left out "
            "(build with --drafts to see it)") in result.err.splitlines()
    assert project.check("--drafts").code == 0
    assert project.check("--strict").code == 1


def test_a_file_in_content_that_is_not_an_entry_is_a_warning(project):
    project.write("content/summit.MD", entry())
    project.write("content/notes/ideas.txt", "todo")
    result = project.check()
    assert result.code == 0
    lines = result.err.splitlines()
    assert ("content/summit.MD: warning: is not an entry and is ignored "
            "(entries are .md files; move other files out of content/)") in lines
    assert "content/notes/ideas.txt: warning: is not an entry and is ignored " \
           "(entries are .md files; move other files out of content/)" in lines
    assert project.check("--strict").code == 1


def test_two_seeds_with_one_name_are_refused(project):
    project.write("seeds/000_f58ab9d484ce5563.md", "Title\n\nText.\n")
    result = project.check()
    assert ("seeds/000_f58ab9d484ce5563.txt: has the same name as seeds/000_f58ab9d484ce5563.md but for its "
            "extension; both would be published at one address (rename one of them)") in result.err.splitlines()
