"""`timeline import`: saved news pages -> an article in seeds/ with its sidecar; TimelineJS3
timelines (JSON and the spreadsheet's CSV) -> draft entries. Real pages as news sites serve them
(navigation, ads, bylines, comments, JSON-LD and Open Graph), and timelines with their quirks."""

from __future__ import annotations

import csv
import gzip
import io
import os
import tomllib
from pathlib import Path

import pytest

from conftest import dedent

NEWS_PAGE = """\
<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Leaders agree on border treaty | The Example Herald</title>
<link rel="canonical" href="https://herald.example/world/2024/06/12/leaders-agree-border-treaty">
<meta property="og:title" content="Leaders agree on border treaty">
<meta property="og:site_name" content="The Example Herald">
<meta property="og:type" content="article">
<meta name="author" content="Jane Correspondent">
<meta property="article:published_time" content="2024-06-12T09:30:00+02:00">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"Leaders agree on border treaty","datePublished":"2024-06-12T09:30:00+02:00",
"author":[{"@type":"Person","name":"Jane Correspondent"}],
"publisher":{"@type":"Organization","name":"The Example Herald"}}</script>
<script>window.dataLayer = []; function track() {}</script>
</head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/subscribe">Subscribe now for full access</a></li></ul></nav></header>
<div class="ad" id="ad-top">ADVERTISEMENT: Buy the best shoes today at ShoeMart, 50% off everything</div>
<main><article>
<h1>Leaders agree on border treaty</h1>
<p class="byline">By Jane Correspondent, 12 June 2024</p>
<p>The leaders of Northland and Southland agreed on Tuesday to sign a treaty settling their shared border, ending a
dispute that has lasted for decades, officials said.</p>
<p>The treaty will be signed at a summit in Example City on June 20, according to a statement from the Northland
foreign ministry. Both parliaments must then ratify it before the end of the year.</p>
<aside class="related"><h3>Read more</h3><ul><li><a href="/a">Ten things about borders</a></li></ul></aside>
<p>"This is a historic day for both our peoples," said the Northland president, who has pushed for the deal since
taking office in 2021.</p>
<p>Negotiators met eleven times over the past two years, most recently in Geneva in May 2024, where the final text
was agreed.</p>
</article>
<section class="comments"><h2>Comments</h2>
<div class="comment"><p>Great news, finally! I always said this would happen. Posted by reader123</p></div>
</section></main>
<footer><p>&copy; 2024 The Example Herald. All rights reserved. Privacy policy. Cookie settings.</p></footer>
</body>
</html>
"""

GERMAN_PAGE = """\
<html lang="de"><head><meta charset="utf-8"><title>Gipfel in Rom</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Gipfel in Rom",
"datePublished":"2023-07","author":{"@type":"Person","name":"Max Muster"}}</script></head>
<body><div id="cookie-banner">Wir verwenden Cookies. Akzeptieren?</div>
<article><h1>Gipfel in Rom</h1>
<p>Die Staats- und Regierungschefs trafen sich am Montag in Rom, um über die Sicherheit in Europa zu beraten und
eine gemeinsame Erklärung vorzubereiten.</p>
<p>Die Erklärung soll im Herbst unterzeichnet werden, sagte ein Sprecher der Regierung am Rande des Treffens.</p>
</article></body></html>
"""


