"""Seeds and the quote check: normalisation, location and highlighting."""

from __future__ import annotations

from conftest import REPO, SEED
from generator.content.sources import Seed, load_seeds, normalise
from generator.core.errors import Problems


def test_normalise_folds_quotes_dashes_and_space():
    assert normalise("  \u201cA\u201d \u2014 it\u2019s\n\tfine\u00a0 ") == "\"A\" - it's fine"


def test_quote_is_found_despite_typography():
    seed = Seed("a.txt", "Head\n\nHe said \u201cit\u2019s   unprecedented\u201d \u2013 twice.\n")
    assert seed.find('"it\'s unprecedented" - twice') is not None
    assert seed.find("it's unprecedented!") is None
    assert seed.find("   ") is None


def test_quote_position_maps_back_to_the_original_text():
    seed = Seed("a.txt", "Head\n\nOne  two\nthree.")
    start, end = seed.find("two three")
    assert seed.text[start:end] == "two\nthree"


def test_paragraphs_mark_the_quoted_passages():
    seed = Seed("a.txt", "Headline\n\nFirst para, quoted bit here.\n\nSecond.\n")
    assert seed.title == "Headline"
    assert seed.paragraphs(["quoted bit"]) == [
        [("First para, ", False), ("quoted bit", True), (" here.", False)],
        [("Second.", False)],
    ]


def test_the_bundled_seed_is_the_shared_article_unchanged():
    problems = Problems()
    seeds = load_seeds(REPO, problems)
    assert not problems.items
    assert seeds[SEED].title.startswith("Kyiv to sign 'unprecedented' security deal")
    shared = REPO.parent / "shared" / "seeds" / SEED
    if shared.exists():  # beside the checkout for developers and CI
        assert (REPO / "seeds" / SEED).read_bytes() == shared.read_bytes()


def test_a_seed_that_is_not_utf8_is_reported(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "bad.txt").write_bytes(b"Title\n\ncaf\xe9")
    problems = Problems()
    assert load_seeds(tmp_path, problems) == {}
    assert [str(p) for p in problems.items] == [
        "seeds/bad.txt:3: not valid UTF-8 (byte 0xe9) (save the file as UTF-8)"]


def test_a_long_article_finds_what_a_plain_search_finds():
    """Past INDEX_FROM characters quotes are looked up in an index of the article's word
    boundaries; every quote (at a boundary, mid-word, across paragraphs, repeated, absent) must be
    found, or not, exactly as a search of the whole text would."""
    import random

    from generator.content.sources import INDEX_FROM

    rng = random.Random(7)
    words = "the a summit agreement signed leaders Ukraine’s “unprecedented” deal — talks 2024 item of".split()
    text = "Headline\n\n" + "\n\n".join(" ".join(rng.choice(words) for _ in range(30)) + "." for _ in range(700))
    seed = Seed("long.txt", text)
    assert len(normalise(text)) > INDEX_FROM
    quotes = [text[at:at + rng.randint(1, 150)] for at in (rng.randrange(len(text) - 200) for _ in range(1500))]
    quotes += ["Ukraine's \"unprecedented\" deal", "leaders  signed", "not in the article at all", "the"]
    plain = normalise(text)
    for quote in quotes:
        found, needle = seed.find(quote), normalise(quote)
        assert (found is None) == (not needle or needle not in plain), quote
        if found:
            assert normalise(text[found[0]:found[1]]) == needle, quote
