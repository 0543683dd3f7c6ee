"""Files made once and kept by what they were made from: picture variants and social cards.

They are too big for the record cache and cost too much to make again (a picture's variants take
a tenth of a second, a card a hundredth), so a build with an empty output but a warm cache copies
them instead. They live in the cache folder (`blobs/`), or, for a build without one, in a
temporary folder that lasts as long as the process (the preview server's builds share it).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from pathlib import Path
from typing import Iterable, Optional


class Blobs:
    def __init__(self, folder: Optional[Path]):
        if folder is None:
            folder = Path(tempfile.mkdtemp(prefix="timeline-blobs-"))
            weakref.finalize(self, shutil.rmtree, folder, True)
        self.folder = folder
        self.used: set[str] = set()  # the names this build's pages are made from

    def path(self, name: str) -> Path:
        return self.folder / name[:2] / name

    def has(self, name: str) -> bool:
        return self.path(name).is_file()

    def lacking(self, pages: Iterable) -> list:
        """The pages (keyed by their blob's name) whose blob is not in the store: those to make."""
        return [page for page in pages if not self.has(page.key)]

    def read(self, name: str) -> bytes:
        return self.path(name).read_bytes()

    def put(self, name: str, data: bytes) -> None:
        """Written whole or not at all (workers may put at once; a killed build leaves no half file)."""
        target = self.path(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{name}.{os.getpid()}")
        temporary.write_bytes(data)
        os.replace(temporary, target)

    def forget_unused(self) -> None:
        """Delete the blobs no page of this build was made from."""
        if not self.used or not self.folder.is_dir():
            return
        for path in self.folder.glob("*/*"):
            if path.name not in self.used:
                path.unlink(missing_ok=True)
