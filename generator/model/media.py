"""An event's media: pictures published with the site, and links to media elsewhere."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional
from urllib.parse import urlsplit

from ..core.pictures import Picture

# Licences whose deed a credit links to, by how editors write them (case and spaces aside).
LICENCES = {
    "cc0": ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    **{f"cc-{name}": (f"CC {name.upper()} 4.0", f"https://creativecommons.org/licenses/{name}/4.0/")
       for name in ("by", "by-sa", "by-nd", "by-nc", "by-nc-sa", "by-nc-nd")},
}
OWN = "own"  # `license: own`: the newsroom's own picture, needing no credit

# Providers a remote link is named by: the last two labels of its host.
PROVIDERS = {"youtube.com": "YouTube", "youtu.be": "YouTube", "vimeo.com": "Vimeo", "x.com": "X",
             "twitter.com": "X", "soundcloud.com": "SoundCloud", "flickr.com": "Flickr",
             "instagram.com": "Instagram", "facebook.com": "Facebook", "tiktok.com": "TikTok",
             "bsky.app": "Bluesky", "spotify.com": "Spotify", "dailymotion.com": "Dailymotion",
             "wikimedia.org": "Wikimedia Commons", "archive.org": "Internet Archive"}


@dataclass(frozen=True)
class Image:
    """A picture file in the site (`src`, relative to its root), shown with its variants."""

    src: str
    alt: str  # '' only when decorative
    decorative: bool = False
    caption: str = ""
    credit: str = ""
    credit_url: str = ""
    license: str = ""
    line: int = 0
    picture: Optional[Picture] = None  # what the file holds, once it has been read

    @property
    def licence_link(self) -> tuple[str, str]:
        """(the licence's name, its deed's address or '') for a credit line."""
        return LICENCES.get(_licence_id(self.license), (self.license, ""))

    @property
    def own(self) -> bool:
        return self.license.strip().casefold() == OWN


@dataclass(frozen=True)
class MediaLink:
    """Media elsewhere (a video, a recording): a link, never fetched by the build or the page."""

    url: str
    title: str
    credit: str = ""
    line: int = 0
    archived: str = ""  # an archive's copy of it, http(s)

    @property
    def provider(self) -> str:
        host = (urlsplit(self.url).hostname or "").removeprefix("www.").removeprefix("m.")
        return PROVIDERS.get(".".join(host.split(".")[-2:]), PROVIDERS.get(host, host))


Media = Image | MediaLink


def images(media: tuple[Media, ...]) -> list[Image]:
    return [item for item in media if isinstance(item, Image)]


def links(media: tuple[Media, ...]) -> list[MediaLink]:
    return [item for item in media if isinstance(item, MediaLink)]


def preview_picture(media: tuple[Media, ...]) -> Optional[Image]:
    """The picture a shared link's preview shows: the first that says something (a decorative
    one has no alt text to give)."""
    return next((image for image in images(media) if not image.decorative and image.picture), None)


def _licence_id(text: str) -> str:
    return text.strip().casefold().replace(" ", "-").removesuffix("-4.0").removesuffix("-1.0")
