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
