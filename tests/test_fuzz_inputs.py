"""Fuzzing the inputs of the newer readers: site catalogs (.po), article sidecars, TimelineJS
timelines (JSON and CSV) and saved pages. Whatever they hold, the reader answers with problems
(file:line), never an exception: a command exits 0 or 1, never with 'unexpected' (the last guard).
200 examples per kind here; FUZZ_EXAMPLES=N for a longer campaign (see the README)."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import PARTIES, REPO
from generator.commands.cli import main
from generator.content.articles import read_sidecar
from generator.core.errors import Problems
from generator.site.catalogs import check_catalog

FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "200")), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Pieces of each format, shuffled and joined: closer to real mistakes than random bytes alone.
WEIRD = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
PO_PIECES = st.sampled_from(['msgid "Search"', 'msgstr "Пошук"', 'msgid_plural "%(count)s events"', 'msgstr[0] "x"',
                             'msgstr[2] "%(count)s"', '"continued"', 'msgctxt "c"', '#, fuzzy', '#~ msgid "old"',
                             'msgid ""', 'msgstr ""', '"Plural-Forms: nplurals=3; plural=(n%3);\\n"', 'msgstr "<b>',
                             'msgid "%(title)s: every event cites its sources. Built with timeline-generator."',
                             'msgstr "%(titel)s"', "msgstr \"\\", '""', "msgid", ""])
TOML_PIECES = st.sampled_from(['title = "A"', 'published = "2024-06"', "published = 2024-06-12", 'language = "ua"',
                               'url = "https://a@b.example/"', 'republish = "full"', "[table]", 'title = """x',
                               'license = ""', "published = 2024-06-12T10:00:00", 'x = [1, "a"]', "= 1", ""])


def _lines(pieces) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(pieces, WEIRD), max_size=14).map("\n".join)


@FUZZ
@given(text=_lines(PO_PIECES))
def test_any_site_catalog_gets_problems_not_an_exception(text):
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "uk.po"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        problems = Problems()
        check_catalog(path, "locales/uk.po", ["uk"], problems)
        assert all(p.line >= 0 and p.path == "locales/uk.po" for p in problems.items)


@FUZZ
@given(text=_lines(TOML_PIECES))
def test_any_sidecar_gets_problems_not_an_exception(text):
    import datetime as dt

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "a.toml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        read_sidecar(path, "seeds/a.toml", Problems(), dt.date(2026, 1, 1))


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=8),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                               st.sampled_from(["year", "month", "day", "headline", "text", "start_date", "end_date",
                                                "media", "url", "group", "display_date", "events", "title"]),
                               inner, max_size=5), max_leaves=20)
TIMELINES = st.dictionaries(st.sampled_from(["events", "title", "eras"]), JSON_VALUES, max_size=3) | st.fixed_dictionaries(
    {"events": st.lists(JSON_VALUES, max_size=5)})
CSV_CELLS = st.sampled_from(["2019", "13", "", "Headline", "<p>x</p>", "title", "era", "-5", "2021", "06", "x,y", "\"q"])
CSV_ROWS = st.lists(st.lists(CSV_CELLS, min_size=1, max_size=18), max_size=6)


def _site(scratch: Path) -> Path:
    root = scratch / "site"
    (root / "content").mkdir(parents=True)
    shutil.copytree(REPO / "seeds", root / "seeds")
    (root / "timeline.toml").write_text('[site]\ntitle = "Fuzz"\n', encoding="utf-8")
    (root / "content/parties.toml").write_text(PARTIES, encoding="utf-8")
    return root


def _imports(root: Path, file: Path, capsys) -> None:
    capsys.readouterr()
    code = main(["--root", str(root), "import", str(file), "--into", str(root / "content/imported")])
    err = capsys.readouterr().err
    assert code in (0, 1) and "unexpected" not in err, err


@FUZZ
@given(timeline=TIMELINES)
@example(timeline={"eras": True, "events": []})  # found by a 2,000-example campaign: eras that is not a list
def test_any_timelinejs_json_is_imported_or_refused_with_problems(timeline, capsys):
    with tempfile.TemporaryDirectory() as scratch:
        root = _site(Path(scratch))
        file = root / "old.json"
        file.write_text(json.dumps(timeline, ensure_ascii=False), encoding="utf-8")
        _imports(root, file, capsys)


@FUZZ
@given(rows=CSV_ROWS, separator=st.sampled_from([",", ";", "\t"]))
def test_any_timelinejs_spreadsheet_is_imported_or_refused_with_problems(rows, separator, capsys):
    header = ["Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time", "Display Date",
              "Headline", "Text", "Media", "Media Credit", "Media Caption", "Media Thumbnail", "Type", "Group"]
    with tempfile.TemporaryDirectory() as scratch:
        root = _site(Path(scratch))
        file = root / "old.csv"
        file.write_text("\n".join(separator.join(row) for row in [header, *rows]) + "\n", encoding="utf-8")
        _imports(root, file, capsys)


HTML_PIECES = st.sampled_from(["<html>", "<body>", "<p>", "</p>", "<article>", "<h1>Title</h1>", "<title>T</title>",
                               '<meta property="og:title" content="x">', '<html lang="ja">', "<script>x()</script>",
                               "The leaders of Northland and Southland agreed on a treaty after two years of talks.",
                               "首脳が国境条約で合意したと発表した。", "<!--", "-->", "<", "&amp;", "\x00", ""])


@FUZZ
@given(parts=st.lists(st.one_of(HTML_PIECES, WEIRD), max_size=30))
def test_any_saved_page_is_imported_or_refused_with_problems(parts, capsys):
    with tempfile.TemporaryDirectory() as scratch:
        root = _site(Path(scratch))
        file = root / "page.html"
        file.write_bytes("".join(parts).encode("utf-8", "surrogatepass"))
        capsys.readouterr()
        code = main(["--root", str(root), "import", str(file), "--name", "fuzzed"])
        err = capsys.readouterr().err
        assert code in (0, 1) and "unexpected" not in err, err
