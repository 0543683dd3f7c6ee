"""The parties registry, `content/parties.toml`: who can take part, declared once.

Entries name parties by id, name or alias (any case); all three resolve to the id, so a
party's page never splits on a spelling.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

from ..config import SLUG, read_toml, toml_line
from ..core.errors import Problems, did_you_mean, one_of
from ..core.languages import is_known_language
from ..model.timeline import Party

PARTIES_FILE = "content/parties.toml"
PARTY_TYPES = ("country", "organisation", "group")
_KEYS = ("name", "type", "aliases", "names")


@dataclass(frozen=True)
class Registry:
    parties: Mapping[str, Party]
    lookup: Mapping[str, str]  # casefolded id, name or alias -> id

    def resolve(self, name: str) -> Optional[str]:
        return self.lookup.get(name.strip().casefold())

    def suggestion(self, name: str) -> str:
        return did_you_mean(name, [*(p.name for p in self.parties.values()), *self.parties])  # ids win ties


def load_parties(root: Path, problems: Problems) -> Registry:
    path = root / PARTIES_FILE
    if not path.is_file():
        return Registry({}, {})
    data, text = read_toml(path, PARTIES_FILE, problems)
    parties = {}
    for party_id, spec in data.items():
        party = _read_party(party_id, spec, text, problems)
        if party:
            parties[party_id] = party
    return Registry(dict(sorted(parties.items())), _lookup(parties, text, problems))


def _read_party(party_id: str, spec: object, text: str, problems: Problems) -> Optional[Party]:
    line = toml_line(text, None, party_id)
    if not SLUG.fullmatch(party_id):
        problems.error(PARTIES_FILE, line, party_id, "a party id must be lowercase letters, digits and hyphens",
                       "for example [united-states]")
        return None
    if not isinstance(spec, dict):
        problems.error(PARTIES_FILE, line, party_id, "expected a table", f"write [{party_id}] then name = \"...\"")
        return None
    ok = True
    for key in spec:
        if key not in _KEYS:
            problems.error(PARTIES_FILE, toml_line(text, party_id, key), f"{party_id}.{key}", "unknown key",
                           did_you_mean(key, _KEYS) or one_of(_KEYS))
            ok = False
    name, kind, aliases = spec.get("name"), spec.get("type", "country"), spec.get("aliases", [])
    if not isinstance(name, str) or not name.strip():
        problems.error(PARTIES_FILE, toml_line(text, party_id, "name") or line, f"{party_id}.name",
                       "required, as text", f"add name = \"...\" under [{party_id}]")
        ok = False
    if kind not in PARTY_TYPES:
        problems.error(PARTIES_FILE, toml_line(text, party_id, "type"), f"{party_id}.type",
                       f"unknown type {kind!r}", one_of(PARTY_TYPES))
        ok = False
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        problems.error(PARTIES_FILE, toml_line(text, party_id, "aliases"), f"{party_id}.aliases",
                       "expected a list of names", 'aliases = ["UA"]')
        ok = False
    names = _names(party_id, spec.get("names", {}), text, problems)
    if names is None:
        ok = False
    return Party(party_id, name.strip(), kind, tuple(a.strip() for a in aliases), line, names or ()) if ok else None


def _names(party_id: str, names: object, text: str, problems: Problems) -> tuple[tuple[str, str], ...] | None:
    """`names = {uk = "Україна"}`: the party's name in the site's other languages."""
    line = toml_line(text, party_id, "names")
    if not isinstance(names, dict) or not all(isinstance(v, str) and v.strip() for v in names.values()):
        problems.error(PARTIES_FILE, line, f"{party_id}.names", "expected a table of names by language",
                       'names = { uk = "Україна" }')
        return None
    unknown = [code for code in names if not is_known_language(code)]
    if unknown:
        problems.error(PARTIES_FILE, line, f"{party_id}.names", f"unknown language '{unknown[0]}'",
                       "a language tag CLDR knows: en, en-GB, uk, de, ar...")
        return None
    return tuple(sorted((code, value.strip()) for code, value in names.items()))


def _lookup(parties: Mapping[str, Party], text: str, problems: Problems) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for party in parties.values():
        for name in (party.id, party.name, *party.aliases):
            key = name.casefold()
            if lookup.get(key, party.id) != party.id:
                problems.error(PARTIES_FILE, toml_line(text, None, party.id), party.id,
                               f"'{name}' already names party '{lookup[key]}'", "names and aliases must be unique")
                continue
            lookup[key] = party.id
    return lookup
