"""Pictures with Pillow: what a file holds (or why it is refused), and its responsive variants.

A variant is decoded from the original and encoded anew, so nothing of the original's metadata
survives it (EXIF with a phone's GPS position, XMP, IPTC, comments); the EXIF orientation is
applied first, so a portrait photo stays upright without it. Only the ICC colour profile, which
changes how the pixels look and says nothing about who took them, is kept.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

WIDTHS = (320, 640, 960, 1280, 1920)  # the widths made, up to the original's
MAX_PIXELS = 40_000_000  # more than any camera's photo; a larger one is refused as a decompression bomb
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "png"}  # what we read -> the fallback we write
VERSION = "1"  # of the variants' settings: part of their keys
_ORIENTATION, _QUARTER_TURNS = 0x0112, (5, 6, 7, 8)  # the EXIF tag, and its values that turn the picture on its side


class PictureError(Exception):
    """A file that cannot be published as a picture; the message says why, for an editor."""


@dataclass(frozen=True)
class Picture:
    """What a valid picture file holds: enough to write its <img> without opening it again."""

    digest: str
    width: int  # as shown, after the EXIF orientation
    height: int
    fallback: str  # 'jpg' or 'png' (for pictures with transparency), beside WebP

    def widths(self) -> tuple[int, ...]:
        """The variants' widths: the standard ones below the original's, and the original's own."""
        return tuple(w for w in WIDTHS[:-1] if w < self.width) + (min(self.width, WIDTHS[-1]),)

    def height_at(self, width: int) -> int:
        return max(1, round(self.height * width / self.width))


def inspect(path: Path, digest: str) -> Picture:
    """Read the whole file, as a reader's browser would, and say what it holds; PictureError if it
    is not an image we publish, is truncated or corrupt, or would decode to too many pixels."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                kind = image.format
                if kind not in FORMATS:
                    raise PictureError(f"is a {kind} image; use JPEG, PNG, WebP or GIF")
                _refuse_bomb(image.size)
                image.load()  # a truncated or corrupt file fails here, not in a reader's browser
                width, height = image.size
                if image.getexif().get(_ORIENTATION) in _QUARTER_TURNS:  # shown turned: its sides swap
                    width, height = height, width
                palette = kind in ("PNG", "GIF") and image.mode in ("P", "L", "1")
                return Picture(digest, width, height, "png" if _has_alpha(image) or palette else "jpg")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PictureError("decodes to too many pixels (a decompression bomb?)") from None
    except UnidentifiedImageError:
        raise PictureError("is not an image Pillow can read (JPEG, PNG, WebP or GIF)") from None
    except OSError as exc:  # truncated data, a broken stream
        raise PictureError(f"cannot be decoded: {exc}") from None
    except (SyntaxError, ValueError) as exc:  # what some of Pillow's plugins raise for a corrupt header
        raise PictureError(f"is corrupt: {exc}") from None


def _refuse_bomb(size: tuple[int, int]) -> None:
    width, height = size
    if width * height > MAX_PIXELS:
        raise PictureError(f"is {width:,}x{height:,} pixels; at most {MAX_PIXELS:,} pixels are decoded")


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)


def variants(path: Path, picture: Picture) -> dict[str, bytes]:
    """Every variant of a picture, by name ('640.webp', '640.jpg' ...): decoded once, resized
    from the largest down, each encoded without metadata."""
    with Image.open(path) as original:
        original.draft("RGB", (WIDTHS[-1], WIDTHS[-1]))  # a JPEG decodes at a fraction of its size
        icc = original.info.get("icc_profile")
        image = ImageOps.exif_transpose(original)
        image = image.convert("RGBA" if picture.fallback == "png" else "RGB")
    image.info = {}  # Pillow hands an image's info (its EXIF, comments) on to resized copies and encoders
    result = {}
    for width in sorted(picture.widths(), reverse=True):
        height = picture.height_at(width)
        if image.size != (width, height):
            image = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
            image.info = {}
        result[f"{width}.webp"] = _encode(image, "WEBP", icc, quality=78, method=4)
        if picture.fallback == "jpg":
            result[f"{width}.jpg"] = _encode(image, "JPEG", icc, quality=82, progressive=True, optimize=True)
        else:
            result[f"{width}.png"] = _encode(image, "PNG", icc, optimize=True)
    return result


def _encode(image: Image.Image, kind: str, icc: bytes | None, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, kind, **({"icc_profile": icc} if icc else {}), **options)  # no exif=, no xmp=: none is written
    return out.getvalue()
