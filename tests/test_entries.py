"""Valid entries in all their forms: what the loader accepts and the Event it makes."""

from __future__ import annotations

from conftest import QUOTE, REPO, SEED, entry
from generator.config import load_config
from generator.content.entries import Context, read_event
from generator.content.frontmatter import read_entry_file
from generator.content.parties import load_parties
from generator.content.sources import load_seeds
from generator.core.dates import PartialDate
from generator.core.errors import Problems


def load(project, text: str | bytes):
    path = project.write("content/one.md", text)
    problems = Problems()
    context = Context(load_config(project.root), load_parties(project.root, problems),
                      load_seeds(REPO, problems))
    parsed = read_entry_file(path, "content/one.md", problems)
    event = read_event(parsed, "one", context, problems) if parsed else None
    return event, [str(p) for p in problems.items]


def test_a_full_entry_becomes_an_event(project):
    event, problems = load(project, entry(end='"2024-06-15"', approximate="true", location="Apulia, Italy",
                                          tags="[security, G7]", draft="false",
                                          milestones='\n  - {date: "2024-06", status: announced, note: Said so}',
                                          related="\n  - {event: japan-agreement, as: see-also}"))
    assert problems == []
    assert event.slug == "one" and event.path == "content/one.md"
    assert event.title == "Ukraine and Japan sign a security agreement"
    assert (event.span.start, event.span.end, event.span.approximate) == (
        PartialDate(2024, 6, 13), PartialDate(2024, 6, 15), True)
    assert (event.kind, event.status, event.parties) == ("agreement", "signed", ("ukraine", "japan"))
    assert event.tags == ("security", "G7") and event.location == "Apulia, Italy"
    assert [(m.date.iso(), m.status, m.note) for m in event.milestones] == [("2024-06", "announced", "Said so")]
    assert [(r.type, r.target) for r in event.related] == [("see-also", "japan-agreement")]
    assert [(s.seed, s.quote, s.title[:12]) for s in event.sources] == [(SEED, QUOTE, "Kyiv to sign")]
    assert event.body == "The body.\n"
    assert event.line("date") == 3


def test_yaml_traps_keep_the_precision_written(project):
    for raw, iso in (("2024", "2024"), ("2024-06", "2024-06"), ("2024-06-13", "2024-06-13"), ('"2024"', "2024")):
        event, problems = load(project, entry(date=raw))
        assert problems == [] and event.span.start.iso() == iso


def test_text_fields_keep_what_was_written(project):
    event, problems = load(project, entry(title="yes", location="1.10", summary="0x1F"))
    assert problems == []
    assert (event.title, event.location, event.summary) == ("yes", "1.10", "0x1F")


def test_a_bom_and_windows_line_endings_are_fine(project):
    text = "\ufeff" + entry().replace("\n", "\r\n")
    event, problems = load(project, text.encode("utf-8"))
    assert problems == [] and event.title.startswith("Ukraine")
    assert event.body == "The body.\n"


def test_single_values_count_as_one_item_lists(project):
    event, problems = load(project, entry(parties="Ukraine", tags="security"))
    assert problems == [] and event.parties == ("ukraine",) and event.tags == ("security",)


def test_quoted_booleans_are_understood(project):
    event, problems = load(project, entry(approximate='"true"', draft="'False'"))
    assert problems == [] and event.span.approximate and not event.draft


def test_a_web_source_with_its_details(project):
    event, problems = load(project, entry(sources='\n  - url: https://example.org/a?b=1\n    title: A report\n'
                                                  '    publisher: Example News\n    date: "2024-06-14"'))
    assert problems == []
    source = event.sources[0]
    assert (source.url, source.title, source.publisher, source.date.iso(), source.quote) == (
        "https://example.org/a?b=1", "A report", "Example News", "2024-06-14", "")


def test_a_quote_may_wrap_and_is_shown_with_its_spacing_tidied(project):
    event, problems = load(project, entry(sources=f"\n  - seed: {SEED}\n    quote: 'Ukraine  will sign bilateral "
                                                  "security agreements\n      with the United States and Japan'"))
    assert problems == [] and event.sources[0].quote == QUOTE


def test_a_draft_may_have_no_sources_yet(project):
    event, problems = load(project, entry(draft="true", sources=None))
    assert problems == [] and event.draft and event.sources == ()


def test_sources_can_be_relaxed_in_the_config(project):
    project.write("timeline.toml", "[build]\nrequire_sources = false\n")
    event, problems = load(project, entry(sources=None))
    assert problems == [] and event.sources == ()


def test_an_empty_content_folder_builds_an_empty_timeline(project):
    (project.root / "content" / "japan-agreement.md").unlink()
    result = project.build()
    assert result.code == 0
    assert "0 events" in project.html("index.html").select_one(".count").get_text()