def test_a_saved_news_page_becomes_an_article_and_its_sidecar(project):
    project.write("saved/herald.html", NEWS_PAGE)
    result = project.run("import", str(project.root / "saved/herald.html"))
    assert result.code == 0, result.err
    assert result.out.split() == [f"{_rel(project)}/seeds/leaders-agree-on-border-treaty.txt",
                                  f"{_rel(project)}/seeds/leaders-agree-on-border-treaty.toml"]
    text = (project.root / "seeds/leaders-agree-on-border-treaty.txt").read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    assert paragraphs[0] == "Leaders agree on border treaty"
    assert paragraphs[1].startswith("The leaders of Northland and Southland agreed on Tuesday")
    assert paragraphs[-1] == ("Negotiators met eleven times over the past two years, most recently in Geneva in May "
                              "2024, where the final text was agreed.\n")
    for noise in ("Subscribe", "ShoeMart", "reader123", "Cookie", "By Jane Correspondent", "Ten things", "dataLayer"):
        assert noise not in text
    assert (project.root / "seeds/leaders-agree-on-border-treaty.toml").read_text(encoding="utf-8") == dedent('''
        # Written by timeline import from the saved page; check it against the page.
        title = "Leaders agree on border treaty"
        publisher = "The Example Herald"
        url = "https://herald.example/world/2024/06/12/leaders-agree-border-treaty"
        published = "2024-06-12"
        author = "Jane Correspondent"
        language = "en-GB"
        republish = "quotes"  # "full" only if the license allows republishing the whole text
        ''')
    # an entry can cite it at once, and the site shows its metadata
    project.write("content/treaty.md", dedent('''
        ---
        title: Northland and Southland agree on a border treaty
        date: "2024-06-11"
        kind: agreement
        status: agreed
        parties: [ukraine]
        summary: One sentence.
        sources:
          - seed: leaders-agree-on-border-treaty.txt
            quote: "agreed on Tuesday to sign a treaty settling their shared border"
        ---
        '''))
    assert project.build().code == 0
    cite = project.html("events/treaty/index.html").select_one(".sources .cite")
    assert "Jane Correspondent, The Example Herald, 12 June 2024" in " ".join(cite.get_text().split())


def _rel(project) -> str:
    return os.path.relpath(project.root)


def test_url_names_the_page_when_it_does_not_and_missing_metadata_is_said(project):
    project.write("saved/gipfel.html", GERMAN_PAGE)
    result = project.run("import", str(project.root / "saved/gipfel.html"), "--url", "https://zeitung.example/gipfel")
    assert result.code == 0, result.err
    sidecar = (project.root / "seeds/gipfel-in-rom.toml").read_text(encoding="utf-8")
    assert 'url = "https://zeitung.example/gipfel"' in sidecar
    assert 'language = "de"' in sidecar
    assert 'author = "Max Muster"' in sidecar
    assert "publisher" not in sidecar
    assert "the page does not say its publisher" in result.err
    assert "Cookies" not in (project.root / "seeds/gipfel-in-rom.txt").read_text(encoding="utf-8")


PAGE_CASES = {
    "not HTML": (b"just some notes\nabout a summit\n", "saved/x.html:1: is not an HTML page (no <html>, <body> or "
                                                       "<p> in it) (save the page from the browser as 'Web page, HTML "
                                                       "only')"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "saved/x.html:1: is not an HTML page"),
    "no article": (b"<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>",
                   "saved/x.html:1: has no article text that could be found"),
}


@pytest.mark.parametrize("data, message", PAGE_CASES.values(), ids=PAGE_CASES.keys())
def test_a_page_that_is_not_an_article_is_refused_and_nothing_is_written(project, data, message, monkeypatch):
    monkeypatch.chdir(project.root)
    project.write("saved/x.html", data)
    before = sorted(p.name for p in (project.root / "seeds").iterdir())
    result = project.run("import", "saved/x.html")
    assert result.code == 1
    assert result.err.splitlines()[0].startswith(message), result.err
    assert sorted(p.name for p in (project.root / "seeds").iterdir()) == before


def test_import_never_overwrites_and_writes_both_files_or_neither(project):
    project.write("saved/herald.html", NEWS_PAGE)
    project.write("seeds/leaders-agree-on-border-treaty.toml", "# mine\n")
    result = project.run("import", str(project.root / "saved/herald.html"), "--name", "leaders-agree-on-border-treaty")
    assert result.code == 1
    assert "already exists; nothing was written" in result.err
    assert not (project.root / "seeds/leaders-agree-on-border-treaty.txt").exists()
    assert (project.root / "seeds/leaders-agree-on-border-treaty.toml").read_text() == "# mine\n"
    # without --name, a free name is chosen
    assert project.run("import", str(project.root / "saved/herald.html")).code == 0
    assert (project.root / "seeds/leaders-agree-on-border-treaty-2.txt").exists()


