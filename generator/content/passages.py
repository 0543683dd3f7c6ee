"""Passages of an article: its sentences, the excerpts a quotes-only source page shows (each
quoted passage with the sentence around it), and the passage nearest to a quote that does not
occur, so an editor can see what the article says and copy it.

Works on plain article text; no Jinja, no files.
"""

from __future__ import annotations

import bisect
import difflib
import heapq
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence

Spans = Sequence[tuple[int, int]]

# Words after which a full stop does not end the sentence (en, de, fr, uk).
_ABBREVIATIONS = frozenset("""mr mrs ms dr st gen col lt sgt gov sen rep pres prof no vs jan feb mar apr jun jul
aug sep sept oct nov dec inc ltd co corp jr sr mt ft approx dept est fig nr bzw ca mio mrd str tel evtl ggf inkl
usw vgl m mme mm av env м ст ч р грн млн млрд тис вул обл п пп ім див с смт""".split())
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
# a full stop (or !, ?, ...) and its closing quotes, before the next sentence's first character
_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019\u00bb)\]]*\s+(?P<next>[\"'\u201c\u2018\u201e\u00ab(\[]?)(\w)")
_INITIALS = re.compile(r"(?:[A-Za-z]\.)+")
_ORDINAL = re.compile(r"[0-3]?\d\.")
# languages that write a day as an ordinal, "26. Oktober": its full stop ends no sentence
_ORDINAL_DAYS = ("de", "da", "nb", "nn", "fi", "cs", "sk", "sl", "hr", "bs", "sr_Latn", "et", "is", "fo")


def sentences(text: str, start: int = 0, end: Optional[int] = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence of text[start:end]: paragraphs (blank lines) always end one;
    a full stop ends one unless it closes an abbreviation or initials (U.S., Mr.)."""
    end = len(text) if end is None else end
    result = []
    paragraph_start = start
    for paragraph_end in [m.start() for m in _PARAGRAPH.finditer(text, start, end)] + [end]:
        at = paragraph_start
        for match in _END.finditer(text, paragraph_start, paragraph_end):
            if not _ends_sentence(text, paragraph_start, match):
                continue
            result.append(_trimmed(text, at, match.start("next")))
            at = match.start("next")
        result.append(_trimmed(text, at, paragraph_end))
        paragraph_start = _skip_space(text, paragraph_end, end)
    return [(a, b) for a, b in result if b > a]


def _ends_sentence(text: str, paragraph_start: int, match: re.Match) -> bool:
    """Whether the full stop of an _END match ends a sentence: the next starts with a capital or a
    digit, and the stop closes no abbreviation, initials or ordinal day before a month's name."""
    if not (match.group(2).isupper() or match.group(2).isdigit()):
        return False
    word = text[text.rfind(" ", paragraph_start, match.start()) + 1:match.start() + 1]
    if _INITIALS.fullmatch(word) or word[:-1].lower().lstrip("(\"'") in _ABBREVIATIONS:
        return False
    if _ORDINAL.fullmatch(word):
        following = re.match(r"\w+", text[match.start(2):match.start(2) + 20])
        return following is None or following.group().lower() not in _month_names()
    return True


@lru_cache(maxsize=1)
def _month_names() -> frozenset[str]:
    """Month names (wide and abbreviated, lower case) of the languages that write ordinal days."""
    from babel import Locale  # only an article with an ordinal before a capital pays for it

    names = set()
    for tag in _ORDINAL_DAYS:
        months = Locale.parse(tag).months
        names.update(name.rstrip(".").lower() for context in months.values() for width in ("wide", "abbreviated")
                     for name in context[width].values())
    return frozenset(names)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _skip_space(text: str, at: int, end: int) -> int:
    while at < end and text[at].isspace():
        at += 1
    return at


@dataclass(frozen=True)
class Excerpt:
    """Whole sentences of an article around one or more quoted passages."""

    start: int
    end: int
    quoted: tuple[int, ...]  # indexes of the quoted spans inside it


def excerpts(text: str, body_start: int, spans: Spans) -> list[Excerpt]:
    """The sentences around each quoted span (sorted by start), overlapping ones merged."""
    bounds = sentences(text, body_start)
    ends = [end for _, end in bounds]
    result: list[Excerpt] = []
    for index, (start, end) in enumerate(spans):
        first = min(bisect.bisect_right(ends, start), len(bounds) - 1) if bounds else 0
        last = first
        while last + 1 < len(bounds) and bounds[last + 1][0] < end:
            last += 1
        around = (min(bounds[first][0], start), max(bounds[last][1], end)) if bounds else (start, end)
        if result and around[0] <= result[-1].end:
            previous = result.pop()
            around = (previous.start, max(previous.end, around[1]))
            result.append(Excerpt(*around, (*previous.quoted, index)))
        else:
            result.append(Excerpt(*around, (index,)))
    return result


# -- the passage nearest to a quote that does not occur ------------------------------------------

_WORD = re.compile(r"\S+")
_CANDIDATES = 8  # windows of the article, by words shared with the quote, compared closely
_SLACK = 2  # words the compared passage may start earlier or later, and be longer or shorter


@dataclass(frozen=True)
class Nearest:
    passage: str  # as the text has it (white space made single)
    likeness: float  # 0 to 1
    differences: tuple[str, ...]  # what the quote says otherwise, a phrase each
    start: int = 0  # where the passage is in the text
    end: int = 0


def nearest_passage(text: str, quote: str) -> Optional[Nearest]:
    """The passage of `text` most like `quote`, or None when nothing comes close. Candidates are
    windows of the quote's length in words, ranked by words in common (linear in the article);
    the best few are then compared letter by letter."""
    words = [(m.start(), m.end(), _plain(m.group())) for m in _WORD.finditer(text)]
    wanted = [_plain(w) for w in quote.split()]
    if not words or not wanted:
        return None
    size = min(len(wanted), len(words))
    best_starts = _windows_sharing_most(words, Counter(wanted), size)
    target = " ".join(wanted)
    best = (0.0, 0, 0)
    for start in best_starts:
        for first in range(max(0, start - _SLACK), min(len(words) - 1, start + _SLACK) + 1):
            for length in range(max(1, size - _SLACK), size + _SLACK + 1):
                last = min(len(words), first + length)
                candidate = " ".join(w[2] for w in words[first:last])
                matcher = difflib.SequenceMatcher(None, target, candidate, autojunk=False)
                if matcher.real_quick_ratio() > best[0] and matcher.quick_ratio() > best[0]:
                    best = max(best, (matcher.ratio(), first, last), key=lambda b: b[0])
    likeness, first, last = best
    if likeness < 0.6:
        return None
    start, end = words[first][0], words[last - 1][1]
    passage = " ".join(text[start:end].split())
    return Nearest(passage, likeness, _differences(quote.split(), passage.split()), start, end)


def _plain(word: str) -> str:
    return word.casefold()


def _windows_sharing_most(words: list, wanted: Counter, size: int) -> list[int]:
    """The starts of the `_CANDIDATES` windows of `size` words sharing most words with the quote."""
    inside: Counter = Counter()
    shared = 0
    scores = []
    for index, (_, _, word) in enumerate(words):
        inside[word] += 1
        if inside[word] <= wanted[word]:
            shared += 1
        if index >= size:
            gone = words[index - size][2]
            if inside[gone] <= wanted[gone]:
                shared -= 1
            inside[gone] -= 1
        if index >= size - 1:
            scores.append((shared, -(index - size + 1)))
    return [-start for _, start in heapq.nlargest(_CANDIDATES, scores)]


def _differences(quote: list[str], passage: list[str], most: int = 3) -> tuple[str, ...]:
    """What differs, word by word, as short phrases ("'signs' where the article has 'will sign'")."""
    matcher = difflib.SequenceMatcher(None, [_plain(w) for w in quote], [_plain(w) for w in passage],
                                      autojunk=False)
    found = []
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        ours, theirs = " ".join(quote[a1:a2]), " ".join(passage[b1:b2])
        if tag == "replace":
            found.append(f"'{ours}' where the article has '{theirs}'")
        elif tag == "delete":
            found.append(f"'{ours}' is not in the article")
        elif tag == "insert":
            found.append(f"the article has '{theirs}' here")
    if not found and quote != passage:
        found.append("only in capitals or punctuation")
    return tuple(found[:most]) + ((f"and {len(found) - most} more",) if len(found) > most else ())


# -- the text of an article: normalised for finding quotes, and in quoted and unquoted segments ------

_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
})


