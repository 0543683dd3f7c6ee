"""`timeline fmt` and the house style: one way to write an entry's front matter, values unchanged."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import shutil
import subprocess

import yaml
from browser import unavailable
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import QUOTE, REPO, SEED, entries_in
from generator.authoring.drafts import title_slug
from generator.authoring.house_style import PLAIN_ID, YAML_WORDS, entry_text, front_matter, rules, written
from generator.build.recipe import build
from generator.config import load_config
from generator.config.schema import ENTRY, TRANSLATION, names, shapes
from generator.core.cache import MemoryCache

TODAY = dt.date(2026, 1, 1)

MESSY = f"""\
---
summary: >
  A summary folded
  over two lines.
kind: agreement
parties:
  - UA
  - Japan
title: 'Ukraine and Japan: a security agreement'
sources:
  - quote: "{QUOTE}"
    seed: {SEED}
date: 2024-06-13
related:
  - {{as: see-also, event: other}}
tags: [security, "bilateral agreements"]
approximate: yes
status: signed
---
The body, kept   byte for byte.

* a list
"""


def _events(project):
    result = build(load_config(project.root), TODAY, write=False, cache=MemoryCache())
    return {e.slug: _without_lines(dataclasses.asdict(e)) for e in result.timeline.events}


def _without_lines(value):
    """An event's values, without where each was written (line numbers, file hashes)."""
    if isinstance(value, dict):
        return {k: _without_lines(v) for k, v in value.items() if k not in ("line", "lines", "fingerprint",
                                                                           "front_fingerprint")}
    if isinstance(value, (list, tuple)):
        return [_without_lines(v) for v in value]
    return value


def test_fmt_writes_the_house_style_and_changes_no_value(project):
    project.write("content/other.md", "---\ntitle: Other\ndate: '2024'\nkind: summit\ndraft: true\n---\n")
    path = project.write("content/messy.md", MESSY)
    before = _events(project)
    result = project.run("fmt")
    assert result.code == 0
    assert result.out == "formatted content/japan-agreement.md\nformatted content/messy.md\nformatted content/other.md\n"
    text = path.read_text(encoding="utf-8")
    assert text == f"""\
---
title: "Ukraine and Japan: a security agreement"
date: "2024-06-13"
approximate: true
kind: agreement
status: signed
parties: [ukraine, japan]
summary: "A summary folded over two lines.\\n"
tags: ["security", "bilateral agreements"]
related:
  - event: other
    as: see-also
sources:
  - seed: {SEED}
    quote: "{QUOTE}"
---

The body, kept   byte for byte.

* a list
"""
    assert _events(project) == before
    assert project.run("fmt").out == "" and path.read_text(encoding="utf-8") == text  # a second run: nothing to do


def test_fmt_check_writes_nothing_and_names_each_file(project):
    (project.root / "content/japan-agreement.md").unlink()
    path = project.write("content/messy.md", MESSY)
    project.write("content/clean.md", '---\ntitle: "Clean"\ndate: "2024"\nkind: summit\ndraft: true\n---\n')
    result = project.run("fmt", "--check")
    assert result.code == 1
    assert result.err.splitlines()[0] == ("content/messy.md:1: front matter: is not in the house style "
                                          "(run timeline fmt)")
    assert "clean.md" not in result.err and path.read_text(encoding="utf-8") == MESSY
    assert project.run("fmt", str(path)).code == 0
    assert project.run("fmt", "--check").code == 0


def test_fmt_refuses_to_lose_a_comment_or_a_field_and_formats_the_rest(project):
    (project.root / "content/japan-agreement.md").unlink()
    commented = project.write("content/commented.md", '---\ntitle: "A # in a value is not a comment"\n'
                              'kind: summit\ndate: "2024"   # the year only\ndraft: true\n---\n')
    unknown = project.write("content/unknown.md", '---\ntitle: "X"\ndate: "2024"\nkind: summit\ncolour: red\n---\n')
    shapes = project.write("content/shapes.md", '---\ntitle: [a, b]\ndate: "2024"\nkind: summit\n'
                           'related: other\n---\n')
    fine = project.write("content/fine.md", "---\nkind: summit\ntitle: Fine\ndate: '2024'\ndraft: true\n---\n")
    originals = {p: p.read_text(encoding="utf-8") for p in (commented, unknown, shapes)}
    result = project.run("fmt")
    assert result.code == 1
    assert "content/commented.md:4: front matter: has a comment, which formatting would lose" in result.err
    assert "content/unknown.md:5: colour: unknown field" in result.err
    assert "content/shapes.md:2: title: expected a single value, got a list" in result.err
    assert "content/shapes.md:5: related: expected a list of '- event: ...' items, got 'other'" in result.err
    assert all(p.read_text(encoding="utf-8") == text for p, text in originals.items())
    assert fine.read_text(encoding="utf-8").startswith('---\ntitle: "Fine"\ndate: "2024"\nkind: summit\n')


