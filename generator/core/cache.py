"""The build cache: what earlier builds learnt, so the next one does only the new work.

Records of a few kinds, each a map from key to value: validated entries by file, Markdown bodies
and event cards by content key, the links each body makes, and the key of every page written to
an output folder. A build reads what it needs, puts what it made, and the cache saves only the
records that changed. On disk it is one SQLite file in `.timeline-cache/` (ignored by git, never
inside the output, safe to delete). Every key a caller makes includes `CODE_KEY`, a hash of the
generator's own source, and the file's records are dropped when another version made them, so a
new version never trusts an old cache; a cache that cannot be read
is an empty one, so a build never fails because of it. `MemoryCache` is the same without a file
(`--no-cache`, the preview server's memory, and tests).
"""

from __future__ import annotations

import hashlib
import pickle
import shutil
import sqlite3
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable, Optional

from .blobs import Blobs

CACHE_DIR = ".timeline-cache"
SCHEMA = 2  # of the SQLite file; a file of another version is emptied


def _code_key() -> str:
    digest = hashlib.sha1()
    package = Path(__file__).parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()[:16]


CODE_KEY = _code_key()


def key_of(*parts: Any) -> str:
    """A short stable hash of the parts' text."""
    return hashlib.sha1("\x1f".join(map(str, (CODE_KEY, *parts))).encode("utf-8", "surrogatepass")).hexdigest()


class MemoryCache:
    """Records by kind and key, held in memory."""

    lasts = False  # whether the records outlive this process

    def __init__(self) -> None:
        self.records: dict[str, dict[str, Any]] = {}
        # What each output folder holds after this process last wrote it (never saved: another
        # process may have changed the folder since).
        self.inventories: dict[Path, set[str]] = {}
        self._memos: dict[str, tuple[str, dict]] = {}

    def keep_inventory(self, output: Path, files: set[str]) -> None:
        """What an output folder holds, as this process's build just left it."""
        self.inventories[output] = files

    def take_inventory(self, output: Path) -> Optional[set[str]]:
        """What this process's last build left in the output folder (None if none did): taken, so a
        build that fails before it writes leaves the next one to look."""
        return self.inventories.pop(output, None)

    @cached_property
    def blobs(self) -> Blobs:
        """The store of picture variants and social cards, beside the records (for the life of the
        process without a cache folder: the preview's builds share it)."""
        folder = getattr(self, "folder", None)
        return Blobs(folder / "blobs" if folder is not None else None)

    def memo(self, name: str, version: str) -> dict:
        """A dict this process keeps for its next builds (the preview server's), e.g. of keys
        already hashed; a new `version` (say, a changed template) starts it afresh."""
        current = self._memos.get(name)
        if current is None or current[0] != version:
            current = self._memos[name] = (version, {})
        return current[1]

    def load(self, kind: str) -> dict[str, Any]:
        """Every record of a kind (a copy the caller may keep)."""
        return dict(self.records.get(kind, {}))

    def get(self, kind: str, keys: Iterable[str]) -> dict[str, Any]:
        records = self.records.get(kind, {})
        return {k: records[k] for k in keys if k in records}

    def put(self, kind: str, items: dict[str, Any]) -> None:
        self.records.setdefault(kind, {}).update(items)

    def keys(self, kind: str) -> set[str]:
        return set(self.records.get(kind, {}))

    def get_map(self, name: str) -> dict[str, Any]:
        """A small map kept whole as one record (cheaper than a record per item)."""
        return dict(self.get("map", [name]).get(name, {}))

    def put_map(self, name: str, value: dict[str, Any]) -> None:
        self.put("map", {name: value})

    def keep_only(self, kind: str, live: set[str]) -> None:
        """Forget the records of a kind that are not in `live`."""
        records = self.records.get(kind, {})
        for key in [k for k in records if k not in live]:
            del records[key]

    def commit(self) -> None:
        pass

    def close(self) -> None:
        pass


