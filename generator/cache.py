"""The build cache: what earlier builds learnt, so the next one does only the new work.

One SQLite file in `.timeline-cache/` (ignored by git, never inside the output, safe to delete):
- `blobs`: whole maps kept as one pickle each: validated entries by file, and the fingerprint of
  every page written to an output folder;
- `fragments`: rendered HTML by content key: Markdown bodies and event cards.

Every key includes `CODE_KEY`, a hash of the generator's own source, so a new version never
trusts an old cache. A cache that cannot be read is treated as empty; a build never fails because
of its cache. `MemoryCache` is the same interface without a file (`--no-cache`, and tests).
"""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
from pathlib import Path
from typing import Any, Iterable, Optional

CACHE_DIR = ".timeline-cache"


def _code_key() -> str:
    digest = hashlib.sha1()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


CODE_KEY = _code_key()


def key_of(*parts: Any) -> str:
    """A short stable hash of the parts' text."""
    return hashlib.sha1("\x1f".join(map(str, (CODE_KEY, *parts))).encode("utf-8", "surrogatepass")).hexdigest()


class MemoryCache:
    def __init__(self) -> None:
        self.blobs: dict[str, Any] = {}
        self.fragments: dict[str, Any] = {}

    def get_blob(self, name: str, default: Any = None) -> Any:
        return self.blobs.get(name, default)

    def put_blob(self, name: str, value: Any) -> None:
        self.blobs[name] = value

    def get_fragments(self, keys: Iterable[str]) -> dict[str, Any]:
        return {k: self.fragments[k] for k in keys if k in self.fragments}

    def put_fragments(self, items: dict[str, Any]) -> None:
        self.fragments.update(items)

    def commit(self, live: Optional[set[str]] = None) -> None:
        pass


class DiskCache(MemoryCache):
    """MemoryCache backed by SQLite: reads go to the file, writes are held until commit()."""

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder
        self.db: Optional[sqlite3.Connection] = None
        if (folder / "cache.sqlite").is_file():
            self._connect()

    def _connect(self) -> None:
        """Open (creating if need be) the database; an unusable cache is an empty one."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / ".gitignore").write_text("*\n", encoding="utf-8")
            self.db = sqlite3.connect(self.folder / "cache.sqlite", timeout=5)
            self.db.execute("CREATE TABLE IF NOT EXISTS blobs (name TEXT PRIMARY KEY, value BLOB)")
            self.db.execute("CREATE TABLE IF NOT EXISTS fragments (key TEXT PRIMARY KEY, value BLOB)")
        except (OSError, sqlite3.Error):
            self.db = None

    def get_blob(self, name: str, default: Any = None) -> Any:
        if name in self.blobs or self.db is None:
            return super().get_blob(name, default)
        try:
            row = self.db.execute("SELECT value FROM blobs WHERE name = ?", (name,)).fetchone()
            return pickle.loads(row[0]) if row else default
        except (sqlite3.Error, pickle.PickleError, EOFError, AttributeError, TypeError, ValueError):
            return default

    def get_fragments(self, keys: Iterable[str]) -> dict[str, Any]:
        wanted = list(keys)
        found = super().get_fragments(wanted)
        missing = [k for k in wanted if k not in found]
        if self.db is None or not missing:
            return found
        try:
            for start in range(0, len(missing), 500):
                chunk = missing[start:start + 500]
                query = f"SELECT key, value FROM fragments WHERE key IN ({','.join('?' * len(chunk))})"
                found.update((k, pickle.loads(v)) for k, v in self.db.execute(query, chunk))
        except (sqlite3.Error, pickle.PickleError, EOFError, AttributeError, TypeError, ValueError):
            pass
        return found

    def commit(self, live: Optional[set[str]] = None) -> None:
        """Save what was put; with `live`, also drop fragments no longer used once they pile up."""
        if self.db is None:
            self._connect()
        if self.db is None:
            return
        try:
            with self.db:
                self.db.executemany("INSERT OR REPLACE INTO blobs VALUES (?, ?)",
                                    [(k, pickle.dumps(v, protocol=5)) for k, v in self.blobs.items()])
                self.db.executemany("INSERT OR REPLACE INTO fragments VALUES (?, ?)",
                                    [(k, pickle.dumps(v, protocol=5)) for k, v in self.fragments.items()])
                if live is not None:
                    self._prune(live)
            self.blobs.clear()
            self.fragments.clear()
        except sqlite3.Error:
            pass

    def _prune(self, live: set[str]) -> None:
        (count,) = self.db.execute("SELECT COUNT(*) FROM fragments").fetchone()
        if count > 2 * len(live) + 1000:
            dead = [(k,) for (k,) in self.db.execute("SELECT key FROM fragments") if k not in live]
            self.db.executemany("DELETE FROM fragments WHERE key = ?", dead)

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
