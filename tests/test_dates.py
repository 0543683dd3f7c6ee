"""Partial dates and spans: parsing, precision, display, overlap, order."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.model.dates import PartialDate, Span, parse_partial_date, parse_today

P = parse_partial_date


@pytest.mark.parametrize("text, precision, first, last", [
    ("2024", "year", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
    ("2024-02", "month", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ("2023-02", "month", dt.date(2023, 2, 1), dt.date(2023, 2, 28)),
    ("2024-06-13", "day", dt.date(2024, 6, 13), dt.date(2024, 6, 13)),
])
def test_precision_and_bounds(text, precision, first, last):
    date = P(text)
    assert date.precision == precision
    assert (date.first_day(), date.last_day()) == (first, last)
    assert date.iso() == text


@pytest.mark.parametrize("text, message", [
    ("June 2024", "expected YYYY, YYYY-MM or YYYY-MM-DD, got 'June 2024'"),
    ("2024-02-30", "February 2024 has 29 days, got '2024-02-30'"),
    ("2023-02-29", "February 2023 has 28 days, got '2023-02-29'"),
    ("2024-13", "month must be 01 to 12, got '2024-13'"),
    ("2024-00", "month must be 01 to 12, got '2024-00'"),
    ("2024-06-00", "June 2024 has 30 days, got '2024-06-00'"),
    ("24-06-13", "expected YYYY, YYYY-MM or YYYY-MM-DD, got '24-06-13'"),
    ("2024-06-13T10:00", "expected YYYY, YYYY-MM or YYYY-MM-DD, got '2024-06-13T10:00'"),
])
def test_invalid_dates(text, message):
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(")", r"\)") + "$"):
        P(text)


@pytest.mark.parametrize("start, end, approximate, shown", [
    ("2024", None, False, "2024"),
    ("2023-07", None, False, "July 2023"),
    ("2024-04-02", None, False, "2 April 2024"),
    ("2023-07", None, True, "c.\u00a0July 2023"),
    ("2024-06-13", "2024-06-15", False, "13\u201315 June 2024"),
    ("2024-06-30", "2024-07-02", False, "30 June \u2013 2 July 2024"),
    ("2023-12-30", "2024-01-02", False, "30 December 2023 \u2013 2 January 2024"),
    ("2024-06", "2024-07", False, "June\u2013July 2024"),
    ("2023-07", "2024-06", False, "July 2023 \u2013 June 2024"),
    ("2022", "2024", False, "2022\u20132024"),
    ("2024-06", "2024-06-20", False, "June 2024 \u2013 20 June 2024"),
    ("2024-06-13", "2024-06-13", False, "13 June 2024"),
])
def test_display_follows_precision(start, end, approximate, shown):
    assert Span(P(start), P(end) if end else None, approximate).display() == shown


@pytest.mark.parametrize("a, b, overlap", [
    (("2024-06",), ("2024-06-13", "2024-06-15"), True),   # a June signing overlaps a 13-15 June summit
    (("2024-06-12",), ("2024-06-13", "2024-06-15"), False),
    (("2024-06-15",), ("2024-06-13", "2024-06-15"), True),
    (("2024",), ("2024-12-31",), True),
    (("2024-05",), ("2024-06-01",), False),
    (("2023-07", "2024-06"), ("2024-01-05",), True),
])
def test_overlap_at_the_coarser_precision(a, b, overlap):
    def span(parts):
        return Span(P(parts[0]), P(parts[1]) if len(parts) > 1 else None)

    assert span(a).overlaps(span(b)) is overlap
    assert span(b).overlaps(span(a)) is overlap


def test_sort_is_by_start_then_precision():
    spans = [Span(P("2024-06-13")), Span(P("2024-06")), Span(P("2024")), Span(P("2024-06-01"))]
    ordered = sorted(spans, key=Span.sort_key)
    assert [s.start.iso() for s in ordered] == ["2024", "2024-06", "2024-06-01", "2024-06-13"]


def test_today_from_flag_epoch_or_clock():
    assert parse_today("2024-06-14", None) == dt.date(2024, 6, 14)
    assert parse_today(None, "1718323200") == dt.date(2024, 6, 14)
    assert parse_today(None, None) == dt.date.today()
    with pytest.raises(ValueError):
        parse_today("2024-06", None)


@given(st.dates(min_value=dt.date(1, 1, 1)), st.sampled_from(["year", "month", "day"]))
def test_any_real_date_round_trips_at_any_precision(date, precision):
    text = {"year": f"{date.year:04d}", "month": f"{date.year:04d}-{date.month:02d}",
            "day": date.isoformat()}[precision]
    parsed = P(text)
    assert parsed.iso() == text and parsed.precision == precision
    assert parsed.first_day() <= date <= parsed.last_day()


@given(st.text(max_size=20))
def test_any_text_parses_or_raises_value_error(text):
    try:
        assert isinstance(P(text), PartialDate)
    except ValueError as exc:
        assert str(exc)