class DiskCache(MemoryCache):
    """The same records in SQLite: read on demand and kept in memory (so a long-lived instance,
    like the preview server's, reads each record once), changes saved by commit()."""

    lasts = True

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder
        self.db: Optional[sqlite3.Connection] = None
        self.loaded: set[str] = set()  # kinds whose records are all in memory
        self.stored_keys: dict[str, set[str]] = {}  # keys known to be in the file, by kind
        self.changed: dict[str, dict[str, Any]] = {}
        self.dropped: dict[str, set[str]] = {}
        self.found = folder.exists()  # if not, and nothing is saved (a failed build), close() removes it
        self.saved = False
        if (folder / "cache.sqlite").is_file():
            self._connect()

    def _connect(self) -> None:
        """Open (creating if need be) the database; an unusable cache is an empty one."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / ".gitignore").write_text("*\n", encoding="utf-8")
            self.db = sqlite3.connect(self.folder / "cache.sqlite", timeout=5, check_same_thread=False)
            if self.db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:
                with self.db:
                    self.db.execute("DROP TABLE IF EXISTS records")
                    # A table with row ids (records are kilobytes: SQLite stores them better so than
                    # inside the key's tree, and writes 10,000 entries' worth in half the time), and
                    # an index of (kind, key) that lists a kind's keys without reading any record.
                    self.db.execute("CREATE TABLE records (kind TEXT, key TEXT, value BLOB, UNIQUE (kind, key))")
                    self.db.execute(f"PRAGMA user_version = {SCHEMA}")
            self._forget_other_versions()
        except (OSError, sqlite3.Error):
            self.db = None

    def _forget_other_versions(self) -> None:
        """Records made by another version of the generator are dropped: they are keyed by file, not
        by CODE_KEY, and hold its objects (a translation read by an older version lacks what this one
        gives it). The blobs' keys include CODE_KEY already."""
        with self.db:
            self.db.execute("CREATE TABLE IF NOT EXISTS made_by (code TEXT)")
            if self.db.execute("SELECT code FROM made_by").fetchall() != [(CODE_KEY,)]:
                self.db.execute("DELETE FROM records")
                self.db.execute("DELETE FROM made_by")
                self.db.execute("INSERT INTO made_by VALUES (?)", [CODE_KEY])

    def _query(self, sql: str, arguments: Iterable) -> list:
        try:
            return self.db.execute(sql, list(arguments)).fetchall() if self.db else []
        except sqlite3.Error:
            return []

    def load(self, kind: str) -> dict[str, Any]:
        if kind not in self.loaded:
            stored = dict(self._unpickled(self._query("SELECT key, value FROM records WHERE kind = ?", [kind])))
            for key in self.dropped.get(kind, ()):
                stored.pop(key, None)
            self.records[kind] = {**stored, **self.records.get(kind, {})}
            self.loaded.add(kind)
        return super().load(kind)

    def get(self, kind: str, keys: Iterable[str]) -> dict[str, Any]:
        wanted = list(keys)
        found = super().get(kind, wanted)
        missing = [k for k in wanted if k not in found and k not in self.dropped.get(kind, ())]
        if kind in self.loaded or not missing:
            return found
        for start in range(0, len(missing), 500):
            chunk = missing[start:start + 500]
            rows = dict(self._unpickled(self._query(
                f"SELECT key, value FROM records WHERE kind = ? AND key IN ({','.join('?' * len(chunk))})",
                [kind, *chunk])))
            self.records.setdefault(kind, {}).update(rows)
            found.update(rows)
        return found

    def put(self, kind: str, items: dict[str, Any]) -> None:
        super().put(kind, items)
        if kind in self.stored_keys:
            self.stored_keys[kind].update(items)
        self.changed.setdefault(kind, {}).update(items)
        self.dropped.get(kind, set()).difference_update(items)

    def keep_only(self, kind: str, live: set[str]) -> None:
        if kind not in self.stored_keys:  # found once per kind (in memory if all were read), then kept up to date
            self.stored_keys[kind] = set(self.records.get(kind, {})) if kind in self.loaded else {
                key for (key,) in self._query("SELECT key FROM records WHERE kind = ?", [kind])}
        super().keep_only(kind, live)
        dead = {key for key in self.stored_keys[kind] if key not in live}
        self.dropped.setdefault(kind, set()).update(dead)
        self.stored_keys[kind] -= dead
        changed = self.changed.get(kind, {})
        for key in [k for k in changed if k not in live]:
            del changed[key]

    def commit(self) -> None:
        if not self.changed and not any(self.dropped.values()):
            return
        if self.db is None:
            self._connect()
        if self.db is None:
            return
        try:
            with self.db:
                self.db.executemany("DELETE FROM records WHERE kind = ? AND key = ?",
                                    ((kind, key) for kind, keys in self.dropped.items() for key in keys))
                self.db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?)",
                                    ((kind, key, pickle.dumps(value, protocol=5))
                                     for kind, items in self.changed.items() for key, value in items.items()))
            self.saved = True
        except sqlite3.Error:
            pass
        self.changed, self.dropped = {}, {}

    @staticmethod
    def _unpickled(rows: list) -> Iterable[tuple[str, Any]]:
        for key, value in rows:
            try:
                yield key, pickle.loads(value)
            except Exception:  # a damaged record is a missing one  # noqa: BLE001
                continue

    def close(self) -> None:
        """Close the file; a folder this cache made but never saved to (the build failed) goes."""
        if self.db is not None:
            self.db.close()
        if not self.found and not self.saved:
            shutil.rmtree(self.folder, ignore_errors=True)
