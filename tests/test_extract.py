"""`timeline extract`: draft entries proposed from an article, with dates at the precision the
text gives, verified quotes, known parties, a guessed kind and an honest status."""

from __future__ import annotations

import pytest

from conftest import SEED
from generator.authoring.dates_in_text import Timeframe, find_dates
from generator.core.dates import parse_partial_date


def _bare(project) -> None:
    """The project without its entry: the article alone, as when it was just imported."""
    (project.root / "content/japan-agreement.md").unlink()
    nato = '\n[nato]\nname = "NATO"\ntype = "organisation"\n'
    project.write("content/parties.toml", (project.root / "content/parties.toml").read_text() + nato)


def _front(project, name: str) -> str:
    return (project.root / "content" / name).read_text(encoding="utf-8").split("---")[1]


def test_every_dated_event_of_the_bundled_article_becomes_a_draft_that_passes_check(project):
    _bare(project)
    result = project.run("extract", f"seeds/{SEED}", "--today", "2026-01-01")
    assert result.code == 0, result.err
    drafts = sorted(p.name for p in (project.root / "content").glob("*.md"))
    assert drafts == ["president-volodymyr-zelensky-speaks-at-the.md", "the-french-presidency-said-on-june.md",
                      "the-summit-will-be-held-between.md", "today-as-part-of-this-declaration.md",
                      "when-signed-the-u-s-and.md"]
    expected = {
        "president-volodymyr-zelensky-speaks-at-the.md": ('date: "2024-04-02"', "kind: summit", None),
        "the-french-presidency-said-on-june.md": ('date: "2024-06-12"', "kind: announcement", "status: made"),
        "the-summit-will-be-held-between.md": ('date: "2024-06-13"\nend: "2024-06-15"', "kind: summit",
                                               "status: scheduled"),
        "today-as-part-of-this-declaration.md": ('date: "2024-06"', "kind: agreement", None),
        "when-signed-the-u-s-and.md": ('date: "2023-07"', "kind: summit", None),
    }
    for name, (date, kind, status) in expected.items():
        front = _front(project, name)
        assert date in front and kind in front, front
        assert (status in front) if status else "status:" not in front, front
        assert "draft: true" in front and f"seed: {SEED}" in front
    assert "parties: [g7, nato]" in _front(project, "when-signed-the-u-s-and.md")
    assert "2024-06-13 to 2024-06-15 (\"between June 13-15\", the year from the article's date)" in result.err
    assert "status scheduled (\"will\": the text only announces it)" in result.err
    assert project.check("--drafts").code == 0
    # run again: every sentence is quoted by a draft now, and nothing is overwritten
    again = project.run("extract", SEED, "--today", "2026-01-01")
    assert again.code == 0 and again.out == ""
    assert "already quoted by content/the-french-presidency-said-on-june.md" in again.err


def test_sentences_an_entry_already_quotes_are_skipped(bundled):
    result = bundled.run("extract", f"seeds/{SEED}", "--today", "2026-01-01")
    assert result.code == 0
    assert result.out == ""
    assert ("skipped \"The French presidency said on June 12 that the partners...\": already quoted by "
            "content/french-presidency-announces-50-billion-agreement.md") in result.err.splitlines()


ARTICLE = """\
Leaders to sign a border treaty

The leaders of Northland and Southland will sign a treaty on June 20, the Northland foreign ministry said on Tuesday.

Negotiators signed a preliminary text on 3 May 2024 in Geneva. They had met the previous day.

Both parliaments must ratify it by the end of the year.
"""


@pytest.mark.parametrize("published", ["2024-06-12", "2024-06-25"])
def test_a_status_never_claims_what_the_text_only_announces(project, published):
    """Before the signing, the article cannot say it happened; after it, "will sign" still only
    announces it."""
    _bare(project)
    project.write("content/parties.toml", '[northland]\nname = "Northland"\n\n[southland]\nname = "Southland"\n')
    project.write("seeds/treaty.txt", ARTICLE)
    project.write("seeds/treaty.toml", f'published = "{published}"\n')
    result = project.run("extract", "seeds/treaty.txt", "--into", str(project.root / "content/proposed"),
                         "--today", "2026-01-01")
    assert result.code == 0, result.err
    folder = project.root / "content/proposed"
    fronts = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.md")}
    assert sorted(fronts) == ["both-parliaments-must-ratify-it-by.md", "negotiators-signed-a-preliminary-text-on.md",
                              "the-leaders-of-northland-and-southland.md", "the-northland-foreign-ministry-said-on.md",
                              "they-had-met-the-previous-day.md"]
    # one sentence, two events: the signing it announces and the ministry's saying so, each titled by its clause
    said = fronts["the-northland-foreign-ministry-said-on.md"]
    assert "kind: announcement" in said and "status: made" in said
    assert f'date: "{"2024-06-11" if published == "2024-06-12" else "2024-06-25"}"' in said
    treaty = fronts["the-leaders-of-northland-and-southland.md"]
    assert 'date: "2024-06-20"' in treaty and "kind: agreement" in treaty and "status: announced" in treaty
    assert "parties: [northland, southland]" in treaty
    preliminary = fronts["negotiators-signed-a-preliminary-text-on.md"]
    assert 'date: "2024-05-03"' in preliminary and "status: signed" in preliminary
    met = fronts["they-had-met-the-previous-day.md"]
    assert 'date: "2024-05-02"' in met and "kind: meeting" in met and "status: held" in met
    deadline = fronts["both-parliaments-must-ratify-it-by.md"]
    assert 'date: "2024"' in deadline and "kind: announcement" in deadline and "status:" not in deadline
    assert project.check("--drafts").code == 0


