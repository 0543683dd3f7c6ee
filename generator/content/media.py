"""`media:` on an entry, and the picture files it names.

An entry's media are read with the entry (and cached with it); the files they name are looked at
on every build, since a picture can change or vanish while its entry stays as it was. A picture
is read whole once per content (by digest) and what it holds is cached: a build with a thousand
unchanged pictures hashes them and opens none.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Optional

import yaml

from ..config import Config
from ..config.schema import MEDIA, names
from ..core.cache import MemoryCache
from ..core.errors import Problems
from ..core.pictures import Picture, PictureError, inspect
from ..core.workers import fork_map
from ..model.media import OWN, Image, Media, MediaLink
from ..model.timeline import Event
from ..urls import is_web_address
from .files import PICTURES, stamp
from .frontmatter import FieldReader

LINK_KEYS = ("url", "archived", "title", "credit")
IMAGE_KEYS = tuple(key for key in names(MEDIA) if key not in ("url", "archived", "title"))
PICTURE_ONLY = tuple(key for key in IMAGE_KEYS if key not in LINK_KEYS)
MAX_MEDIA = 20
HELD = "picture"  # cache records: digest -> Picture, or the reason it was refused
DIGESTS = "picture digest"  # cache records: path -> (file stamp, digest)
_EMPTY_ALT = {"image", "photo", "picture", "img", "photograph", "pic", "graphic", "untitled"}
_WORDS = re.compile(r"\w+")


def read_media(reader: FieldReader, node: yaml.Node) -> tuple[Media, ...]:
    """`media:`, a list of pictures `{src, alt, caption, credit, ...}` and links `{url, title, credit}`."""
    items = reader.items(node, "media")
    if len(items) > MAX_MEDIA:
        reader.error(node, "media", f"has {len(items)} items; at most {MAX_MEDIA}")
        return ()
    result: list[Media] = []
    for index, item in enumerate(items):
        name = f"media[{index}]"
        keys = {key.value for key, _ in item.value} if isinstance(item, yaml.MappingNode) else set()
        if "src" in keys and "url" in keys:
            reader.error(item, name, "has both src and url",
                         "src: a picture file in the site; url: media elsewhere, linked to")
            continue
        read = _read_link if "url" in keys else _read_image
        media = read(reader, item, name)
        if media is not None:
            result.append(media)
    return tuple(result)


def _read_image(reader: FieldReader, item: yaml.Node, name: str) -> Optional[Image]:
    fields = reader.fields(item, name, IMAGE_KEYS + ("url", "title"))
    text = {key: reader.text(fields[key], f"{name}.{key}") for key in IMAGE_KEYS
            if key in fields and key != "decorative"}
    if not isinstance(item, yaml.MappingNode):
        return None
    for key in ("url", "title"):
        if key in fields:
            reader.error(fields[key], f"{name}.{key}", "belongs to a link ({url, title, credit}), not a picture")
    if "src" not in fields:
        reader.error(item, f"{name}.src", "missing", "write src: content/media/<file>, or url: for media elsewhere")
        return None
    decorative = reader.flag(fields["decorative"], f"{name}.decorative") if "decorative" in fields else False
    if None in text.values() or decorative is None:
        return None
    src = _picture_path(reader, fields["src"], f"{name}.src", text["src"])
    alt, caption = text.get("alt", ""), text.get("caption", "")
    ok = src is not None
    if decorative and alt:
        reader.error(fields["alt"], f"{name}.alt", "a decorative picture has no alt text",
                     "remove alt:, or decorative: true if the picture says something")
        ok = False
    elif not decorative and not alt:
        reader.error(fields.get("alt", item), f"{name}.alt", "missing: what does the picture show?",
                     "describe it for readers who cannot see it, or write decorative: true")
        ok = False
    elif alt and not _says_something(alt, caption, src or ""):
        reader.error(fields["alt"], f"{name}.alt", f"'{alt}' does not describe the picture",
                     "say what it shows; the caption is read after it, so do not repeat it")
        ok = False
    credit, licence = text.get("credit", ""), text.get("license", "")
    if not credit and licence.casefold() != OWN:
        reader.error(fields.get("credit", item), f"{name}.credit", "missing: who made the picture?",
                     "credit the photographer or agency, or write license: own for the newsroom's own")
        ok = False
    if text.get("credit_url") and not is_web_address(text["credit_url"]):
        reader.error(fields["credit_url"], f"{name}.credit_url", f"'{text['credit_url']}' is not an http(s) address")
        ok = False
    if not ok:
        return None
    return Image(src, alt, decorative, caption, credit, text.get("credit_url", ""), licence,
                 reader.entry.line(item))


def _read_link(reader: FieldReader, item: yaml.Node, name: str) -> Optional[MediaLink]:
    fields = reader.fields(item, name, LINK_KEYS + PICTURE_ONLY)
    for key in PICTURE_ONLY:
        if key in fields:
            reader.error(fields[key], f"{name}.{key}", "belongs to a picture ({src, alt, ...}), not a link")
    url = reader.text(fields["url"], f"{name}.url", required=True)
    title = reader.text(fields["title"], f"{name}.title", required=True) if "title" in fields else None
    credit = reader.text(fields["credit"], f"{name}.credit") if "credit" in fields else ""
    archived = reader.text(fields["archived"], f"{name}.archived") if "archived" in fields else ""
    if archived and not is_web_address(archived):
        reader.error(fields["archived"], f"{name}.archived", f"'{archived}' is not an http(s) address")
        return None
    if "title" not in fields:
        reader.error(item, f"{name}.title", "missing", "the link's text: what the reader will find there")
    if url and not is_web_address(url):
        reader.error(fields["url"], f"{name}.url", f"'{url}' is not an http(s) address")
        return None
    if url is None or title is None or credit is None or archived is None or any(k in fields for k in PICTURE_ONLY):
        return None
    return MediaLink(url, title, credit, reader.entry.line(item), archived)


def _picture_path(reader: FieldReader, node: yaml.Node, name: str, value: str) -> Optional[str]:
    """The picture's path relative to the site's root ('content/media/x.jpg'), or None."""
    path = PurePosixPath(value.strip().lstrip("/"))
    if not value.strip() or "\\" in value or ".." in path.parts or ":" in value:
        reader.error(node, name, f"'{value}' is not a path inside the site",
                     "write it from the site's folder, like content/media/summit.jpg")
        return None
    if path.suffix.lower() not in PICTURES:
        reader.error(node, name, f"'{value}' is not a picture file", f"use one of {', '.join(PICTURES)}")
        return None
    return path.as_posix()


def _says_something(alt: str, caption: str, src: str) -> bool:
    """False for alt text that is a placeholder ('image'), the file's name, or the caption again."""
    words = _WORDS.findall(alt.casefold())
    if not words or " ".join(words) in _EMPTY_ALT:
        return False
    if words == _WORDS.findall(PurePosixPath(src).stem.casefold().replace("_", " ")):
        return False
    return words != _WORDS.findall(caption.casefold())