def test_fmt_of_a_named_file_outside_content_is_a_usage_error(project):
    outside = project.write("notes.md", "---\ntitle: x\n---\n")
    result = project.run("fmt", str(outside))
    assert result.code == 2 and "not an entry in content/" in result.err


def test_translations_are_formatted_with_their_own_fields(bundled):
    path = bundled.root / "content/g7-summit-2024-apulia.uk.md"
    text = path.read_text(encoding="utf-8")
    shuffled = text.replace("---\n", "---\ntags: [\"безпека\"]\n", 1).replace('tags: ["безпека", "фінансування"]\n', "")
    path.write_text(shuffled.replace('tags: ["безпека"]', "tags: [безпека, фінансування]"), encoding="utf-8")
    assert bundled.run("fmt").out == "formatted content/g7-summit-2024-apulia.uk.md\n"
    assert path.read_text(encoding="utf-8") == text


def test_what_the_tool_writes_is_already_in_the_house_style(project):
    (project.root / "content/japan-agreement.md").unlink()
    assert project.run("new", "Ukraine–US agreement", "--date", "2024-06-13", "--kind", "agreement",
                       "--party", "UA", "--seed", SEED, "--quote", QUOTE, "--summary", "Signed: at the G7.").code == 0
    assert project.run("new", "A web page", "--date", "2024", "--kind", "summit", "--url",
                       "https://example.org/x", "--location", "Apulia").code == 0
    assert project.run("new", "Nothing cited", "--date", "2024-06", "--kind", "summit").code == 0
    assert project.run("fmt", "--check").code == 0
    written_files = {p.name: p.read_text(encoding="utf-8") for p in entries_in(project.root / "content")}
    assert written_files["ukraine-us-agreement.md"] == f"""\
---
title: "Ukraine–US agreement"
date: "2024-06-13"
kind: agreement
parties: [ukraine]
summary: "Signed: at the G7."
tags: []
related: []
sources:
  - seed: {SEED}
    quote: "{QUOTE}"
draft: true
---

What happened, in a few paragraphs, from the sources.
"""
    assert "sources: []\ndraft: true\n" in written_files["nothing-cited.md"]


def test_extracted_and_imported_drafts_are_in_the_house_style(bundled):
    article = sorted((bundled.root / "seeds").glob("*.txt"))[0].name
    for path in (bundled.root / "content").glob("*.md"):
        path.unlink()
    assert bundled.run("extract", article, "--today", "2024-07-01").code == 0
    assert bundled.run("fmt", "--check").code == 0


# -- the house style itself ------------------------------------------------------------------------

def test_ids_are_plain_only_where_yaml_reads_them_back_as_the_same_text():
    for value in ("ukraine", "g7", "cc-by", "000_f58ab9d484ce5563.txt", "in-force", "a.b"):
        assert written("id", value) == value
    for value in ("yes", "no", "on", "null", "true", "2024", "1_000", "0x1f", "0o17", "12e3", "2024-06-13",
                  "-x", "United States", "ÉU", ".inf", "a: b", ""):
        assert written("id", value) == f'"{value}"'
        assert yaml.safe_load(f"k: {written('id', value)}") == {"k": value}


_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufeff\ufffe\uffff"),
                max_size=30)
_ID = st.one_of(st.from_regex(PLAIN_ID, fullmatch=True), _TEXT, st.sampled_from(sorted(YAML_WORDS)))


def _value(field):
    if field.shape == "flag":
        return st.booleans()
    if field.shape in ("ids", "texts"):
        return st.lists(_ID if field.shape == "ids" else _TEXT, max_size=3)
    if field.shape == "items":
        return st.lists(_values(field.fields), max_size=2)
    return _ID if field.shape == "id" else _TEXT


def _values(fields):
    return st.fixed_dictionaries({}, optional={field.name: _value(field) for field in fields})


def _read_back(fields, values):
    """What YAML reads for the fields front_matter writes (left-out empty texts aside)."""
    def clean(field, value):
        if field.shape == "items":
            return [{f.name: clean(f, v) for f, v in ((f, item.get(f.name)) for f in field.fields) if v not in (None, "")}
                    for item in value]
        return value
    return {f.name: clean(f, values[f.name]) for f in fields if values.get(f.name) not in (None, "")}