def _found(text: str, published: str | None = "2024-06-12", article: str = "") -> list[tuple]:
    frame = Timeframe.of(article or text, parse_partial_date(published) if published else None)
    at = (article or text).find(text)
    return [(f.text, f.date.iso() if f.date else None, f.end_date.iso() if f.end_date else None, f.deadline)
            for f in find_dates(text, at, frame)]


DATE_CASES = {
    "days, day first": ("The summit on 13-15 June was long.", [("13-15 June", "2024-06-13", "2024-06-15", False)]),
    "days, month first": ("between June 13-15 in Apulia", [("between June 13-15", "2024-06-13", "2024-06-15", False)]),
    "across months": ("from 30 June - 2 July 2024", [("30 June - 2 July 2024", "2024-06-30", "2024-07-02", False)]),
    "month day year": ("on April 2, 2024.", [("April 2, 2024", "2024-04-02", None, False)]),
    "day month": ("They met on 11 July.", [("11 July", "2024-07-11", None, False)]),
    "month year": ("in July 2023 at the summit", [("July 2023", "2023-07", None, False)]),
    "month alone": ("talks resumed in March", [("in March", "2024-03", None, False)]),
    "year": ("since taking office in 2021", [("in 2021", "2021", None, False)]),
    "a month long after the article": ("on 28 December", [("28 December", "2023-12-28", None, False)]),
    "deadline": ("by the end of the year", [("by the end of the year", "2024", None, True)]),
    "weekday": ("the ministry said on Tuesday", [("on Tuesday", "2024-06-11", None, False)]),
    "today and yesterday": ("Today and yesterday", [("Today", "2024-06-12", None, False),
                                                    ("yesterday", "2024-06-11", None, False)]),
    "previous day": ("on June 12 and the previous day", [("June 12", "2024-06-12", None, False),
                                                         ("the previous day", "2024-06-11", None, False)]),
    "may is a verb": ("Leaders may sign a deal; 14 countries have.", []),
    "money is not a day": ("a loan of $50 June bonds", []),
    "not a real date": ("on February 30", [("February 30", None, None, False)]),
    "a time is not a year": ("at June 12:30", []),
}


@pytest.mark.parametrize("text, expected", DATE_CASES.values(), ids=DATE_CASES.keys())
def test_dates_are_found_at_the_precision_the_text_gives(text, expected):
    assert _found(text) == expected


def test_a_missing_year_comes_from_the_years_around_it_or_is_not_guessed():
    article = "Head\n\nIn 2019 the talks began. They met on June 12 in Geneva.\n\nLater, in 2023, it ended."
    assert _found("They met on June 12 in Geneva.", None, article) == [("June 12", "2019-06-12", None, False)]
    assert _found("They met on June 12.", None) == [("June 12", None, None, False)]
    assert _found("on Tuesday", None) == [("on Tuesday", None, None, False)]


def test_extract_names_an_unknown_article(project):
    result = project.run("extract", "seeds/000_f58ab9d484ce5564.txt")
    assert result.code == 2
    assert f"no article '000_f58ab9d484ce5564.txt' in seeds/ (did you mean '{SEED}'?)" in result.err


def test_extract_reports_a_broken_sidecar_and_writes_nothing(project):
    _bare(project)
    project.write("seeds/000_f58ab9d484ce5563.toml", 'published = "soon"\n')
    result = project.run("extract", SEED)
    assert result.code == 1
    assert "seeds/000_f58ab9d484ce5563.toml:1: published: expected YYYY, YYYY-MM or YYYY-MM-DD" in result.err
    assert not list((project.root / "content").glob("*.md"))
