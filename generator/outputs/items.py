"""The list exports' items: one per event, made once and then reused.

events.json, timelinejs.json, events.ics and events.csv each list every event:
a head, one item per event, a tail. Items are keyed by what they show, so a build makes only the
items of events that changed and takes the others from
- this process's earlier builds (the preview server keeps every item in memory), or else
- the file a previous build wrote: the cache holds its layout (each item's key and length, and a
  digest of the whole file), so a one-shot build after an edit slices the unchanged items out of
  the old file instead of making 10,000 of them again. A file that is not byte for byte what its
  layout describes (edited by hand, or left by a build that did not finish) is not used.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Callable, Optional

from ..core.cache import MemoryCache
from ..core.workers import fork_map
from ..model.timeline import Event
from ..site.pages import Previous, no_previous


@dataclass(frozen=True)
class ListFormat:
    head: str  # the name of the Exports method that makes the head, and of the one making an item
    item: str
    separator: bytes
    tail: bytes
    shows_body: bool  # whether an item changes with the event's body (or only its front matter)


LIST_EXPORTS = {
    "events.json": ListFormat("events_json_head", "events_json_item", b",\n", b"\n]}\n", True),
    "timelinejs.json": ListFormat("timelinejs_head", "timelinejs_item", b",\n", b"\n]}\n", False),
    "events.ics": ListFormat("icalendar_head", "icalendar_item", b"", b"END:VCALENDAR\r\n", False),
    "events.csv": ListFormat("csv_head", "csv_item", b"", b"", False),
}

Keyed = list[tuple[str, Event]]  # (item key, event), in the order of the export


class ExportItems:
    """The items of every list export a build writes, by export and key."""

    def __init__(self, cache: Optional[MemoryCache], version: str, previous: Previous = no_previous,
                 prefix: str = ""):
        """`prefix`: where the exports are in the output ('uk/' for a language's, '' at the root)."""
        self.cache, self.prefix = cache, prefix
        self.version = version  # changes with anything every item depends on
        # {name: {key: item}}, kept for this process's next builds
        self.kept: dict[str, dict[str, bytes | memoryview]] = (
            cache.memo(f"export items:{prefix}", version) if cache is not None else {})
        self.previous = previous
        self.order: dict[str, list[str]] = {}  # name -> the keys of its items, in order

    def prepare(self, wanted: dict[str, Keyed], make: Callable[[str, Event], bytes],
                head: Callable[[str], bytes], ready: Callable[[list[tuple[str, Event]]], None]) -> None:
        """Have every wanted item: kept, sliced from the previous file, or made (on every core).
        `ready` gets what is to be made (export name, event) before the workers are forked."""
        missing: list[tuple[str, str, Event]] = []
        for name, keyed in wanted.items():
            items = self.kept.setdefault(name, {})
            self.order[name] = [key for key, _ in keyed]
            absent = [(key, event) for key, event in keyed if key not in items]
            if len(absent) > len(keyed) // 2:
                items.update(self._from_previous(name, {key for key, _ in absent}))
                absent = [(key, event) for key, event in absent if key not in items]
            missing += [(name, key, event) for key, event in absent]
        ready([(name, event) for name, _, event in missing])
        made = fork_map(lambda i: make(missing[i][0], missing[i][2]), range(len(missing)))
        for (name, key, _), item in zip(missing, made):
            self.kept[name][key] = item
        for name in wanted:
            self._forget_stale(name)
            self._note_layout(name, head(name))

    def join(self, name: str, head: bytes, keys: Optional[set[str]] = None) -> list:
        """The whole file as its pieces in order (it can be tens of megabytes: the writer writes
        them as they are, without making one copy of it all); `keys`: only those items (a part)."""
        return self._parts(name, head, keys)

    def _parts(self, name: str, head: bytes, keys: Optional[set[str]] = None) -> list:
        """The file's pieces in order: head, item, separator, item, ..., item, tail."""
        spec, items = LIST_EXPORTS[name], self.kept[name]
        parts = [head]
        for key in self.order[name]:
            if keys is None or key in keys:
                parts += (items[key], spec.separator)
        if len(parts) > 1:
            parts.pop()  # no separator after the last item
        parts.append(spec.tail)
        return parts

    # -- the previous file -----------------------------------------------------------------------

    def _from_previous(self, name: str, keys: set[str]) -> dict[str, memoryview]:
        """The items with these keys that the file in the output holds, if it is what we wrote."""
        layout = self.cache.get_map(_layout_name(self.prefix + name)) if self.cache is not None else {}
        if layout.get("version") != self.version or not keys.intersection(layout["keys"]):
            return {}
        data = self.previous(self.prefix + name)
        if data is None or len(data) != layout["size"] or hashlib.sha256(data).hexdigest() != layout["digest"]:
            return {}
        view = memoryview(data)  # items are views of the old file's bytes, not copies of them
        found, position, step = {}, layout["head"], len(LIST_EXPORTS[name].separator)
        for key, length in zip(layout["keys"], layout["lengths"]):
            if key in keys:
                found[key] = view[position:position + length]
            position += length + step
        return found

    def _note_layout(self, name: str, head: bytes) -> None:
        """Describe the file this build writes, for the next build to slice items out of (in
        another process: this one keeps the items themselves)."""
        if self.cache is None or not self.cache.lasts:
            return
        parts = self._parts(name, head)
        digest = hashlib.sha256()
        for part in parts:
            digest.update(part)
        layout = {"version": self.version, "digest": digest.hexdigest(), "size": sum(map(len, parts)),
                  "head": len(head), "keys": self.order[name], "lengths": [len(item) for item in parts[1:-1:2]]}
        if self.cache.get_map(_layout_name(self.prefix + name)) != layout:
            self.cache.put_map(_layout_name(self.prefix + name), layout)

    def _forget_stale(self, name: str) -> None:
        """Drop kept items of edited entries' earlier versions, once they pile up."""
        items, keys = self.kept[name], self.order[name]
        if len(items) > len(keys) * 1.5:
            live = set(keys)
            for key in [k for k in items if k not in live]:
                del items[key]


def _layout_name(name: str) -> str:
    return f"export layout:{name}"

