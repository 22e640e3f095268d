"""The registry of organizations, their aliases, parents and industries
(``organizations.toml``, ``subsidiaries.toml``) and a user's overrides file."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from moneytrail.resolve.employers.datafiles import _read_toml


@dataclass(frozen=True)
class Organization:
    id: str
    name: str
    naics: str
    sector: str
    sector_label: str
    parent: str | None
    source: str
    naics_source: str
    parent_source: str | None
    aliases: tuple[str, ...]
    patterns: tuple[str, ...]


@dataclass(frozen=True)
class NonOrgCategory:
    id: str
    label: str
    variants: tuple[str, ...]
    patterns: tuple[str, ...]
    # Beside a registry organization ("/"), the status is a second employer, not the one.
    second_beside_known: bool = False


def _sector_of(code: str, sectors: Mapping[str, str]) -> str:
    two = code[:2]
    for key in sectors:
        if "-" in key:
            lo, hi = key.split("-")
            if lo <= two <= hi:
                return key
        elif key == two:
            return key
    raise ValueError(f"NAICS code {code} is in no sector of naics_sectors.toml")


@dataclass
class Registry:
    organizations: dict[str, Organization]
    non_orgs: dict[str, NonOrgCategory]
    naics: dict[str, str]
    sources: dict[str, str]
    # Names from a user's imported register (``orgs import-gleif``): aliases that yield to
    # the packaged ones, per organization.
    imported: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # What each listed name of a unit, subsidiary or brand is, and where it is from, by
    # (org_id, alias as written).
    alias_notes: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def load(cls, imported: Path | None = None) -> Registry:
        """The packaged registry; with ``imported``, plus the aliases of a file in the
        subsidiaries.toml format that a user's import wrote (entries naming an organization
        the registry no longer has are left out)."""
        naics_data = _read_toml("naics_sectors.toml")
        sectors: dict[str, str] = {k: v["label"] for k, v in naics_data["sectors"].items()}
        codes: dict[str, str] = dict(sectors)
        codes.update({k: v["label"] for k, v in naics_data.get("codes", {}).items()})
        org_data = _read_toml("organizations.toml")
        sources: dict[str, str] = dict(org_data.get("sources", {}))
        orgs: dict[str, Organization] = {}
        for entry in org_data["org"]:
            oid = entry["id"]
            if oid in orgs:
                raise ValueError(f"organization {oid} defined twice")
            naics = str(entry["naics"])
            sector = _sector_of(naics, sectors)
            orgs[oid] = Organization(
                id=oid,
                name=entry["name"],
                naics=naics,
                sector=sector,
                sector_label=sectors[sector],
                parent=entry.get("parent"),
                source=entry["source"],
                naics_source=entry.get("naics_source", "census-naics"),
                parent_source=entry.get("parent_source"),
                aliases=tuple(entry.get("aliases", ())),
                patterns=tuple(entry.get("patterns", ())),
            )
        # Names of units, brands and predecessors, each with its own source, are aliases
        # of the organization they belong to (subsidiaries.toml).
        notes: dict[tuple[str, str], str] = {}
        listed = _listed_aliases(_read_toml("subsidiaries.toml"), orgs, sources, notes, strict=True)
        for oid, names in listed.items():
            orgs[oid] = replace(orgs[oid], aliases=(*orgs[oid].aliases, *names))
        extra: dict[str, tuple[str, ...]] = {}
        if imported is not None:
            with open(imported, "rb") as fh:
                data = tomllib.load(fh)
            sources.update(data.get("sources", {}))
            found = _listed_aliases(data, orgs, sources, notes, strict=False)
            extra = {oid: tuple(names) for oid, names in found.items()}
        non_data = _read_toml("non_organizations.toml")
        non_orgs = {
            c["id"]: NonOrgCategory(
                id=c["id"],
                label=c["label"],
                variants=tuple(c.get("variants", ())),
                patterns=tuple(c.get("patterns", ())),
                second_beside_known=c.get("second_beside_known", False),
            )
            for c in non_data["category"]
        }
        return cls(orgs, non_orgs, codes, sources, extra, notes)

    def source_text(self, key: str) -> str:
        return self.sources.get(key, key)

    def sector_of(self, code: str) -> str:
        """The NAICS sector (its key in naics_sectors.toml: 23, 31-33) of ``code``."""
        return _sector_of(code, self.naics)

    def ancestry(self, org_id: str) -> list[str]:
        """org_id, its parent, …, its ultimate parent (raises on a cycle)."""
        chain = [org_id]
        seen = {org_id}
        parent = self.organizations[org_id].parent
        while parent is not None:
            if parent in seen:
                raise ValueError(f"parent cycle: {' → '.join([*chain, parent])}")
            chain.append(parent)
            seen.add(parent)
            parent = self.organizations[parent].parent
        return chain


def _listed_aliases(
    data: dict[str, Any],
    orgs: Mapping[str, Organization],
    sources: Mapping[str, str],
    notes: dict[tuple[str, str], str],
    *,
    strict: bool,
) -> dict[str, list[str]]:
    """The ``alias`` entries of a file in the subsidiaries.toml format, by organization;
    each entry's kind, fact and source go to ``notes``. An entry naming an organization the
    registry lacks is an error when ``strict`` (the packaged file), else left out (a user's
    import written against an older registry)."""
    listed: dict[str, list[str]] = {}
    for entry in data.get("alias", ()):
        missing = [k for k in ("org", "alias", "kind", "source") if not entry.get(k)]
        if missing:
            raise ValueError(f"an alias entry lacks {', '.join(missing)}: {entry}")
        if entry["org"] not in orgs:
            if strict:
                raise ValueError(f"subsidiaries.toml: no organization {entry['org']!r}")
            continue
        listed.setdefault(entry["org"], []).append(entry["alias"])
        source = sources.get(entry["source"], entry["source"])
        note = f"{entry['kind']}: {entry['why']}" if entry.get("why") else entry["kind"]
        notes[(entry["org"], entry["alias"])] = f"{note} ({source})"
    return listed


def toml_string(value: str) -> str:
    """``value`` as a TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def _load_overrides(path: str | Path | None) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """A user's corrections: ``[overrides]`` maps a raw string (or its normalized form) to
    an org_id, a non-organization or a discovered ``n:`` id; ``[organizations.<id>]``
    tables declare organizations the registry lacks (name, and optionally parent, naics)."""
    if path is None:
        return {}, []
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    table = data.get("overrides", {} if "organizations" in data else data)
    aliases = {str(k).strip().upper(): str(v) for k, v in table.items()}
    orgs = [{"id": k, **v} for k, v in data.get("organizations", {}).items()]
    return aliases, orgs


def _with_user_orgs(registry: Registry, orgs: list[dict[str, Any]]) -> Registry:
    """The registry plus the organizations a user's overrides declare."""
    if not orgs:
        return registry
    merged = dict(registry.organizations)
    sectors = {k: v for k, v in registry.naics.items() if len(k) == 2 or "-" in k}
    for entry in orgs:
        if "name" not in entry:
            raise ValueError(f"override organization {entry['id']!r} needs a name")
        parent = entry.get("parent")
        if parent is not None and parent not in merged:
            raise ValueError(f"override organization {entry['id']!r}: unknown parent {parent!r}")
        naics = str(entry.get("naics", parent and merged[parent].naics or "99"))
        sector = _sector_of(naics, sectors) if naics != "99" else "99"
        merged[entry["id"]] = Organization(
            id=entry["id"],
            name=entry["name"],
            naics=naics,
            sector=sector,
            sector_label=sectors.get(sector, "Unclassified"),
            parent=parent,
            source="user overrides file",
            naics_source="user overrides file",
            parent_source="user overrides file" if parent else None,
            aliases=tuple(entry.get("aliases", ())),
            patterns=(),
        )
    return replace(registry, organizations=merged)