# -- TimelineJS ----------------------------------------------------------------------------------

TIMELINE_JSON = """\
{
  "title": {"text": {"headline": "Our <b>border</b> story", "text": "<p>Decades of talks</p>"}},
  "eras": [{"start_date": {"year": "2019"}, "end_date": {"year": "2021"}, "text": {"headline": "The long talks"}}],
  "events": [
    {
      "start_date": {"year": "2019", "month": "", "day": ""},
      "text": {"headline": "Talks begin", "text": "<p>Negotiators met in <a href=\\"https://example.org/geneva\\">Geneva</a>.<br>It was <i>cold</i> &amp; *windy*.</p><ul><li>one</li><li>two</li></ul>"},
      "group": "Meeting"
    },
    {
      "start_date": {"year": 2021, "month": 6, "day": 13, "display_date": "Mid-June 2021"},
      "end_date": {"year": 2021, "month": 6, "day": 15},
      "text": {"headline": "Summit &amp; treaty <script>alert(1)</script>", "text": "<script>alert(2)</script>"},
      "media": {"url": "https://video.example/watch?v=abc", "credit": "Herald TV", "caption": "The signing"},
      "group": "Border"
    },
    {
      "start_date": {"year": "2022", "month": "3"},
      "display_date": "Spring 2022",
      "text": {"headline": "", "text": "<p>Ratification in both parliaments after a long debate</p>"}
    }
  ]
}
"""


def test_a_timelinejs_json_timeline_becomes_drafts_that_pass_check(project):
    project.write("old/timeline.json", TIMELINE_JSON)
    result = project.run("import", str(project.root / "old/timeline.json"))
    assert result.code == 0, result.err
    assert "title slide: 'Our border story' (not an event; not imported)" in result.err
    assert "1 era added to timeline.toml as [[eras]]" in result.err
    eras = tomllib.loads((project.root / "timeline.toml").read_text(encoding="utf-8"))["eras"]
    assert eras == [{"title": "The long talks", "start": "2019", "end": "2021"}]
    names = sorted(p.name for p in (project.root / "content").glob("*.md"))
    assert names == ["japan-agreement.md", "ratification-in-both-parliaments-after-a.md", "summit-treaty.md",
                     "talks-begin.md"]
    assert (project.root / "content/talks-begin.md").read_text(encoding="utf-8") == dedent('''
        ---
        title: "Talks begin"
        date: "2019"
        kind: meeting
        parties: []
        tags: []
        sources: []
        draft: true
        ---

        Negotiators met in [Geneva](https://example.org/geneva).  
        It was *cold* & \\*windy\\*.


        - one
        - two
        ''')  # noqa: W291 (the Markdown line break)
    summit = (project.root / "content/summit-treaty.md").read_text(encoding="utf-8")
    assert 'title: "Summit & treaty"\ndate: "2021-06-13"\nend: "2021-06-15"\nkind: announcement\n' in summit
    assert 'tags: ["Border"]' in summit
    assert "[The signing](https://video.example/watch?v=abc) (credit: Herald TV)" in summit
    assert '*Shown as "Mid-June 2021" in the imported timeline.*' in summit
    assert "alert" not in summit
    ratification = (project.root / "content/ratification-in-both-parliaments-after-a.md").read_text(encoding="utf-8")
    assert 'date: "2022-03"' in ratification and "Spring 2022" in ratification
    assert project.check("--drafts").code == 0
    assert project.build("--drafts").code == 0
    body = project.html("events/talks-begin/index.html").select_one(".prose")
    assert body.select_one("a")["href"] == "https://example.org/geneva"
    assert body.select_one("em").get_text() == "cold"


TIMELINE_CSV = """\
Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background
,,,,,,,,,Our border story,<p>Decades of talks</p>,,,,,title,,
2019,,,,2021,,,,,The long talks,,,,,,era,,
2019,5,,,,,,,,Talks begin,"<p>First round, in <b>Geneva</b></p>",,,,,,summit,
2021,06,13,10:00,2021,06,15,,Mid-June,Summit and treaty,,https://photos.example/1.jpg,Jane Doe,Leaders sign,,,Border,
,,,,,,,,,,,,,,,,,
2022,,,,,,,,,Ratified,<p>Both parliaments vote yes</p>,,,,,,,
"""


