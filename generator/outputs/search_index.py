"""Our full-text index, in pieces: made from one language's search records (outputs/search.py),
read by static/search.js, which fetches only the pieces a search needs and keeps them for the next.

Words are folded (lower case, accents dropped) and, where Snowball has the language, stemmed here
at build time; the browser never stems. It looks a word up among the forms the timeline's text
has (each form names its stem), and a form the text lacks by the stems it could be of: a stem the
word starts with, followed by an ending other forms of the language have shown ("signing" is
"sign" + "ing" when the text has "signed" and "talking"). So "signing" finds "signed" with no
stemmer in the browser, and no stemmer of its own could disagree with ours.

Under search/<language>/:
  index.json     the event count, the first form of each forms chunk and the first stem of each
                 postings chunk, the endings seen, the filters' terms
  w/<n>.json     [form, stem number] pairs, sorted by form
  s/<n>.json     the postings of consecutive stems: each a list of numbers, gap * 10 + weight
                 (gaps between event numbers; weight 1 to 9: more for a word in a title)
  f/<param>/<term>.json   the events of a filter's term, as gaps
  e/<n>.json     an event's card and text, fetched when its card is drawn
Event numbers are the timeline's order (oldest first), so a search with no words needs no sort.
"""

from __future__ import annotations

import json
import re
import unicodedata
from array import array
from collections import defaultdict
from functools import lru_cache
from typing import Callable, Iterable, Optional

FORMS_PER_CHUNK = 1500  # about 20 KB of forms
POSTINGS_BYTES = 24_000  # a postings chunk closes past this (one long list is a chunk of its own)
MOST_WEIGHT = 9
_WORD = re.compile(r"[^\W_]+")
_SAFE_TERM = re.compile(r"[a-z0-9][a-z0-9-]{0,80}")

# Snowball's stemmers, by the language's base code (snowballstemmer names them in English)
STEMMERS = {"ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "de": "german", "el": "greek",
            "en": "english", "es": "spanish", "et": "estonian", "eu": "basque", "fi": "finnish", "fr": "french",
            "ga": "irish", "hi": "hindi", "hu": "hungarian", "hy": "armenian", "id": "indonesian", "it": "italian",
            "lt": "lithuanian", "ne": "nepali", "nl": "dutch", "no": "norwegian", "nb": "norwegian", "pl": "polish",
            "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "sv": "swedish", "ta": "tamil",
            "tr": "turkish", "yi": "yiddish"}


