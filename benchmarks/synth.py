"""Write a synthetic but valid timeline project of N entries, deterministic for a given N.

Entries use the whole format: partial dates and spans, every kind, statuses that fit their
dates, parties from a registry, tags, typed relations that pass the overlap rules, and sources
with quotes that occur in the article they cite: one synthetic article per 20 entries, and the
bundled seed, cited as often as one of those. Bodies are 150-300 words of Markdown with
emphasis, lists and links to other entries.

Shapes (`--shape`) spread the same entries differently, since some costs grow with citations per
article or events per party rather than with entries:
- `spread` (the default): 20 entries per article, 1-3 of 60 parties per entry;
- `one-article`: every entry cites one article and names the same three parties, as a big archive
  built from one long report would (bodies have lists, headings and links in every entry).

    python benchmarks/synth.py OUT_DIR --n 1000 [--shape one-article]
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = "000_f58ab9d484ce5563.txt"
QUOTES = [
    "Ukraine will sign bilateral security agreements with the United States and Japan",
    "The summit will be held between June 13-15 in Apulia, a southern region of Italy.",
    "He described the upcoming deal with Washington as \"unprecedented.\"",
    "At least fifteen guest countries and institutions are expected to attend",
    "The leaders are also expected to approve a format for using Russian assets to benefit Ukraine.",
]
KINDS = {"summit": "held", "meeting": "held", "agreement": "signed", "pledge": "made", "announcement": "made"}
WORDS = ("agreement summit leaders minister security defence support council talks treaty framework pledge "
         "delegation capital partners economic energy reconstruction sanctions assistance declaration "
         "cooperation commitment negotiations border region trade aid fund programme signing memorandum "
         "the a of and to in for with on by at as under between after before during").split()


ENTRIES_PER_ARTICLE = 20  # a synthetic source article for every 20 entries, as a newsroom would have
SHAPES = ("spread", "one-article")


def article_quote(index: int) -> str:
    return f"Officials confirmed the details of item {index} to reporters on the record."


def per_article(shape: str, n: int) -> int:
    return n if shape == "one-article" else ENTRIES_PER_ARTICLE


def article_of(shape: str, n: int, index: int) -> str:
    return f"article-{index // per_article(shape, n):05d}.txt"


def write_articles(root: Path, n: int, shape: str) -> None:
    """Synthetic source articles that the entries quote (the real seed is cited too)."""
    size = per_article(shape, n)
    for number in range((n + size - 1) // size):
        first = number * size
        sentences = "\n\n".join(article_quote(i) for i in range(first, min(first + size, n)))
        (root / "seeds" / f"article-{number:05d}.txt").write_text(
            f"Synthetic article {number}\n\n{sentences}\n", encoding="utf-8")


def party_ids(shape: str = "spread") -> list[str]:
    return [f"party-{i:02d}" for i in range(3 if shape == "one-article" else 60)]


def paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def body(rng: random.Random, slug: str, others: list[str], shape: str) -> str:
    parts = [paragraph(rng, rng.randint(40, 80))]
    parts.append(f"The talks followed *earlier rounds* and **long negotiations**; see "
                 f"[the related entry]({rng.choice(others)}.md) for background.")
    parts.append("\n".join(f"- {paragraph(rng, rng.randint(6, 12))}" for _ in range(3)))
    parts.append(paragraph(rng, rng.randint(40, 90)))
    if shape == "one-article" or rng.random() < 0.3:
        parts.append("## Reactions\n\n" + paragraph(rng, rng.randint(20, 50)))
    return "\n\n".join(parts) + "\n"


def entry(rng: random.Random, index: int, slug: str, summits: list[tuple[str, str]], earlier: list[str],
          shape: str, n: int) -> str:
    kind = rng.choice(list(KINDS))
    year = 1990 + index % 35
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    precision = rng.random()
    date = (f"{year}" if precision < 0.05 else f"{year}-{month:02d}" if precision < 0.25
            else f"{year}-{month:02d}-{day:02d}")
    lines = [f"title: {kind.capitalize()} number {index} on {rng.choice(WORDS)} {rng.choice(WORDS)}",
             f'date: "{date}"']
    if kind == "summit" and len(date) == 10 and day < 27:
        lines.append(f'end: "{year}-{month:02d}-{day + 2:02d}"')
    parties = party_ids(shape) if shape == "one-article" else rng.sample(party_ids(), rng.randint(1, 3))
    lines += [f"kind: {kind}", f"status: {KINDS[kind]}",
              f"parties: [{', '.join(parties)}]",
              f"location: City {rng.randint(1, 200)}",
              f"summary: {paragraph(rng, rng.randint(10, 20))}",
              f"tags: [{', '.join(f'tag-{t}' for t in rng.sample(range(40), rng.randint(0, 3)))}]"]
    related = []
    if kind == "agreement" and summits and rng.random() < 0.5:
        summit_slug, summit_date = rng.choice(summits)
        lines[1] = f'date: "{summit_date}"'
        related.append(f"  - {{event: {summit_slug}, as: signed-at}}")
    if earlier and rng.random() < 0.4:
        related.append(f"  - {{event: {rng.choice(earlier)}, as: see-also}}")
    if related:
        lines.append("related:\n" + "\n".join(related))
    cited = [(article_of(shape, n, index), article_quote(index))]
    if shape == "spread" and index % ENTRIES_PER_ARTICLE == 0:  # the real seed, as often as an article
        cited.append((SEED, rng.choice(QUOTES)))
    lines.append("sources:\n" + "\n".join(f"  - seed: {name}\n    quote: '{q}'" for name, q in cited))
    if kind == "summit" and len(date) == 10:
        summits.append((slug, date))
    return "---\n" + "\n".join(lines) + "\n---\n"


def with_picture(root: Path, slug: str, rng: random.Random) -> str:
    """Write a photo-like JPEG for the entry (noise over a gradient: it compresses like a photo);
    return the front matter's media lines."""
    from PIL import Image

    folder = root / "content" / "media"
    folder.mkdir(exist_ok=True)
    base = Image.linear_gradient("L").resize((1200, 800)).convert("RGB")
    noise = Image.effect_noise((1200, 800), 40 + rng.randint(0, 30)).convert("RGB")
    Image.blend(base, noise, 0.35).save(folder / f"{slug}.jpg", quality=85)
    return (f"media:\n  - src: content/media/{slug}.jpg\n    alt: A photo of {slug}, its delegations at a table\n"
            f"    credit: Synthetic Agency\n")


