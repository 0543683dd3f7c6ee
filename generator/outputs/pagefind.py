"""Pagefind, run on our records: its bundle's files, the same bytes for the same records.

The binary comes from the `pagefind_bin` wheel. We talk to it as its own Python and Node APIs do
(`pagefind --service`: base64 JSON messages, each ended by a comma), with a reader thread instead
of the Python API's poll, which waits a tenth of a second for every record (17 minutes for 10,000).

Pagefind 1.5 writes its filter indexes' values in the order of a hash map, which changes from run
to run, and the names of those files (and of the metadata that lists them, and the entry that
names the metadata) with them (Pagefind #638). `canonical` puts the values in order and names
those files by their content again, so two builds of the same records are byte for byte the same.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import subprocess
import threading
from typing import Iterable

import cbor2

from ..core.errors import TimelineError

SIGNATURE = b"pagefind_dcd"  # what every compressed index file starts with, once decompressed
# what the reader's browser uses; the rest of Pagefind's output (its own interfaces) is left out
_USED = re.compile(r"pagefind\.js|pagefind-worker\.js|pagefind-entry\.json|[^/]+\.pf_meta|wasm\.[^/]+\.pagefind|"
                   r"(?:index|fragment|filter)/[^/]+")


def run_pagefind(records: list[dict], bundle: str) -> dict[str, bytes]:
    """Index the records (pages of Pagefind's own: url and file_contents) and return the bundle's
    files that readers use, by their path in the output (under `bundle`): all in memory, nothing
    written (the build's transaction writes them)."""
    from pagefind_bin import get_executable  # the binary's wheel, a dependency of ours

    try:
        service = _Service(str(get_executable()))
    except OSError as exc:
        raise TimelineError(f"the search index could not be made: Pagefind did not start ({exc})") from exc
    with service:
        index = service.ask({"type": "NewIndex", "config": {}})["index_id"]
        service.send_all({"type": "AddFile", "index_id": index, **record} for record in records)
        files = service.ask({"type": "GetFiles", "index_id": index})["files"]
    return canonical({f"{bundle}/{file['path']}": base64.b64decode(file["content"]) for file in files
                      if _USED.fullmatch(file["path"])}, bundle)


class _Service:
    """`pagefind --service`: requests in, responses out (in order), each a base64 JSON message and a comma."""

    def __init__(self, binary: str):
        self.process = subprocess.Popen([binary, "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        self.responses: list[dict] = []
        self.arrived = threading.Condition()
        self.sent = 0
        self.stopped = False
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def __enter__(self) -> "_Service":
        return self

    def __exit__(self, *exc) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)

    def _read(self) -> None:
        pending = bytearray()  # (a bytearray grows in place: the bundle's files come as one long message)
        while chunk := self.process.stdout.read1(1 << 20):
            pending += chunk
            if b"," not in chunk:
                continue
            *messages, rest = bytes(pending).split(b",")
            pending = bytearray(rest)
            with self.arrived:
                self.responses.extend(json.loads(base64.b64decode(message)) for message in messages)
                self.arrived.notify_all()
        with self.arrived:
            self.stopped = True
            self.arrived.notify_all()

    def _write(self, payload: dict) -> None:
        self.sent += 1
        message = {"message_id": self.sent, "payload": payload}
        self.process.stdin.write(base64.b64encode(json.dumps(message, ensure_ascii=False).encode()) + b",")

    def send_all(self, payloads: Iterable[dict]) -> None:
        for payload in payloads:
            self._write(payload)
        self.process.stdin.flush()
        self._wait()

    def ask(self, payload: dict) -> dict:
        self._write(payload)
        self.process.stdin.flush()
        return self._wait()

    def _wait(self) -> dict:
        """The last response, once every request has one; a failure as an error."""
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.responses) >= self.sent or self.stopped)
        if len(self.responses) < self.sent:
            raise TimelineError(f"the search index could not be made: pagefind stopped (exit {self.process.poll()})")
        failed = [r["payload"] for r in self.responses if r["payload"].get("type") == "Error"]
        if failed:
            raise TimelineError(f"the search index could not be made: {failed[0].get('message', failed[0])}")
        return self.responses[-1]["payload"]


def canonical(files: dict[str, bytes], folder: str) -> dict[str, bytes]:
    """The bundle with its filter indexes' values in order, and the files whose bytes that changes
    named by their content again (the filters, the metadata listing them, the entry naming that)."""
    files = dict(files)
    entry = json.loads(files[f"{folder}/pagefind-entry.json"])
    for language in entry["languages"].values():
        meta_path = f"{folder}/pagefind.{language['hash']}.pf_meta"
        meta = _read(files.pop(meta_path))
        code = language["hash"].rsplit("_", 1)[0]
        renamed = []
        for name, digest in meta[3]:  # [filter name, its file's hash]
            values = _read(files.pop(f"{folder}/filter/{digest}.pf_filter"))
            values[1].sort(key=lambda item: item[0])
            data = _written(values)
            digest = f"{code}_{_digest(data, 7)}"
            files[f"{folder}/filter/{digest}.pf_filter"] = data
            renamed.append([name, digest])
        meta[3] = sorted(renamed)
        meta[4] = sorted(meta[4], key=lambda item: item[0])  # the sort orders, by name
        data = _written(meta)
        language["hash"] = f"{code}_{_digest(data, 10)}"
        files[f"{folder}/pagefind.{language['hash']}.pf_meta"] = data
    entry["languages"] = dict(sorted(entry["languages"].items()))
    files[f"{folder}/pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
    return dict(sorted(files.items()))


def _read(data: bytes):
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise TimelineError("the search index could not be made: Pagefind wrote a file this version cannot read")
    return cbor2.loads(raw[len(SIGNATURE):])


def _written(value) -> bytes:
    return gzip.compress(SIGNATURE + cbor2.dumps(value), mtime=0)


def _digest(data: bytes, length: int) -> str:
    return hashlib.sha256(data).hexdigest()[:length]