@settings(max_examples=300, deadline=None)
@given(_values(ENTRY))
def test_any_values_are_read_back_as_written(values):
    text = front_matter(ENTRY, values)
    assert (yaml.safe_load(text) or {}) == _read_back(ENTRY, values)
    assert list(yaml.safe_load(text) or {}) == [n for n in names(ENTRY) if n in (yaml.safe_load(text) or {})]


def test_a_translation_carries_the_translated_text_only():
    assert names(TRANSLATION) == ("title", "location", "summary", "tags", "milestones", "updated", "corrections",
                                  "media")
    assert [names(f.fields) for f in TRANSLATION if f.fields] == [("note",), ("note",), ("title", "alt", "caption")]


# -- the CMS's twin (theme/static/admin.js), run in node -----------------------------------------------

ADMIN_JS = REPO / "generator/theme/static/admin.js"
TWIN = """
const house = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
house.useRules(input.rules);  // as the admin page hands them to it
const cases = input.cases;
const out = cases.map(c => c.title !== undefined
  ? house.titleSlug(c.title)
  : {text: house.entryText(c.fields, c.values, c.body), read: house.read(c.python, c.fields)});
process.stdout.write(JSON.stringify(out));
"""


TRICKY = ["", "yes", "No", "null", "2024", "2024-06", "0x1f", "12e3", "a: b", "#x", "- x", "[a]", "{a}", "'q'",
          '"q"', "a\\b", "Україна", "line\nbreak", "\u2028", "\x85", "\x7f", "\t", "\ufeff", "😀", "ukraine", "cc-by"]


def _random_text(rng):
    if rng.random() < 0.5:
        return rng.choice(TRICKY)
    return "".join(rng.choice(["a", " ", ":", "#", "\"", "\\", "é", "\n", "\u0007", "😀", "-", ",", "]"])
                   for _ in range(rng.randrange(12)))


def _random_values(fields, rng):
    values = {}
    for field in fields:
        if rng.random() < 0.3:
            continue
        if field.shape == "flag":
            values[field.name] = rng.random() < 0.5
        elif field.shape in ("ids", "texts"):
            values[field.name] = [_random_text(rng) for _ in range(rng.randrange(3))]
        elif field.shape == "items":
            values[field.name] = [_random_values(field.fields, rng) for _ in range(rng.randrange(3))]
        else:
            values[field.name] = _random_text(rng)
    return values


def _node(cases):
    node = shutil.which("node")
    if node is None:
        unavailable("node is not installed (apt-get install -y nodejs)")
    result = subprocess.run([node, "-e", TWIN, str(ADMIN_JS)], input=json.dumps({"rules": rules(), "cases": cases}),
                            capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_cms_writes_and_reads_the_house_style_as_python_does():
    """Many generated entries and translations, and every bundled one: admin.js writes the same
    bytes as house_style.py, and reads back what it wrote."""
    rng = random.Random(17)
    cases = [(fields, _random_values(fields, rng), _random_text(rng)) for fields in (ENTRY, TRANSLATION)
             for _ in range(200)]
    for path in sorted((REPO / "content").glob("*.md")):
        fields = TRANSLATION if path.name.count(".") == 2 else ENTRY
        text = path.read_text(encoding="utf-8")
        front, _, body = text[4:].partition("---\n")
        cases.append((fields, yaml.safe_load(front), body))
    python = [entry_text(fields, values, body) for fields, values, body in cases]
    node = _node([{"fields": shapes(fields), "values": values, "body": body, "python": text}
                  for (fields, values, body), text in zip(cases, python)])
    for (fields, values, body), text, twin in zip(cases, python, node):
        assert twin["text"] == text
        expected = _read_back(fields, values)
        if body.strip("\n"):
            expected["body"] = body.strip("\n")
        assert twin["read"] == expected


def test_the_cms_names_a_new_file_as_timeline_new_does():
    titles = ["Leaders meet in Apulia", "Ukraine–US security agreement signed at the G7 summit in Apulia",
              "Émile Zola’s “J’accuse…!”", "Саміт G7 в Апулії", "Kelvin \u212a and ﬁ ligature", "  --a  b--  ",
              "2024: the year", "İstanbul summit", "🙂 summit 🙂", "naïve café résumé"]
    assert _node([{"title": title} for title in titles]) == [title_slug(title) for title in titles]