def make_site(root: Path, n: int, shape: str = "spread", languages: int = 1, images: bool = False) -> list[Path]:
    """Write the project; return the entry files. `languages=2`: the site is also published in
    Ukrainian, and every entry has a translation (title, summary and a body of its own).
    `images`: one entry in ten has a photo of its own (a 1200x800 JPEG, each different)."""
    rng = random.Random(n)
    if root.exists():
        shutil.rmtree(root)
    (root / "content").mkdir(parents=True)
    (root / "seeds").mkdir()
    if shape == "spread":
        shutil.copy(REPO / "seeds" / SEED, root / "seeds" / SEED)
    write_articles(root, n, shape)
    for name in ("templates", "static"):
        shutil.copytree(REPO / name, root / name)
    config = f'[site]\ntitle = "Synthetic timeline of {n} events"\n'
    if languages > 1:
        config += '[languages.en]\n[languages.uk]\ntitle = "Синтетична хронологія"\n'
    (root / "timeline.toml").write_text(config, encoding="utf-8")
    (root / "content" / "parties.toml").write_text(
        "".join(f'[{p}]\nname = "Party {p[-2:]}"\ntype = "country"\n\n' for p in party_ids(shape)), encoding="utf-8")
    slugs = [f"event-{i:06d}" for i in range(n)]
    summits: list[tuple[str, str]] = []
    files = []
    for index, slug in enumerate(slugs):
        path = root / "content" / f"{slug}.md"
        front = entry(rng, index, slug, summits, slugs[max(0, index - 50):index], shape, n)
        if images and index % 10 == 0:
            front = front[:-4] + with_picture(root, slug, rng) + "---\n"
        path.write_text(front + body(rng, slug, slugs, shape), encoding="utf-8")
        files.append(path)
        if languages > 1:
            (root / "content" / f"{slug}.uk.md").write_text(
                f'---\ntitle: "Подія {index}"\nsummary: "Одне речення про подію {index}."\n---\n'
                + body(rng, slug, slugs, shape), encoding="utf-8")
    return files


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--shape", choices=SHAPES, default="spread")
    parser.add_argument("--languages", type=int, choices=(1, 2), default=1)
    args = parser.parse_args()
    make_site(args.out, args.n, args.shape, args.languages)
    print(f"wrote {args.n} entries ({args.shape}) to {args.out}")