def test_a_timelinejs_spreadsheet_csv_becomes_drafts(project):
    project.write("old/timeline.csv", TIMELINE_CSV)
    result = project.run("import", str(project.root / "old/timeline.csv"), "--into", str(project.root / "content/old"),
                         "--kind", "Meeting")
    assert result.code == 0, result.err
    assert "title row at line 2: Our border story (not imported)" in result.err
    assert "1 era added to timeline.toml as [[eras]]" in result.err
    assert tomllib.loads((project.root / "timeline.toml").read_text(encoding="utf-8"))["eras"] == [
        {"title": "The long talks", "start": "2019", "end": "2021"}]
    folder = project.root / "content/old"
    assert sorted(p.name for p in folder.glob("*.md")) == ["ratified.md", "summit-and-treaty.md", "talks-begin.md"]
    talks = (folder / "talks-begin.md").read_text(encoding="utf-8")
    assert 'date: "2019-05"\nkind: summit\n' in talks and "First round, in **Geneva**" in talks
    summit = (folder / "summit-and-treaty.md").read_text(encoding="utf-8")
    assert 'date: "2021-06-13"\nend: "2021-06-15"\nkind: meeting\n' in summit
    assert "[Leaders sign](https://photos.example/1.jpg) (credit: Jane Doe)" in summit
    assert 'date: "2022"\n' in (folder / "ratified.md").read_text(encoding="utf-8")
    assert project.check("--drafts").code == 0


TIMELINE_CASES = {
    "invalid JSON": ('{"events": [\n  {"start_date": {"year": 2019},}\n]}',
                     "old/t.json:2: invalid JSON: Expecting property name enclosed in double quotes"),
    "no events": ('{"title": {}}', 'old/t.json:1: not a TimelineJS timeline: it needs an "events" list'),
    "no year": ('{"events": [\n {"start_date": {"year": 2019}, "text": {"headline": "A"}},\n'
                ' {"start_date": {"month": 5}, "text": {"headline": "B"}}\n]}',
                "old/t.json:3: start_date.year: missing (TimelineJS needs a year on every slide)"),
    "month 13": ('{"events": [{"start_date": {"year": 2019, "month": 13}, "text": {"headline": "A"}}]}',
                 "old/t.json:1: start_date: month must be 01 to 12, got '2019-13'"),
    "day without month": ('{"events": [{"start_date": {"year": 2019, "day": 3}, "text": {"headline": "A"}}]}',
                          "old/t.json:1: start_date.day: a day without a month"),
    "before year 1": ('{"events": [{"start_date": {"year": -500}, "text": {"headline": "A"}}]}',
                      "old/t.json:1: start_date: expected whole numbers, got -500 (years before 1 and times of day "
                      "are not supported)"),
    "end before start": ('{"events": [{"start_date": {"year": 2020}, "end_date": {"year": 2019}, '
                         '"text": {"headline": "A"}}]}', "old/t.json:1: end_date: 2019 is before the start 2020"),
    "nothing to title it": ('{"events": [{"start_date": {"year": 2020}, "text": {"headline": "", "text": ""}}]}',
                            "old/t.json:1: headline: a slide with neither headline nor text (give it a headline, "
                            "or remove it)"),
}


@pytest.mark.parametrize("text, message", TIMELINE_CASES.values(), ids=TIMELINE_CASES.keys())
def test_a_bad_timeline_is_a_file_line_error_and_nothing_is_written(project, text, message, monkeypatch):
    monkeypatch.chdir(project.root)
    project.write("old/t.json", text)
    result = project.run("import", "old/t.json")
    assert result.code == 1
    assert message in result.err.splitlines(), result.err
    assert sorted(p.name for p in (project.root / "content").iterdir()) == ["japan-agreement.md", "parties.toml"]


