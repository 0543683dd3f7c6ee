"""Partial dates and spans: parsing, precision, display, overlap, order."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.core.dates import PartialDate, Span, parse_partial_date, parse_today
from generator.model.date_text import DateText

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


T, N, NB, NN = "\u2009", "\u202f", "\u00a0", "\u2013"  # thin, narrow no-break and no-break spaces; en dash
# Each precision and kind of span, as CLDR writes it in six languages (a table per language: what
# Babel's data says, with the month names of spans as wide as the single dates').
DATE_TABLES = {
    "en": ["2024", "June 2024", "June 13, 2024", f"June 13{T}{NN}{T}15, 2024", f"June 30{T}{NN}{T}July 2, 2024",
           f"Dec 30, 2023{T}{NN}{T}Jan 2, 2024".replace("Dec", "December").replace("Jan", "January"),
           f"June{T}{NN}{T}July 2024", f"July 2023{T}{NN}{T}June 2024", f"2022{T}{NN}{T}2024",
           f"June 2024{T}{NN}{T}June 20, 2024", f"c.{NB}July 2023"],
    "en-GB": ["2024", "June 2024", "13 June 2024", f"13{T}{NN}{T}15 June 2024", f"30 June{T}{NN}{T}2 July 2024",
              f"30 December 2023{T}{NN}{T}2 January 2024", f"June{T}{NN}{T}July 2024", f"July 2023{T}{NN}{T}June 2024",
              f"2022{T}{NN}{T}2024", f"June 2024{T}{NN}{T}20 June 2024", f"c.{NB}July 2023"],
    "uk": ["2024", f"червень 2024{N}р.", f"13 червня 2024{N}р.", f"13{NN}15 червня 2024{N}р.",
           f"30 червня{NB}— 2 липня 2024{N}р.", f"30 грудня 2023{NB}— 2 січня 2024{N}рр.", f"червень{NB}— липень 2024{N}р.",
           f"липень 2023{NB}— червень 2024{N}рр.", f"2022{NN}2024", f"червень 2024{N}р. {NN} 20 червня 2024{N}р.",
           f"c.{NB}липень 2023{N}р."],
    "de": ["2024", "Juni 2024", "13. Juni 2024", f"13.{NN}15. Juni 2024", f"30. Juni{T}{NN}{T}2. Juli 2024",
           f"30. Dezember 2023{T}{NN}{T}2. Januar 2024", f"Juni{NN}Juli 2024", f"Juli 2023{T}{NN}{T}Juni 2024",
           f"2022{NN}2024", f"Juni 2024{T}{NN}{T}20. Juni 2024", f"c.{NB}Juli 2023"],
    "fr": ["2024", "juin 2024", "13 juin 2024", f"13{NN}15 juin 2024", f"30 juin{T}{NN}{T}2 juillet 2024",
           f"30 décembre 2023{T}{NN}{T}2 janvier 2024", f"juin{T}{NN}{T}juillet 2024", f"juillet 2023{T}{NN}{T}juin 2024",
           f"2022{NN}2024", f"juin 2024{T}{NN}{T}20 juin 2024", f"c.{NB}juillet 2023"],
    "ja": ["2024年", "2024年6月", "2024年6月13日", "2024年6月13日～15日", "2024年6月30日～7月2日", "2023年12月30日～2024年1月2日",
           "2024年6月～7月", "2023年7月～2024年6月", "2022年～2024年", "2024年6月～2024年6月20日", f"c.{NB}2023年7月"],
    "ar": ["2024", "يونيو 2024", "13 يونيو 2024", f"13{NN}15 يونيو 2024", f"30 يونيو {NN} 2 يوليو 2024",
           f"30 ديسمبر 2023 {NN} 2 يناير 2024", f"يونيو {NN} يوليو 2024", f"يوليو 2023 {NN} يونيو 2024", f"2022{NN}2024",
           f"يونيو 2024 {NN} 20 يونيو 2024", f"c.{NB}يوليو 2023"],
}
SPANS = [("2024", None), ("2024-06", None), ("2024-06-13", None), ("2024-06-13", "2024-06-15"),
         ("2024-06-30", "2024-07-02"), ("2023-12-30", "2024-01-02"), ("2024-06", "2024-07"), ("2023-07", "2024-06"),
         ("2022", "2024"), ("2024-06", "2024-06-20"), ("2023-07", "approximate")]


@pytest.mark.parametrize("language", DATE_TABLES)
def test_dates_are_written_as_each_language_writes_them(language):
    text = DateText(language)
    written = [text.span(Span(P(start), None, True) if end == "approximate" else Span(P(start), P(end) if end else None))
               for start, end in SPANS]
    assert written == DATE_TABLES[language]


def test_a_span_keeps_the_width_of_its_month_names():
    """python-babel #803: yMMMMd has no interval pattern, and Babel's fallback abbreviates."""
    for language in ("en", "uk", "de", "fr", "ar"):
        text = DateText(language)
        wide = text.locale.months["format"]["wide"][6]  # June, червня, Juni, juin, يونيو
        assert wide in text.date(P("2024-06-13"))
        assert wide in text.span(Span(P("2024-06-13"), P("2024-06-15"))), language
        assert wide in text.span(Span(P("2024-06-30"), P("2024-07-02"))), language


def test_parts_split_a_span_where_the_second_date_begins():
    assert DateText("en-GB").parts(Span(P("2024-06-13"), P("2024-06-15"))) == ("13", f"{T}{NN}{T}", "15 June 2024")
    assert DateText("ja").parts(Span(P("2024-06-13"), P("2024-06-15"))) == ("2024年6月13日", "～", "15日")
    assert DateText("de").parts(Span(P("2024-06-13"), P("2024-06-15"))) == ("13.", NN, "15. Juni 2024")
    assert DateText("uk").parts(Span(P("2024-06-13"))) == ("", "", f"13 червня 2024{N}р.")


def test_the_axis_of_the_strip_uses_stand_alone_month_names():
    assert DateText("uk").month_label(6) == "черв."
    assert DateText("en").month_label(6) == "Jun"
    assert DateText("ar").right_to_left and not DateText("uk").right_to_left


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