def fold(text: str) -> str:
    """Lower case without accents, as static/search.js folds a query: 'Zürich' -> 'zurich'."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    return "".join(c for c in unicodedata.normalize("NFKD", lowered) if unicodedata.category(c) != "Mn")


def words(text: str) -> list[str]:
    """The folded words of a text, as static/search.js splits a query (each word folded once: a
    text's words repeat)."""
    return [word for token in _WORD.findall(text.lower()) for word in _folded(token)]


@lru_cache(maxsize=500_000)
def _folded(token: str) -> tuple[str, ...]:
    return (token,) if token.isascii() else tuple(_WORD.findall(fold(token)))


@lru_cache(maxsize=None)
def stemmer(language: str) -> Optional[Callable[[str], str]]:
    """The language's Snowball stemmer (a word folded and stemmed), or None: its words are matched
    as they are, and by their beginnings while typed."""
    name = STEMMERS.get(language.split("-")[0].lower())
    if name is None:
        return None
    import snowballstemmer

    stem = snowballstemmer.stemmer(name).stemWord
    return lru_cache(maxsize=200_000)(lambda word: fold(stem(word)))


def term_file(term: str) -> str:
    """A filter term's file name: the term when it is a plain slug, else its UTF-8 bytes in hex
    (static/search.js names it the same way)."""
    return term if _SAFE_TERM.fullmatch(term) else "x" + term.encode("utf-8").hex()


class Index:
    """The pieces of one language's index, built from its records in the timeline's order."""

    def __init__(self, language: str):
        self.stem = stemmer(language)
        self.forms: dict[str, str] = {}  # form -> stem
        # stem -> event * 10 + weight, events ascending (an array: 100,000 events have 15 million)
        self.postings: defaultdict[str, array] = defaultdict(lambda: array("q"))
        self.filters: defaultdict[str, defaultdict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        self.events: list[dict] = []

    def add(self, weighted: Iterable[tuple[int, str]], filters: dict[str, list[str]], shown: dict) -> None:
        """An event: its texts with their weights, its filters' terms, what its card shows."""
        number, weights, forms = len(self.events), {}, self.forms
        for weight, text in weighted:
            for form in words(text):
                stem = forms.get(form)
                if stem is None:
                    stem = forms[form] = self.stem(form) if self.stem and len(form) > 2 and form.isalpha() else form
                weights[stem] = weights.get(stem, 0) + weight
        for stem, weight in weights.items():
            self.postings[stem].append(number * 10 + (weight if weight < MOST_WEIGHT else MOST_WEIGHT))
        for param, terms in filters.items():
            for term in terms:
                self.filters[param][term].append(number)
        self.events.append(shown)

    def files(self) -> dict[str, bytes]:
        """Every piece, by its path under the language's folder."""
        stems = sorted(self.postings)
        number = {stem: n for n, stem in enumerate(stems)}
        files: dict[str, bytes] = {}
        form_starts = self._forms_chunks(files, number)
        stem_starts = self._postings_chunks(files, stems)
        for param, terms in self.filters.items():
            for term, events in terms.items():
                files[f"f/{param}/{term_file(term)}.json"] = _json(_gaps(events))
        for n, shown in enumerate(self.events):
            files[f"e/{n}.json"] = _json(shown)
        files["index.json"] = _json({
            "v": 1, "count": len(self.events), "forms": form_starts, "stems": stem_starts,
            "endings": self._endings(), "filters": {param: sorted(terms) for param, terms in self.filters.items()}})
        return files

    def _forms_chunks(self, files: dict[str, bytes], number: dict[str, int]) -> list[str]:
        """The forms and the stems themselves (a form the text lacks is looked up by its stem), each
        with its stem's number, in chunks."""
        keys = {stem: stem for stem in self.postings} | self.forms
        ordered = sorted(keys, key=lambda key: key.encode("utf-16-be"))  # as JavaScript compares strings
        starts = []
        for n, first in enumerate(range(0, len(ordered), FORMS_PER_CHUNK)):
            chunk = ordered[first:first + FORMS_PER_CHUNK]
            starts.append(chunk[0])
            files[f"w/{n}.json"] = _json([[key, number[keys[key]]] for key in chunk])
        return starts

    def _postings_chunks(self, files: dict[str, bytes], stems: list[str]) -> list[int]:
        starts, chunk, size = [], [], 0
        for n, stem in enumerate(stems):
            encoded, last = [], -1
            for value in self.postings[stem]:
                event = value // 10
                encoded.append((event - last) * 10 + value % 10)
                last = event
            if chunk and size + 4 * len(encoded) > POSTINGS_BYTES:
                files[f"s/{len(starts) - 1}.json"] = _json(chunk)
                chunk, size = [], 0
            if not chunk:
                starts.append(n)
            chunk.append(encoded)
            size += 4 * len(encoded)
        if chunk:
            files[f"s/{len(starts) - 1}.json"] = _json(chunk)
        return starts

    def _endings(self) -> list[str]:
        """The endings a stem took in this text ('s', 'ed', 'ing'...), those seen at least twice."""
        if self.stem is None:
            return []
        seen: defaultdict[str, int] = defaultdict(int)
        for form, stem in self.forms.items():
            if form != stem and form.startswith(stem) and len(form) - len(stem) <= 6:
                seen[form[len(stem):]] += 1
        return sorted(ending for ending, count in seen.items() if count > 1)


def _gaps(numbers: list[int]) -> list[int]:
    found, last = [], -1
    for number in numbers:
        found.append(number - last)
        last = number
    return found


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
