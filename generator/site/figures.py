"""Where a picture's variants are published, and what an <img> needs to show them: the
`srcset` of each format, the fallback's address, and the width and height that keep the page
from shifting when it loads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from ..core.pictures import VERSION, Picture
from ..model.media import Image
from ..model.timeline import slugify
from ..urls import Urls


def variant_file(image: Image, width: int, extension: str) -> str:
    """'media/summit-apulia-1a2b3c4d5e-640.webp': named for people, unique by content."""
    stem = slugify(PurePosixPath(image.src).stem)[:40].strip("-") or "picture"
    return f"media/{stem}-{image.picture.digest[:10]}-{width}.{extension}"


def variant_blob(picture: Picture, width: int, extension: str) -> str:
    """The variant's name in the blob store: by content and by how variants are made."""
    return f"{picture.digest}-{VERSION}-{width}.{extension}"


@dataclass(frozen=True)
class Shown:
    """One picture as an <img> shows it."""

    webp: str  # srcset
    fallback: str  # srcset of the JPEG or PNG
    src: str  # the fallback at the largest width the page shows
    width: int
    height: int


class Figures:
    def __init__(self, urls: Urls):
        self.urls = urls

    def shown(self, image: Image, largest: int = 1280) -> Shown:
        """The picture's variants up to `largest` pixels wide (a card asks for the smallest)."""
        picture = image.picture
        widths = [w for w in picture.widths() if w <= largest] or [picture.widths()[0]]
        fallback = picture.fallback

        def srcset(extension: str) -> str:
            return ", ".join(f"{self.url(image, w, extension)} {w}w" for w in widths)

        width = widths[-1]
        return Shown(srcset("webp"), srcset(fallback), self.url(image, width, fallback), width,
                     picture.height_at(width))

    def url(self, image: Image, width: int, extension: str) -> str:
        return self.urls.root + variant_file(image, width, extension)

    def full(self, image: Image, width: int = 1280) -> str:
        """The absolute address of the fallback at the largest width up to `width` (JSON-LD, feeds,
        exports, og:image); relative without a host."""
        return self.urls.full(self.shown(image, width).src)
