"""Whole sites built from real Markdown: the bundled timeline, its links, and each page type."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import entries_in, entry, search_fragments


def site_files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}


def internal_targets(site: Path, base: str):
    """(page, url) for every href and src in every HTML page that stays on the site."""
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        page_url = base + page.relative_to(site).as_posix().removesuffix("index.html")
        for element in soup.find_all(href=True) + soup.find_all(src=True):
            url = element.get("href") or element.get("src")
            parts = urlsplit(urljoin(page_url, url))
            if not parts.scheme and not url.startswith("mailto:"):
                yield page, parts


def resolves(site: Path, base: str, parts) -> bool:
    assert parts.path.startswith(base), parts.path
    relative = parts.path[len(base):]
    target = site / relative
    if relative == "" or relative.endswith("/"):
        target = target / "index.html"
    if not target.is_file():
        return False
    if parts.fragment:
        soup = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
        return soup.find(id=parts.fragment) is not None
    return True


def test_bundled_content_passes_strict_check_and_builds(bundled):
    assert bundled.run("check", "--strict").code == 0
    result = bundled.run("build", "--strict")
    assert result.code == 0, result.err
    assert result.err == ""
    site = bundled.root / "_site"
    events = sorted(p.stem for p in entries_in(bundled.root / "content"))
    assert len(events) >= 7
    for slug in events:
        assert (site / "events" / slug / "index.html").is_file()
    for required in ("index.html", "404.html", ".nojekyll", "static/style.css", "kinds/index.html",
                     "parties/index.html", "tags/index.html", "years/index.html", "status/index.html",
                     "sources/index.html"):
        assert (site / required).is_file(), required


@pytest.mark.parametrize("base", ["/", "/project/"])
def test_every_internal_link_of_the_bundled_site_resolves(bundled, base):
    assert bundled.run("build", "--base-url", base).code == 0
    site = bundled.root / "_site"
    broken = [(page.relative_to(site).as_posix(), parts.geturl())
              for page, parts in internal_targets(site, base) if not resolves(site, base, parts)]
    assert broken == []


def test_the_timeline_page_lists_every_event_grouped_by_year(bundled):
    assert bundled.run("build").code == 0
    soup = bundled.html("index.html")
    assert len(soup.find_all("h1")) == 1
    years = [h.get_text(strip=True) for h in soup.select(".year-heading")]
    assert years == ["2024", "2023"]  # newest first, as configured
    cards = soup.select("li.event")
    assert len(cards) == len(entries_in(bundled.root / "content"))
    apulia = soup.find(id="g7-summit-2024-apulia")
    times = [(t["datetime"], t.get_text()) for t in apulia.select(".event-date time")]
    assert times == [("2024-06-13", "13"), ("2024-06-15", "15 June 2024")]
    pledge = soup.find(id="g7-pledge-vilnius-2023")
    assert [t["datetime"] for t in pledge.select("time")] == ["2023-07"]
    assert pledge.select_one(".event-date").get_text(strip=True) == "July 2023"


def test_an_event_page_has_body_sources_relations_and_neighbours(bundled):
    assert bundled.run("build").code == 0
    soup = bundled.html("events/ukraine-us-security-agreement-2024/index.html")
    assert soup.h1.get_text() == "Ukraine and the United States sign a bilateral security agreement"
    assert soup.title.get_text().startswith("Ukraine and the United States sign")
    assert "unprecedented" in soup.select_one(".prose").get_text()
    related = {dt.get_text(): [a["href"] for a in dt.find_next_siblings("dd")[:1][0].find_all("a")]
               for dt in soup.select(".related dt")}
    assert related["Signed at"] == ["/events/g7-summit-2024-apulia/"]
    assert related["Implements"] == ["/events/g7-pledge-vilnius-2023/"]
    quotes = [q.get_text() for q in soup.select(".sources blockquote")]
    assert any("unprecedented" in q for q in quotes)
    assert soup.select_one(".sources cite").find_parent("a")["href"] == "/sources/000_f58ab9d484ce5563/"
    assert soup.select_one(".pager a[rel=prev]") and soup.select_one(".pager a[rel=next]")


def test_relations_are_shown_from_both_sides(bundled):
    assert bundled.run("build").code == 0
    summit = bundled.html("events/g7-summit-2024-apulia/index.html")
    labels = {dt.get_text() for dt in summit.select(".related dt")}
    assert {"Signed here", "See also"} <= labels
    signed_here = summit.find("dt", string="Signed here")
    hrefs = [dd.a["href"] for dd in signed_here.find_next_siblings("dd")]
    assert "/events/ukraine-us-security-agreement-2024/" in hrefs
    pledge = bundled.html("events/g7-pledge-vilnius-2023/index.html")
    assert pledge.find("dt", string="Implemented by")


def test_taxonomy_pages(bundled):
    assert bundled.run("build").code == 0
    party = bundled.html("parties/japan/index.html")
    assert party.h1.get_text() == "Japan"
    assert [a["href"] for a in party.select("li.event .event-title a")] == [
        "/events/ukraine-japan-security-agreement-2024/"]
    kinds = bundled.html("kinds/index.html")
    assert "Summits" in [a.get_text() for a in kinds.select(".terms a")]
    year = bundled.html("years/2023/index.html")
    spans_2023 = {a["href"] for a in year.select(".event-title a")}
    assert "/events/bilateral-security-agreements-14-countries/" in spans_2023  # a span counts in each year
    assert bundled.html("status/signed/index.html").h1.get_text() == "Signed"
    assert bundled.html("tags/security/index.html").h1.get_text() == "security"


def test_source_page_highlights_every_quote_and_lists_citing_events(bundled):
    assert bundled.run("build").code == 0
    soup = bundled.html("sources/000_f58ab9d484ce5563/index.html")
    marks = " ".join(m.get_text() for m in soup.select(".article-text mark"))
    assert "Apulia, a southern region of Italy" in marks
    assert len(soup.select(".cited-by li")) == len(entries_in(bundled.root / "content"))


def test_404_uses_absolute_links_so_it_works_at_any_depth(bundled):
    assert bundled.run("build", "--base-url", "https://example.org/project/").code == 0
    soup = bundled.html("404.html")
    for element in soup.find_all(href=True):
        assert element["href"].startswith(("/project/", "#")), element


def test_drafts_are_left_out_unless_asked_for(project):
    project.write("content/draft-one.md", entry(draft="true", title="Still a draft", sources=None))
    assert project.build().code == 0
    assert not (project.root / "_site/events/draft-one").exists()
    assert project.build("--drafts").code == 0
    page = project.html("events/draft-one/index.html")
    assert page.select_one(".badge.draft").get_text() == "Draft"


def test_escaping_of_editor_text(project):
    project.write("content/japan-agreement.md",
                  entry(title='"<script>alert(1)</script> & co"', summary='"<b>bold</b>"'))
    assert project.build().code == 0
    html = (project.root / "_site/events/japan-agreement/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert "<b>bold</b>" not in html


def test_same_input_same_bytes(bundled, tmp_path):
    assert bundled.run("build", "--output", str(tmp_path / "one")).code == 0
    assert bundled.run("build", "--output", str(tmp_path / "two")).code == 0
    one, two = site_files(tmp_path / "one"), site_files(tmp_path / "two")
    assert one.keys() == two.keys()
    assert all(one[k].read_bytes() == two[k].read_bytes() for k in one)


def test_oldest_first_order(project):
    project.write("content/earlier.md", entry(date='"2023-07"', title="Earlier"))
    project.write("timeline.toml", '[site]\ntitle = "T"\norder = "oldest-first"\n')
    assert project.build().code == 0
    assert [h.get_text(strip=True) for h in project.html("index.html").select(".year-heading")] == ["2023", "2024"]


def test_month_event_is_not_shown_as_the_first(project):
    project.write("content/japan-agreement.md", entry(date='"2024-06"'))
    assert project.build().code == 0
    page = project.html("events/japan-agreement/index.html")
    time = page.select_one(".event-date time")
    assert (time["datetime"], time.get_text()) == ("2024-06", "June 2024")


def test_a_kind_chooses_its_shape_and_colour_once_for_cards_strip_and_filter(project):
    """A kind's mark is declared once (config/kinds.py, or [kinds.<name>] shape and colour): the
    cards' dots, the overview strip and the filter's results all draw it."""
    project.write("timeline.toml", '[site]\ntitle = "T"\n[kinds.treaty]\nstatuses = ["signed"]\nhappened = ["signed"]\n'
                                   'shape = "diamond"\ncolour = "#8a3ffc"\n[kinds.accord]\nstatuses = ["signed"]\n')
    project.write("content/treaty.md", entry(title="A treaty", kind="treaty"))
    project.write("content/accord.md", entry(title="An accord", kind="accord", date='"2024-05-02"'))
    assert project.build().code == 0
    page = project.html("index.html")
    dots = {li["id"]: li["class"] for li in page.select("li.event")}
    assert dots["treaty"] == ["event", "kind-treaty", "shape-diamond"]
    assert dots["accord"] == ["event", "kind-accord", "shape-down"]  # the first kind without one: the next shape
    assert dots["japan-agreement"] == ["event", "kind-agreement", "shape-square"]
    assert ".kind-treaty{--kind:#8a3ffc}" in page.find("style", string=lambda s: s and "--kind" in s).string
    legend = {li["class"][0]: li.find("svg").decode() for li in page.select(".legend li[class]")}
    assert "<polygon" in legend["kind-treaty"] and "<rect" in legend["kind-agreement"]

    records = search_fragments(project.root / "_site")  # the filter's cards: the same shapes
    assert {r["meta"]["kind"]: r["meta"]["shape"] for r in records.values()} == {
        "agreement": "square", "treaty": "diamond", "accord": "down"}


# -- suggesting a correction ([site] corrections) ------------------------------------------------------

def _correction_link(project, page: str):
    return project.html(page).select_one(".suggest-correction a")


@pytest.mark.parametrize("address, expected", [
    ("https://github.com/owner/name/issues/new?title=Correction: {title}&body={url}",
     {"title": ["Correction: Ukraine & Japan sign: 100% \"done\""],
      "body": ["https://news.example.org/timeline/events/japan-agreement/"]}),
    ("mailto:desk@example.org?subject=Correction to {title}&body=About {url}",
     {"subject": ["Correction to Ukraine & Japan sign: 100% \"done\""],
      "body": ["About https://news.example.org/timeline/events/japan-agreement/"]}),
])
def test_every_event_page_offers_a_correction_filled_in_with_its_title_and_address(project, address, expected):
    from urllib.parse import parse_qs, urlsplit
    project.write("timeline.toml", f'[site]\ntitle = "T"\nbase_url = "https://news.example.org/timeline/"\n'
                                   f'corrections = "{address.replace(chr(34), chr(92) + chr(34))}"\n')
    project.write("content/japan-agreement.md", entry(title="'Ukraine & Japan sign: 100% \"done\"'"))
    assert project.build().code == 0
    link = _correction_link(project, "events/japan-agreement/index.html")
    assert link.get_text() == "Suggest a correction"
    href = urlsplit(link["href"])
    assert f"{href.scheme}:" == address.split("//")[0].split("?")[0][:len(href.scheme) + 1]
    assert parse_qs(href.query) == expected  # every value decoded back whole: '&' and '%' did not leak
    assert " " not in link["href"]


def test_the_correction_link_is_in_the_page_language_and_absent_unless_set(project):
    assert project.build().code == 0
    assert _correction_link(project, "events/japan-agreement/index.html") is None
    project.write("timeline.toml", '[site]\ntitle = "T"\ncorrections = "mailto:desk@example.org?subject={title}"\n'
                                   '[languages.en]\n[languages.uk]\n')
    project.write("content/japan-agreement.uk.md", "---\ntitle: Україна і Японія підписали угоду\n---\n")
    assert project.build().code == 0
    link = _correction_link(project, "uk/events/japan-agreement/index.html")
    assert link.get_text() == "Запропонувати виправлення"
    from urllib.parse import unquote
    assert unquote(link["href"]) == "mailto:desk@example.org?subject=Україна і Японія підписали угоду"
    # no host in base_url: the page's address is the path
    (project.root / "content/japan-agreement.uk.md").unlink()
    project.write("timeline.toml", '[site]\ntitle = "T"\ncorrections = "mailto:d@example.org?body={url}"\n')
    assert project.build().code == 0
    assert _correction_link(project, "events/japan-agreement/index.html")["href"] == (
        "mailto:d@example.org?body=%2Fevents%2Fjapan-agreement%2F")
