"""Property tests: any front matter yields an Event or clean `file:line` problems, never an exception."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PARTIES, QUOTE, REPO, SEED
from generator.config import load_config
from generator.config.schema import ENTRY, names
from generator.content.entries import Context, read_event
from generator.content.frontmatter import read_entry_file
from generator.content.parties import load_parties
from generator.content.sources import load_seeds
from generator.core.errors import Problems
from generator.model.timeline import Event

# 4 x 700 examples here and 300 whole content folders in test_guarantees.py; FUZZ_EXAMPLES=N for longer campaigns.
FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "700")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def make_context(root: Path) -> Context:
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "content" / "parties.toml").write_text(PARTIES, encoding="utf-8")
    problems = Problems()
    return Context(load_config(REPO), load_parties(root, problems), load_seeds(REPO, problems))


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
    st.dates().map(str), st.sampled_from(["2024", "2024-06", "2024-06-13", "summit", "signed", "ukraine", SEED, QUOTE,
                                          "see-also", "signed-at", "https://example.org/", "~", "yes"]),
)
values = st.recursive(scalars, lambda children: st.lists(children, max_size=4)
                      | st.dictionaries(st.sampled_from(["seed", "quote", "url", "title", "event", "as", "date",
                                                         "status", "note", "x"]), children, max_size=4),
                      max_leaves=12)
front_matter = st.dictionaries(st.sampled_from(names(ENTRY)) | st.text(max_size=8), values, max_size=10)


def parse(root: Path, context: Context, text: str | bytes):
    path = root / "content" / "fuzz.md"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    problems = Problems()
    entry = read_entry_file(path, "content/fuzz.md", problems)
    event = read_event(entry, "fuzz", context, problems) if entry else None
    return event, problems


def assert_clean(event, problems: Problems):
    if event is None:
        assert problems.errors, "an entry was dropped without a reason"
    else:
        assert isinstance(event, Event)
    for problem in problems.items:
        assert problem.path == "content/fuzz.md"
        assert problem.line >= 1
        assert problem.message


@FUZZ
@given(front_matter)
def test_any_front_matter_mapping(tmp_path, data):
    context = make_context(tmp_path)
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\nBody\n"
    assert_clean(*parse(tmp_path, context, text))


@FUZZ
@given(st.text(max_size=200))
def test_any_text_between_the_fences(tmp_path, text):
    context = make_context(tmp_path)
    assert_clean(*parse(tmp_path, context, "---\n" + text + "\n---\n"))


@FUZZ
@given(st.binary(max_size=200))
def test_any_bytes(tmp_path, data):
    context = make_context(tmp_path)
    event, problems = parse(tmp_path, context, data)
    assert event is None and problems.errors


@FUZZ
@given(st.dictionaries(st.sampled_from(["end", "approximate", "status", "location", "tags", "related",
                                        "milestones", "draft"]), values, max_size=4))
def test_valid_entries_with_random_extras(tmp_path, extras):
    context = make_context(tmp_path)
    data = {"title": "T", "date": "2024-06-13", "kind": "agreement", "parties": ["ukraine"],
            "sources": [{"seed": SEED, "quote": QUOTE}], **extras}
    assert_clean(*parse(tmp_path, context, "---\n" + yaml.safe_dump(data) + "---\n"))
