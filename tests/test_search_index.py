"""The search index of our own (outputs/search_index.py): folding, stems, the pieces and their
encoding, the same bytes for the same records, and an edit that rewrites only the pieces it
touches. (Searching it in Chromium, in pieces as small as one form: tests/test_browser.py.)"""

from __future__ import annotations

import json

from generator.outputs import search_index
from generator.outputs.search_index import Index, fold, stemmer, term_file, words


def decoded(values: list[int]) -> dict[int, int]:
    """A postings list: event number -> weight."""
    found, event = {}, -1
    for value in values:
        event += value // 10
        found[event] = value % 10
    return found


def pieces(index: Index) -> dict[str, object]:
    return {path: json.loads(data) for path, data in index.files().items()}


def test_words_are_folded_as_the_browser_folds_them():
    assert fold("Zürich ÉTÉ") == "zurich ete"
    assert words("G7 summit in Apulia, 13–15 June") == ["g7", "summit", "in", "apulia", "13", "15", "june"]
    assert words("зобов’язання Вільнюсі") == ["зобов", "язання", "вільнюсі"]  # the apostrophe splits, both sides alike
    assert words("under_score") == ["under", "score"]


def test_stems_are_snowballs_where_it_has_the_language_and_none_elsewhere():
    english = stemmer("en-GB")
    assert english("signed") == english("signing") == english("sign") == "sign"
    assert stemmer("de")("vertrages") == stemmer("de")("vertrag")
    assert stemmer("uk") is None


def test_each_piece_says_what_the_browser_needs_and_no_more():
    index = Index("en")
    index.add([(5, "Leaders sign"), (1, "The leaders signed it.")], {"kind": ["summit"]}, {"url": "/a/"})
    index.add([(5, "Talks"), (1, "No signature.")], {"kind": ["summit", "talks"], "party": ["ukraine"]}, {"url": "/b/"})
    index.add([(5, "Signing day")], {}, {"url": "/c/"})
    found = pieces(index)
    table = found["index.json"]
    assert table["count"] == 3 and table["filters"] == {"kind": ["summit", "talks"], "party": ["ukraine"]}
    forms = dict(found["w/0.json"])
    assert forms["signed"] == forms["signing"] == forms["sign"]  # a form names its stem; the stem is a key too
    postings = found["s/0.json"]
    assert decoded(postings[forms["sign"]]) == {0: 6, 2: 5}  # title 5 + body 1; a title
    assert decoded(postings[forms["leaders"]]) == {0: 6}
    assert "ing" not in table["endings"]  # an ending seen once is no rule yet
    index.add([(1, "They talked, and talking went on.")], {}, {"url": "/d/"})
    assert {"ed", "ing"} <= set(pieces(index)["index.json"]["endings"])  # seen twice: signed, talked
    assert found["f/kind/summit.json"] == [1, 1]  # events 0 and 1, as gaps
    assert found["f/party/ukraine.json"] == [2]
    assert found["e/2.json"] == {"url": "/c/"}


def test_weights_stop_at_nine():
    index = Index("en")
    index.add([(5, "word word"), (3, "word")], {}, {})
    found = pieces(index)
    assert decoded(found["s/0.json"][dict(found["w/0.json"])["word"]]) == {0: 9}


def test_a_term_that_is_no_slug_gets_a_file_name_the_browser_can_make(tmp_path):
    assert term_file("air-defence") == "air-defence"
    assert term_file("ППО") == "x" + "ППО".encode().hex()
    assert term_file("A B") == "x" + b"A B".hex()
    index = Index("uk")
    index.add([(1, "x")], {"topics": ["ППО"]}, {})
    assert f"f/topics/x{'ППО'.encode().hex()}.json" in index.files()


def test_many_forms_and_long_lists_go_in_chunks_each_table_names(monkeypatch):
    monkeypatch.setattr(search_index, "FORMS_PER_CHUNK", 4)
    monkeypatch.setattr(search_index, "POSTINGS_BYTES", 40)
    index = Index("uk")  # no stemmer: every form its own stem
    vocabulary = [f"слово{n:02d}" for n in range(20)]
    for n in range(30):
        index.add([(1, " ".join(vocabulary[: 1 + n % 20]))], {}, {})
    found = pieces(index)
    table = found["index.json"]
    assert len(table["forms"]) == 5 and table["forms"] == sorted(table["forms"])
    for n, first in enumerate(table["forms"]):
        assert found[f"w/{n}.json"][0][0] == first
    assert len(table["stems"]) > 3 and table["stems"][0] == 0
    stems = [stem for n in range(len(table["forms"])) for _, stem in found[f"w/{n}.json"]]
    for stem in stems:  # every stem's list is in the chunk the table says, and lists its events
        chunk = max(n for n, first in enumerate(table["stems"]) if first <= stem)
        listed = decoded(found[f"s/{chunk}.json"][stem - table["stems"][chunk]])
        word = vocabulary[stems.index(stem)]
        assert set(listed) == {n for n in range(30) if vocabulary.index(word) <= n % 20}


def test_the_same_records_make_the_same_bytes_and_an_edit_rewrites_only_its_pieces(monkeypatch):
    monkeypatch.setattr(search_index, "FORMS_PER_CHUNK", 50)

    def made(edited: str) -> dict[str, bytes]:
        index = Index("en")
        for n in range(200):
            text = edited if n == 7 else f"event {n} about talks number{n} in city{n % 17}"
            index.add([(5, f"Title {n}"), (1, text)], {"kind": ["summit"]}, {"url": f"/e{n}/", "text": text})
        return index.files()

    first, again = made("event 7 about talks"), made("event 7 about talks")
    assert first == again
    edited = made("event 7 about talks and a treaty")
    changed = sorted(path for path in first.keys() | edited.keys() if first.get(path) != edited.get(path))
    assert "e/7.json" in changed and not any(path.startswith("e/") and path != "e/7.json" for path in changed)
    assert len(changed) < len(first) / 10