def load_pictures(config: Config, events: list[Event], problems: Problems, cache: MemoryCache) -> list[Event]:
    """The events with each picture's file read (`Image.picture`), and their fingerprints changed
    with the pictures' contents; problems at the entry's line for a missing or unusable file."""
    wanted = sorted({image.src for event in events for image in event.media if isinstance(image, Image)})
    if not wanted:
        return events
    site = config.root.resolve()
    outside = {src for src in wanted if not _inside(site, src)}
    digests = _digests(config.root, [src for src in wanted if src not in outside], cache)
    known = cache.get(HELD, {d for d in digests.values() if d})
    fresh = [(src, digest) for src, digest in digests.items() if digest and digest not in known]
    for (_, digest), held in zip(fresh, fork_map(lambda item: _inspected(config.root / item[0], item[1]), fresh,
                                                 minimum=8)):
        known[digest] = held
    cache.put(HELD, {digest: known[digest] for _, digest in fresh})
    return [_with_pictures(event, digests, known, outside, problems) if event.media else event for event in events]


def _inside(site: Path, src: str) -> bool:
    """Whether a picture's path, links followed, stays in the site (`site`, resolved): a link out
    would publish a file of the build machine."""
    try:
        return (site / src).resolve().is_relative_to(site)
    except (RuntimeError, OSError):  # a link in a loop
        return False


def _digests(root: Path, wanted: list[str], cache: MemoryCache) -> dict[str, str]:
    """Each picture's content digest ('' if there is no such file), hashing only changed files."""
    kept = cache.get(DIGESTS, wanted)
    result, fresh = {}, {}
    for src in wanted:
        path = root / src
        try:
            status = path.stat()
        except OSError:
            result[src] = ""
            continue
        if not path.is_file():
            result[src] = ""
        elif src in kept and kept[src][0] == stamp(status):
            result[src] = kept[src][1]
        else:
            result[src] = hashlib.sha256(path.read_bytes()).hexdigest()
            fresh[src] = (stamp(status), result[src])
    cache.put(DIGESTS, fresh)
    return result


def _inspected(path: Path, digest: str) -> Picture | str:
    try:
        return inspect(path, digest)
    except PictureError as exc:
        return str(exc)


def _with_pictures(event: Event, digests: dict, known: dict, outside: set[str], problems: Problems) -> Event:
    media, ok = [], True
    for item in event.media:
        if isinstance(item, Image) and item.src in outside:
            problems.error(event.path, item.line, "media.src", f"{item.src} is a link to a file outside the site; "
                           "refused", "copy the picture into the site, for example under content/media/")
            ok = False
            continue
        if isinstance(item, Image):
            digest = digests[item.src]
            held = known.get(digest) if digest else f"no such file: {item.src}"
            if not isinstance(held, Picture):
                problems.error(event.path, item.line, "media.src", f"{item.src} {held}" if digest else held,
                               "" if digest else "put the picture in the site, for example under content/media/")
                ok = False
                continue
            item = replace(item, picture=held)
        media.append(item)
    if not ok:
        return event
    marks = "".join(i.picture.digest for i in media if isinstance(i, Image) and i.picture)
    return replace(event, media=tuple(media), fingerprint=_mixed(event.fingerprint, marks),
                   front_fingerprint=_mixed(event.front_fingerprint, marks))


def _mixed(fingerprint: str, marks: str) -> str:
    return hashlib.sha1(f"{fingerprint}\x1f{marks}".encode()).hexdigest()
