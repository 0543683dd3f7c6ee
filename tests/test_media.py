"""Pictures and media links on entries: validation with file:line, variants without metadata,
what every output shows of them, and the social cards."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from conftest import dedent, entry

SITE = '[site]\ntitle = "Test timeline"\nlanguage = "en-GB"\nbase_url = "https://news.example/tl/"\n'
PICTURE = """
  - src: content/media/signing.jpg
    alt: Two leaders shake hands in front of flags
    caption: The signing in Apulia.
    credit: Jane Doe / Agency
    credit_url: https://agency.example/jane
    license: CC BY 4.0"""


def jpeg_with_gps(width: int = 2000, height: int = 1200) -> bytes:
    """A phone photo: a GPS position, a camera maker and a comment in its metadata."""
    image = Image.new("RGB", (width, height), (180, 90, 40))
    for x in range(0, width, 80):
        image.paste((x % 255, 60, 200), (x, 0, x + 40, height))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (41.0, 7.0, 30.0), 3: "E", 4: (16.0, 52.0, 10.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), comment=b"taken at home", quality=90)
    return out.getvalue()


@pytest.fixture
def pictured(project):
    project.write("timeline.toml", SITE)
    project.write("content/media/signing.jpg", jpeg_with_gps())
    project.write("content/japan-agreement.md", entry(media=PICTURE + """
  - url: https://www.youtube.com/watch?v=xyz
    title: The ceremony (video)
    credit: Example TV"""))
    return project


def test_a_picture_is_published_in_variants_without_its_metadata(pictured):
    run = pictured.build()
    assert run.code == 0, run.err
    media = sorted((pictured.root / "_site/media").iterdir())
    names = [p.name for p in media]
    assert len(names) == 10 and all(n.startswith("signing-") for n in names)
    assert {n.rsplit("-", 1)[1] for n in names} == {f"{w}.{x}" for w in (320, 640, 960, 1280, 1920) for x in ("jpg", "webp")}
    for path in media:
        with Image.open(path) as image:
            width = int(path.stem.rsplit("-", 1)[1])
            assert image.size == (width, round(1200 * width / 2000))
            assert not image.getexif() and "comment" not in image.info and "exif" not in image.info
            assert b"PhoneMaker" not in path.read_bytes()
    assert not (pictured.root / "_site/content").exists()  # the original is never copied


def test_the_event_page_shows_a_credited_responsive_picture(pictured):
    assert pictured.build().code == 0
    page = pictured.html("events/japan-agreement/index.html")
    figure = page.select_one("aside.facts figure.photo")
    img = figure.img
    assert img["alt"] == "Two leaders shake hands in front of flags"
    assert img["width"] == "1280" and img["height"] == "768" and "loading" not in img.attrs  # the first is not lazy
    assert img["src"].endswith("-1280.jpg") and "640w" in img["srcset"]
    assert figure.select_one("source[type='image/webp']")["srcset"].count("w,") == 3
    assert figure.figcaption.get_text(" ", strip=True) == "The signing in Apulia. Picture: Jane Doe / Agency ( CC BY 4.0 )"
    assert figure.select_one("a[rel=license]")["href"] == "https://creativecommons.org/licenses/by/4.0/"
    link = page.select_one(".elsewhere .media-link a")
    assert link["href"] == "https://www.youtube.com/watch?v=xyz" and link.select_one(".provider").text == "YouTube"
    assert not page.find("iframe") and "youtube" not in str(page.find_all(src=True))  # nothing loaded from there
    card = pictured.html("index.html").select_one("#japan-agreement .thumb img")
    assert card["loading"] == "lazy" and card["src"].endswith("-320.jpg")


def test_every_output_carries_the_picture(pictured):
    assert pictured.build().code == 0
    site = pictured.root / "_site"
    jsonld = json.loads(pictured.html("events/japan-agreement/index.html").find("script", type="application/ld+json").string)
    assert jsonld["image"][0].startswith("https://news.example/tl/media/signing-")
    events = [json.loads(line) for line in (site / "events.json").read_text().splitlines() if line.startswith('{"slug')]
    media = events[0]["media"]
    assert media[0]["type"] == "image" and media[0]["credit"] == "Jane Doe / Agency" and media[0]["width"] == 1280
    assert media[1] == {"type": "link", "url": "https://www.youtube.com/watch?v=xyz", "archived": None,
                        "title": "The ceremony (video)", "credit": "Example TV", "provider": "YouTube"}
    slide = json.loads((site / "timelinejs.json").read_text())["events"][0]
    assert slide["media"]["credit"] == "Jane Doe / Agency (CC BY 4.0)" and slide["media"]["alt"].startswith("Two leaders")
    feed = (site / "feed.xml").read_text()
    assert 'rel="enclosure"' in feed and "Picture: Jane Doe / Agency" in feed
    head = pictured.html("events/japan-agreement/index.html")
    assert head.find("meta", property="og:image")["content"].endswith("-1280.jpg")
    assert head.find("meta", property="og:image:alt")["content"] == "Two leaders shake hands in front of flags"


def test_a_changed_picture_rebuilds_its_pages_and_a_build_reuses_the_variants(pictured):
    assert pictured.build().code == 0
    first = pictured.html("events/japan-agreement/index.html").img["src"]
    pictured.write("content/media/signing.jpg", jpeg_with_gps(1000, 1000))
    assert pictured.build().code == 0
    page = pictured.html("events/japan-agreement/index.html")
    assert page.img["src"] != first and page.img["width"] == "1000"
    assert len(list((pictured.root / "_site/media").iterdir())) == 8  # the old variants are gone
    blobs = pictured.root / ".timeline-cache/blobs"
    made = {p.name: p.stat().st_mtime_ns for p in blobs.rglob("*.webp")}
    import shutil
    shutil.rmtree(pictured.root / "_site")
    assert pictured.build().code == 0  # a cold output with a warm cache copies, never remakes
    assert {p.name: p.stat().st_mtime_ns for p in blobs.rglob("*.webp")} == made


BAD = {
    "no alt": ("  - {src: content/media/signing.jpg, credit: X}", 9, "media[0].alt: missing: what does the picture show?"),
    "alt repeats caption": ("  - {src: content/media/signing.jpg, alt: The signing., caption: The signing, credit: X}", 9,
                            "media[0].alt: 'The signing.' does not describe the picture"),
    "alt says image": ("  - {src: content/media/signing.jpg, alt: Photo, credit: X}", 9, "does not describe the picture"),
    "decorative with alt": ("  - {src: content/media/signing.jpg, alt: Hands, decorative: true, credit: X}", 9,
                            "media[0].alt: a decorative picture has no alt text"),
    "no credit": ("  - {src: content/media/signing.jpg, alt: Hands}", 9, "media[0].credit: missing: who made the picture?"),
    "not a picture file": ("  - {src: content/notes.txt, alt: Hands, credit: X}", 9, "media[0].src: 'content/notes.txt' is not a picture file"),
    "outside the site": ("  - {src: ../secret.jpg, alt: Hands, credit: X}", 9, "is not a path inside the site"),
    "missing file": ("  - {src: content/media/gone.jpg, alt: Hands, credit: X}", 9, "media.src: no such file: content/media/gone.jpg"),
    "both src and url": ("  - {src: content/media/signing.jpg, url: https://x.example/, alt: Hands}", 9, "media[0]: has both src and url"),
    "link without title": ("  - {url: https://x.example/v}", 9, "media[0].title: missing"),
    "link not http": ("  - {url: 'javascript:alert(1)', title: Video}", 9, "media[0].url: 'javascript:alert(1)' is not an http(s) address"),
    "bad credit url": ("  - {src: content/media/signing.jpg, alt: Hands, credit: X, credit_url: ftp://x}", 9, "credit_url: 'ftp://x' is not an http(s) address"),
}


@pytest.mark.parametrize("case", BAD)
def test_a_bad_media_item_is_a_file_line_error_and_nothing_is_written(pictured, case):
    item, line, message = BAD[case]
    pictured.write("content/japan-agreement.md", entry(title="Deal", media="\n" + item))
    run = pictured.build()
    assert run.code == 1 and "Traceback" not in run.err
    assert f"content/japan-agreement.md:{line}: " in run.err and message in run.err, run.err
    assert not (pictured.root / "_site").exists()


def _broken_files() -> dict[str, bytes]:
    whole = jpeg_with_gps(400, 300)
    bomb = io.BytesIO()
    Image.new("1", (9000, 9000)).save(bomb, "PNG")  # 81 megapixels in a few kilobytes
    return {"truncated.jpg": whole[: len(whole) // 2], "text.jpg": b"this is not a picture at all",
            "bomb.png": bomb.getvalue(), "empty.png": b""}


@pytest.mark.parametrize("name,message", [("truncated.jpg", "cannot be decoded"), ("text.jpg", "is not an image"),
                                          ("bomb.png", "pixels are decoded"), ("empty.png", "is not an image")])
def test_an_unusable_picture_file_is_refused_at_its_entrys_line(pictured, name, message):
    pictured.write(f"content/media/{name}", _broken_files()[name])
    pictured.write("content/japan-agreement.md", entry(media=f"\n  - {{src: content/media/{name}, alt: Hands, credit: X}}"))
    run = pictured.check()
    assert run.code == 1 and "Traceback" not in run.err
    assert f"content/japan-agreement.md:9: media.src: content/media/{name} " in run.err and message in run.err, run.err


def test_own_pictures_need_no_credit_and_decorative_ones_no_alt(pictured):
    pictured.write("content/japan-agreement.md", entry(
        media="\n  - {src: content/media/signing.jpg, decorative: true, license: own}"))
    assert pictured.build().code == 0
    page = pictured.html("events/japan-agreement/index.html")
    assert page.select_one("figure.photo img")["alt"] == ""
    # a decorative picture says nothing to a link preview: the drawn card stands in
    assert page.find("meta", property="og:image")["content"] == "https://news.example/tl/cards/japan-agreement.png"


def test_social_cards_are_drawn_for_events_without_a_picture_and_the_timeline(project):
    project.write("timeline.toml", SITE)
    assert project.build().code == 0
    site = project.root / "_site"
    for name in ("japan-agreement", "timeline"):
        with Image.open(site / f"cards/{name}.png") as card:
            assert card.format == "PNG" and card.size == (1200, 630)
            colours = card.convert("RGB").getcolors(maxcolors=1 << 16)
            assert len(colours) > 8  # text, drawn anti-aliased: not a blank card
            ink = sum(count for count, colour in colours if sum(colour) < 300)
            assert 5_000 < ink < 200_000, ink
    page = project.html("events/japan-agreement/index.html")
    assert page.find("meta", property="og:image")["content"] == "https://news.example/tl/cards/japan-agreement.png"
    assert page.find("meta", property="og:image:width")["content"] == "1200"
    assert page.find("meta", property="og:image:alt")["content"] == (
        "Ukraine and Japan sign a security agreement. 13 June 2024 · Agreement")
    assert project.html("index.html").find("meta", property="og:image")["content"].endswith("/cards/timeline.png")
    assert project.html("404.html").find("meta", property="og:url")["content"] == "https://news.example/tl/404.html"


def test_without_the_sites_host_no_card_is_drawn_and_no_og_image_claimed(project):
    assert project.build().code == 0
    assert not (project.root / "_site/cards").exists()
    assert project.html("index.html").find("meta", property="og:image") is None


def test_a_card_in_cyrillic_is_drawn_and_text_in_other_scripts_left_off():
    from generator.outputs.social_cards import draw

    def inked(data: bytes) -> int:
        with Image.open(io.BytesIO(data)) as card:
            return sum(count for count, colour in card.convert("RGB").getcolors(1 << 16) if sum(colour) < 300)

    assert inked(draw("Україна та Японія підписали угоду", "13 червня 2024 р.", "Угода", "Хроніка", "agreement")) > 5000
    assert inked(draw("日本とウクライナ", "2024年6月13日", "", "", "")) == 0  # no tofu boxes


def test_a_photo_taken_sideways_is_measured_and_published_upright(tmp_path):
    from generator.core.pictures import inspect, variants
    image = Image.new("RGB", (400, 300), (10, 20, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to show"
    path = tmp_path / "sideways.jpg"
    image.save(path, exif=exif.tobytes())
    picture = inspect(path, "digest")
    assert (picture.width, picture.height) == (300, 400)
    made = variants(path, picture)
    with Image.open(io.BytesIO(made["300.jpg"])) as shown:
        assert shown.size == (300, 400) and not shown.getexif()


def test_a_translation_gives_each_pictures_alt_text_and_caption_and_each_links_title(pictured):
    """The pages of another language read the translation's alt text, caption and link title; a
    translation that gives none keeps the original's, marked with its language."""
    pictured.write("timeline.toml", SITE + "[languages.en-GB]\n[languages.uk]\n")
    pictured.write("content/japan-agreement.uk.md", dedent('''
        ---
        title: Україна та Японія підписують угоду
        media:
          - alt: Двоє лідерів тиснуть руки на тлі прапорів
            caption: Підписання в Апулії.
          - title: Церемонія (відео)
        ---
        '''))
    assert pictured.build().code == 0
    page = pictured.html("uk/events/japan-agreement/index.html")
    figure = page.select_one("figure.photo")
    assert figure.img["alt"] == "Двоє лідерів тиснуть руки на тлі прапорів" and figure.get("lang") is None
    assert "Підписання в Апулії." in figure.get_text()
    assert page.select_one(".media-title").get_text() == "Церемонія (відео)"
    assert pictured.html("events/japan-agreement/index.html").select_one("figure.photo").img["alt"] == \
        "Two leaders shake hands in front of flags"
    events = json.loads((pictured.root / "_site/uk/events.json").read_text(encoding="utf-8"))["events"]
    assert events[0]["media"][0]["alt"] == "Двоє лідерів тиснуть руки на тлі прапорів"
    pictured.write("content/japan-agreement.uk.md", "---\ntitle: Україна та Японія\n---\n")
    assert pictured.build().code == 0
    figure = pictured.html("uk/events/japan-agreement/index.html").select_one("figure.photo")
    assert figure.img["alt"] == "Two leaders shake hands in front of flags" and figure["lang"] == "en-GB"
    pictured.write("content/japan-agreement.uk.md", "---\ntitle: Т\nmedia:\n  - alt: Лише одна\n---\n")
    result = pictured.check()
    assert result.code == 1
    assert ("content/japan-agreement.uk.md:4: media: has 1 item, but content/japan-agreement.md has 2 (translate "
            "each one's alt text, caption or title, in the same order)") in result.err.splitlines()
    pictured.write("content/japan-agreement.uk.md", "---\ntitle: Т\nmedia:\n  - src: x.jpg\n  - {}\n---\n")
    assert ("content/japan-agreement.uk.md:4: media[0].src: unknown field (one of: title, alt, caption)"
            in pictured.check().err.splitlines())