def visible(text: str) -> int:
    """How many characters of `text` are not white space."""
    return sum(map(len, text.split()))


def normalise(text: str) -> str:
    return " ".join(text.translate(_FOLD).split())


def normalise_with_positions(text: str) -> tuple[str, list[int]]:
    """The normalised text, and for each of its characters the index it came from."""
    chars: list[str] = []
    positions: list[int] = []
    folded = text.translate(_FOLD)
    for index, char in enumerate(folded):
        if char.isspace():
            if chars and chars[-1] != " ":
                chars.append(" ")
                positions.append(index)
            continue
        chars.append(char)
        positions.append(index)
    return "".join(chars), positions


def segments(text: str, start: int, end: int, spans: list[tuple[int, int]], first: int) -> list[tuple[str, bool]]:
    """The paragraph text[start:end] as segments; `spans` (sorted by start) from index `first`
    on may touch it. Looking only there keeps an article quoted 5,000 times linear."""
    parts, cursor = [], start
    for index in range(first, len(spans)):
        q_start, q_end = spans[index]
        if q_start >= end:  # this passage and every later one start after the paragraph
            break
        q_start, q_end = max(q_start, cursor), min(q_end, end)
        if q_start >= q_end:
            continue
        if q_start > cursor:
            parts.append((text[cursor:q_start], False))
        parts.append((text[q_start:q_end], True))
        cursor = q_end
    if cursor < end:
        parts.append((text[cursor:end], False))
    return parts