def test_a_csv_that_is_not_a_timelinejs_sheet_is_refused(project, monkeypatch):
    monkeypatch.chdir(project.root)
    project.write("old/t.csv", "name,when\nA,2019\n")
    result = project.run("import", "old/t.csv")
    assert result.code == 1
    assert ("old/t.csv:1: not a TimelineJS spreadsheet: no Year or Headline column (export the sheet of the "
            "TimelineJS template as CSV)") in result.err.splitlines()


def test_import_of_a_file_of_unknown_kind_is_a_usage_error(project, monkeypatch):
    monkeypatch.chdir(project.root)
    project.write("old/notes.txt", "2019: talks began\n")
    result = project.run("import", "old/notes.txt")
    assert result.code == 2
    assert "cannot tell what this is" in result.err


def test_a_spreadsheet_saved_with_semicolons_imports_the_same(project):
    """Excel saves CSV with ';' where the decimal mark is a comma (much of Europe)."""
    semicolons = "\n".join(";".join(row) for row in csv.reader(io.StringIO(TIMELINE_CSV)))
    project.write("old/timeline.csv", semicolons + "\n")
    result = project.run("import", str(project.root / "old/timeline.csv"), "--into", str(project.root / "content/old"))
    assert result.code == 0, result.err
    assert sorted(p.name for p in (project.root / "content/old").glob("*.md")) == [
        "ratified.md", "summit-and-treaty.md", "talks-begin.md"]


JAPANESE_PAGE = """<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>首脳が国境条約で合意</title>
<meta property="og:site_name" content="例新聞"></head><body><header><nav><a href="/">ホーム</a></nav></header>
<article><h1>首脳が国境条約で合意</h1>
<p>北国と南国の首脳は火曜日、二年間にわたる交渉の末、国境線を確定する条約に合意したと発表した。両国の外相は来月にも署名する見通しだ。</p>
<p>交渉はジュネーブで十一回行われ、最終的な文言は五月に合意された。議会の承認が必要となるため、発効は来年以降になるとみられる。</p>
<p>両国の首脳は共同記者会見で、条約が地域の安定に寄与すると強調した。国境付近の住民の間では歓迎の声が広がっている。</p>
</article><footer>© 例新聞</footer></body></html>"""


def test_a_page_in_a_language_written_without_spaces_is_an_article(project):
    project.write("saved/ja.html", JAPANESE_PAGE)
    result = project.run("import", str(project.root / "saved/ja.html"), "--name", "japanese")
    assert result.code == 0, result.err
    text = (project.root / "seeds/japanese.txt").read_text(encoding="utf-8")
    assert "国境線を確定する条約に合意" in text
    assert 'language = "ja"' in (project.root / "seeds/japanese.toml").read_text(encoding="utf-8")


def test_a_big_saved_page_is_read_and_one_too_big_is_refused_saying_why(project):
    """A page saved with its pictures inlined passes the extractor's own 20 MB limit."""
    picture = "<img alt='' src='data:image/png;base64," + "A" * 24_000_000 + "'>"
    project.write("saved/big.html", NEWS_PAGE.replace("</body>", picture + "</body>"))
    result = project.run("import", str(project.root / "saved/big.html"), "--name", "big")
    assert result.code == 0, result.err
    assert "The leaders of Northland and Southland" in (project.root / "seeds/big.txt").read_text(encoding="utf-8")
    project.write("saved/huge.html", NEWS_PAGE.replace("</body>", picture * 3 + "</body>"))
    result = project.run("import", str(project.root / "saved/huge.html"), "--name", "huge")
    assert result.code == 1
    assert "saved/huge.html:1: is 72 MB; pages up to 60 MB are read" in result.err
    assert not (project.root / "seeds/huge.txt").exists()


# -- the headline (and date, author, publisher) the page agrees on, with real saved pages --------------

PAGES = Path(__file__).parent / "pages"


