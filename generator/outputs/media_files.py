"""The picture variants of every event's media: a family of files of its own, shared by every
language. Variants are made once per picture content (on every core, before the pages are
written) and kept in the blob store, so an output rebuilt from scratch copies them."""

from __future__ import annotations

from typing import Iterable, Sequence

from ..config import Config
from ..core.pictures import variants
from ..core.workers import fork_map
from ..model.media import Image, images
from ..site.figures import variant_blob, variant_file
from ..site.pages import Family, Page


class MediaFiles(Family):
    every_language = False

    def pages(self, planned: Sequence[Page]) -> Iterable[Page]:
        site = self.site
        self.images: dict[str, Image] = {}  # by output path
        seen: set[str] = set()
        for event in site.timeline.events:
            for image in images(event.media):
                picture = image.picture
                for width in picture.widths():
                    for extension in ("webp", picture.fallback):
                        path = variant_file(image, width, extension)
                        if path in seen:
                            continue
                        seen.add(path)
                        self.images[path] = image
                        yield site.blob(site.urls.root + path, variant_blob(picture, width, extension))

    def prepare(self, todo: Sequence[Page]) -> None:
        """Make the variants of every picture some page needs and the blob store lacks."""
        blobs = self.site.cache.blobs
        work = list({self.images[page.path].picture.digest: self.images[page.path] for page in blobs.lacking(todo)}
                    .values())
        list(fork_map(lambda i: _make(self.site.config, work[i], blobs), range(len(work)), minimum=2))


def _make(config: Config, image: Image, blobs) -> None:
    for name, data in variants(config.root / image.src, image.picture).items():
        width, extension = name.split(".")
        blobs.put(variant_blob(image.picture, int(width), extension), data)
