"""`timeline import PAGE.html`: a saved web page -> seeds/<slug>.txt (the headline, then the
article's paragraphs) and its sidecar seeds/<slug>.toml (title, publisher, author, published,
canonical address, language).

The article is found by trafilatura, the reference extractor for news pages (it leaves out
navigation, ads, bylines and comments, and reads JSON-LD, Open Graph and meta tags for the
metadata). Dates come only from what the page declares (no guessing from its text or address),
so a sidecar never says more than the page does.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Optional

from ..config import Config
from ..content.articles import LANGUAGE_TAG, read_sidecar
from ..core.dates import parse_partial_date
from ..core.errors import ContentError, Problem, Problems, UsageError
from ..urls import is_web_address
from .drafts import MAX_SLUG, quoted, shown_paths, slug_for, write_all
from .page_facts import Agreed, PageFacts, agreed, as_the_page_writes, day_of, page_facts

_HTML = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|article|main|p|div)\b", re.I)
_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z0-9-]+)", re.I)
MIN_TEXT = 200  # characters (_size): less is a menu, a caption or a teaser, not an article
MAX_PAGE = 60_000_000  # bytes: a saved page with its pictures inlined runs to tens of megabytes
# Scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Myanmar, Khmer): a
# paragraph's words are counted from its characters there (about two to a word)
_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def import_page(config: Config, page: Path, shown_as: str, url: str = "", name: str = "",
                say: Callable[[str], None] = lambda line: None) -> list[Path]:
    """Write the article and its sidecar into seeds/; return their paths."""
    data = page.read_bytes()
    if len(data) > MAX_PAGE:
        _refuse(shown_as, f"is {len(data) / 1e6:.0f} MB; pages up to {MAX_PAGE // 10**6} MB are read",
                "save the page from the browser as 'Web page, HTML only' (without its pictures)")
    if not _HTML.search(data[:200_000]):
        _refuse(shown_as, "is not an HTML page (no <html>, <body> or <p> in it)",
                "save the page from the browser as 'Web page, HTML only'")
    document = _extract(data)
    paragraphs = _paragraphs(document.text if document else "", document.title if document else "")
    if sum(map(_size, paragraphs)) < MIN_TEXT or not any(_words(p) >= 8 for p in paragraphs):
        _refuse(shown_as, "has no article text that could be found (a front page, a gallery or a page that "
                "needs scripts?)", "save the article's own page, or copy its text into seeds/ by hand")
    if url and not is_web_address(url):
        raise ContentError([Problem("--url", 0, "", f"expected an http(s) address, got '{url}'")])
    facts = _agreed_facts(page_facts(data, document), shown_as, say)
    title = facts["title"].value or " ".join(paragraphs[0].split())
    meta = _metadata(document, facts, title, url or document.url or "", _language(data), say)
    folder = config.seeds_dir
    taken = {path.stem.casefold() for path in folder.iterdir()} if folder.is_dir() else set()
    stem = name or slug_for(title, taken)
    if len(stem) > MAX_SLUG:  # (a file system refuses a name past 255 bytes, after half the work)
        raise UsageError(f"--name: at most {MAX_SLUG} characters, got {len(stem)}")
    files = {folder / f"{stem}.txt": title + "\n\n" + "\n\n".join(paragraphs) + "\n",
             folder / f"{stem}.toml": meta}
    write_all(config, files, shown_paths(files, config.root))
    _check_written(folder / f"{stem}.toml", config)
    say(f"{len(paragraphs)} paragraph{'' if len(paragraphs) == 1 else 's'}; republish = \"quotes\": the site "
        "will show only the passages entries quote")
    return list(files)


def _refuse(shown_as: str, message: str, hint: str = "") -> None:
    raise ContentError([Problem(shown_as, 1, "", message, hint)])


def _words(paragraph: str) -> int:
    return len(paragraph.split()) + len(_UNSPACED.findall(paragraph)) // 2


def _size(paragraph: str) -> int:
    """Its length in characters, a character of those scripts counting as three (as much is said in
    a third of the characters)."""
    return len(paragraph) + 2 * len(_UNSPACED.findall(paragraph))


def _extract(data: bytes):
    import trafilatura  # loaded only to import a page: it takes a while
    from trafilatura.settings import use_config

    settings = use_config()  # its own limit (20 MB) would make a big saved page "no article text"
    settings.set("DEFAULT", "MAX_FILE_SIZE", str(MAX_PAGE))
    return trafilatura.bare_extraction(data, with_metadata=True, include_comments=False, include_tables=False,
                                       include_images=False, favor_precision=True, config=settings,
                                       date_extraction_params={"extensive_search": False, "original_date": True})


def _paragraphs(text: str, title: str) -> list[str]:
    paragraphs = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    if paragraphs and title and paragraphs[0] == " ".join(title.split()):
        paragraphs = paragraphs[1:]  # the headline, which the file's first line already holds
    return paragraphs


def _language(data: bytes) -> str:
    match = _LANG.search(data[:20_000].decode("utf-8", "replace"))
    return match.group(1) if match and LANGUAGE_TAG.fullmatch(match.group(1)) else ""


def _agreed_facts(facts: PageFacts, shown_as: str, say: Callable[[str], None]) -> dict[str, Agreed]:
    """Each fact as most places of the page give it; a warning naming the others when they differ."""
    found = {"title": agreed(facts.headline), "published": agreed(facts.published, same=day_of),
             "author": agreed(facts.author), "publisher": agreed(facts.publisher)}
    for key, fact in found.items():
        if fact.unsure:
            say(str(Problem(shown_as, 0, key, f"the page disagrees with itself: took \"{fact.value}\" "
                            f"({', '.join(fact.places)}); it also gives {fact.alternatives()}",
                            "check the sidecar against the page", warning=True)))
    return found


def _metadata(document, facts: dict[str, Agreed], title: str, url: str, language: str,
              say: Callable[[str], None]) -> str:
    """The sidecar's text: what the page declares, each line only when it declares it (with what
    else the page gives, in a comment, where its places disagree)."""
    lines = ["# Written by timeline import from the saved page; check it against the page."]

    def add(key: str, line: str) -> None:
        fact = facts.get(key)
        if fact is not None and fact.unsure:
            lines.append(f"# the page also gives: {fact.alternatives()}")
        lines.append(line)

    add("title", f"title = {quoted(title)}")
    publisher = facts["publisher"].value
    if publisher:
        add("publisher", f"publisher = {quoted(publisher)}")
    if url and is_web_address(url):
        lines.append(f"url = {quoted(url)}")
    published = _published(facts["published"].value)
    if published:
        add("published", f'published = "{published}"')
    author = as_the_page_writes(facts["author"])
    if author:
        add("author", f"author = {quoted(author)}")
    if language:
        lines.append(f'language = "{language}"')
    if document.license:
        lines.append(f"license = {quoted(' '.join(document.license.split()))}")
    lines.append('republish = "quotes"  # "full" only if the license allows republishing the whole text')
    missing = [key for key, value in (("publisher", publisher), ("url", url), ("published", published),
                                      ("author", author)) if not value]
    if missing:
        say(f"the page does not say its {', '.join(missing)}: add {'it' if len(missing) == 1 else 'them'} to the "
            "sidecar if you know")
    return "\n".join(lines) + "\n"


def _published(value: str) -> Optional[str]:
    try:
        return parse_partial_date(value[:10]).iso() if value else None
    except ValueError:
        return None


def _check_written(sidecar: Path, config: Config) -> None:
    """What we wrote must read back: a bug here should not surface at the next build."""
    problems = Problems()
    read_sidecar(sidecar, sidecar.relative_to(config.root).as_posix(), problems)
    assert not problems.items, problems.items