def import_real(project, sha: str):
    page = next(PAGES.glob(f"{sha}*.html.gz"))
    project.write(f"saved/{sha}.html", gzip.decompress(page.read_bytes()))
    result = project.run("import", str(project.root / f"saved/{sha}.html"), "--name", sha)
    assert result.code == 0, result.err
    return result, tomllib.loads((project.root / f"seeds/{sha}.toml").read_text(encoding="utf-8")), (
        project.root / f"seeds/{sha}.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("sha, title", [
    ("20b2b64916b0", "Black Friday per nostalgici: le occasioni da non perdere"),  # it: every place agrees
    # de: the headline's own dash is not a site's name
    ("57b4dafd18cf", "Die elektronische Patientenakte (ePA) \u2013 der lange Marsch ins Digitale Gesundheitswesen"),
])
def test_a_page_that_agrees_with_itself_gives_its_headline_without_a_word(project, sha, title):
    result, sidecar, _ = import_real(project, sha)
    assert sidecar["title"] == title
    assert "disagrees" not in result.err


def test_the_extractor_s_pick_is_outvoted_by_the_page_and_the_editor_is_told(project):
    """LinkNaija's pages: the extractor takes the site's slogan with the headline; the JSON-LD,
    og:title, the <h1> and the <title> agree on the headline alone."""
    result, sidecar, text = import_real(project, "34a7328535ad")
    headline = "Nollywood Actress, Kate Henshaw Is Looking Stunning In New Photos"
    assert sidecar["title"] == headline
    assert (f"saved/34a7328535ad.html: warning: title: the page disagrees with itself: took \"{headline}\" "
            "(JSON-LD headline, og:title, the page's <h1>, <title>); it also gives \"LinkNaija | Nigeria's popular "
            f"news platform: {headline}\" (the extractor's pick) (check the sidecar against the page)\n") in (
        result.err), result.err
    assert f"# the page also gives: \"LinkNaija | Nigeria's popular news platform: {headline}\"" in text


def test_a_section_heading_in_the_only_h1_is_outvoted(project):
    """An Indonesian page whose only <h1> is its section's name, "Kabar tentang Dunia Islam"."""
    result, sidecar, _ = import_real(project, "7837c9d66c81")
    assert sidecar["title"] == "Sejarah Pecahnya Islam jadi Sunni dan Syi\u2019ah"
    assert "\"Kabar tentang Dunia Islam\" (the page's <h1>)" in result.err


def test_facts_vote_by_place_and_names_stay_as_the_page_writes_them():
    from generator.authoring.page_facts import Reading, agreed, as_the_page_writes, day_of

    dates = agreed([Reading("JSON-LD datePublished", "2024-06-12T09:00:00+02:00"),
                    Reading("article:published_time", "2024-06-12"), Reading("the extractor's pick", "2024-06-11")],
                   same=day_of)
    assert dates.value.startswith("2024-06-12") and [r.value for r in dates.others] == ["2024-06-11"]
    tie = agreed([Reading("JSON-LD headline", "A"), Reading("og:title", "B")])
    assert tie.value == "A" and tie.unsure  # a tie goes to the more specific place, and is still said
    authors = (Reading("the extractor's pick", "JANE DOE"), Reading("<meta name=author>", "Jane Doe"),
               Reading("JSON-LD author", "JANE DOE"))
    assert as_the_page_writes(agreed(authors)) == "Jane Doe"
    capitals = (Reading("JSON-LD author", "AFP"), Reading("the extractor's pick", "AFP"))
    assert as_the_page_writes(agreed(capitals)) == "AFP"  # the page writes it so everywhere


def test_an_author_in_capitals_is_written_as_the_page_writes_it_elsewhere(project):
    paragraph = "<p>" + "The leaders met in Example City and agreed on the border at last, officials said. " * 4 + "</p>"
    page = ('<html lang="en"><head><meta charset="utf-8"><title>Leaders agree on the border</title>'
            '<meta name="author" content="Jane Doe">'
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Leaders agree on the border", '
            '"author": {"@type": "Person", "name": "JANE DOE"}}</script></head><body><article>'
            f"<h1>Leaders agree on the border</h1>{paragraph}{paragraph}</article></body></html>")
    project.write("saved/capitals.html", page)
    assert project.run("import", str(project.root / "saved/capitals.html"), "--name", "capitals").code == 0
    assert 'author = "Jane Doe"' in (project.root / "seeds/capitals.toml").read_text(encoding="utf-8")
