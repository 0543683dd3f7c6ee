"""The Timeline: deterministic order, indexes, and relations shown from both sides."""

from __future__ import annotations

from generator.core.dates import Span, parse_partial_date
from generator.core.errors import Problems
from generator.model.timeline import Event, Party, Relation, build_timeline, slugify

PARTIES = {"ukraine": Party("ukraine", "Ukraine", "country"), "japan": Party("japan", "Japan", "country")}


def event(slug, start, end=None, kind="summit", related=(), **extra):
    span = Span(parse_partial_date(start), parse_partial_date(end) if end else None)
    return Event(slug=slug, path=f"content/{slug}.md", title=slug.title(), span=span, kind=kind,
                 related=tuple(Relation(t, target, 9) for t, target in related), **extra)


def test_order_is_by_start_then_precision_then_slug_whatever_the_input_order():
    events = [event("b", "2024-06-13"), event("a", "2024-06-13"), event("m", "2024-06"), event("y", "2024")]
    for permutation in (events, events[::-1], events[1:] + events[:1]):
        timeline = build_timeline(list(permutation), PARTIES, Problems())
        assert [e.slug for e in timeline.events] == ["y", "m", "a", "b"]


def test_indexes():
    events = [event("s", "2023-12-30", "2024-01-02", parties=("ukraine",), tags=("Security",), status="held"),
              event("t", "2024-03", kind="agreement", parties=("ukraine", "japan"), tags=("security", "Aid"))]
    timeline = build_timeline(events, PARTIES, Problems())
    assert {k: [e.slug for e in v] for k, v in timeline.by_year.items()} == {2023: ["s"], 2024: ["s", "t"]}
    assert [e.slug for e in timeline.by_party["japan"]] == ["t"]
    assert [e.slug for e in timeline.by_kind["agreement"]] == ["t"]
    assert [e.slug for e in timeline.by_status["held"]] == ["s"]
    assert sorted(timeline.by_tag) == ["aid", "security"]
    assert timeline.tag_labels["security"] == "Security"  # ties between spellings: the first alphabetically


def test_relations_get_their_inverse_and_a_stable_order():
    summit = event("summit", "2024-06-13", "2024-06-15")
    deal = event("deal", "2024-06", kind="agreement", related=[("signed-at", "summit"), ("see-also", "pledge")])
    pledge = event("pledge", "2023-07", kind="pledge")
    problems = Problems()
    timeline = build_timeline([summit, deal, pledge], PARTIES, problems)
    assert problems.items == []
    assert [(link.label, link.event.slug) for link in timeline.links["deal"]] == [
        ("Signed at", "summit"), ("See also", "pledge")]
    assert [(link.label, link.event.slug) for link in timeline.links["summit"]] == [("Signed here", "deal")]
    assert [(link.label, link.event.slug) for link in timeline.links["pledge"]] == [("See also", "deal")]


def test_neighbours():
    timeline = build_timeline([event("a", "2020"), event("b", "2021"), event("c", "2022")], PARTIES, Problems())
    first, middle, last = timeline.events
    assert timeline.neighbours(first) == (None, middle)
    assert timeline.neighbours(middle) == (first, last)
    assert timeline.neighbours(last) == (middle, None)


def test_relation_problems_are_collected_not_raised():
    problems = Problems()
    build_timeline([event("a", "2024-05", related=[("part-of", "b"), ("follows", "b")]), event("b", "2024-06"),
                    event("c", "2024", related=[("see-also", "nothing")])], PARTIES, problems)
    messages = sorted(p.message.split(" ")[0] for p in problems.errors)
    assert messages == ["'follows'", "'part-of'", "no"]


def test_slugify():
    assert slugify("Ukraine–US deal: “unprecedented”") == "ukraine-us-deal-unprecedented"
    assert slugify("Café Zürich 2024") == "cafe-zurich-2024"
    assert slugify("Київ") == ""


def test_an_event_survives_pickling_whole():
    """Events travel by pickle (the cache, worker processes): every field comes back, compared or not."""
    import pickle
    from dataclasses import fields

    from generator.model.timeline import Milestone, Source
    original = event("s", "2024-06-13", "2024-06-15", parties=("ukraine",), tags=("Aid",), status="held",
                     milestones=(Milestone(parse_partial_date("2024-06"), "scheduled", "note", 12),),
                     sources=(Source("T", "q", seed="a.txt", date=parse_partial_date("2024")),),
                     lines={"title": 2}, fingerprint="f", front_fingerprint="g", body="Body.")
    copy = pickle.loads(pickle.dumps(original, protocol=5))
    assert copy == original
    assert all(getattr(copy, f.name) == getattr(original, f.name) for f in fields(original))
    assert copy.milestones[0].line == 12 and copy.span.end.day == 15
