"""Subsidiaries from GLEIF's open register of legal entities and who consolidates them.

The registry's hand-written lists name the largest organizations' best-known units; the
long tail of subsidiaries (CROWLEY LINER SERVICES, JLL CAPITAL MARKETS) is in GLEIF's golden
copy, which a user downloads (free, CC0) and imports with ``moneytrail orgs import-gleif``.
Each legal entity whose nearest consolidating parent the registry holds becomes an alias of
that organization, written with its LEI and its parent's to a file in the subsidiaries.toml
format that the resolver reads beside the packaged ones (see ``data/gleif.toml`` for the
columns read and the names left out).
"""

from __future__ import annotations

import csv
import io
import tomllib
import zipfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from moneytrail.errors import MoneytrailError
from moneytrail.progress import Progress
from moneytrail.resolve.employers import (
    DISCOVERED_PREFIX,
    EmployerResolver,
    normalize_employer,
    toml_string,
)

# How deep a chain of direct parents is followed before the ultimate parent is tried.
MAX_CHAIN = 25


class GleifFileError(MoneytrailError):
    """A file given is not the GLEIF golden-copy file it should be, or cannot be read."""


@dataclass(frozen=True)
class GleifRules:
    level1: dict[str, Any]
    level2: dict[str, Any]
    skip_categories: frozenset[str]
    vehicle_words: tuple[tuple[str, ...], ...]
    skip_digits: bool
    source: str

    @classmethod
    @cache
    def load(cls) -> GleifRules:
        text = (resources.files("moneytrail.resolve") / "data" / "gleif.toml").read_text()
        data = tomllib.loads(text)
        names = data["names"]
        return cls(
            level1=data["level1"],
            level2=data["level2"],
            skip_categories=frozenset(names["skip_categories"]),
            vehicle_words=tuple(tuple(w.split()) for w in names["vehicle_words"]),
            skip_digits=bool(names["skip_digits"]),
            source=data["source"],
        )

    def vehicle(self, normalized: str) -> bool:
        words = normalized.split()
        return any(
            words[i : i + len(phrase)] == list(phrase)
            for phrase in self.vehicle_words
            for i in range(len(words) - len(phrase) + 1)
        )


@dataclass(frozen=True)
class Entity:
    lei: str
    names: tuple[str, ...]  # the legal name first
    countries: frozenset[str]  # of the legal and the headquarters address
    category: str


@dataclass
class Parents:
    direct: str | None = None
    ultimate: str | None = None


@dataclass
class GleifImport:
    """What an import read and made."""

    relationships: int = 0
    entities: int = 0  # Level 1 rows read
    aliases: list[dict[str, str]] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # names left out, by reason
    bad_lines: dict[str, list[int]] = field(default_factory=dict)  # file → lines not read

    @property
    def organizations(self) -> int:
        return len({a["org"] for a in self.aliases})


# ------------------------------------------------------------------ reading the files


@contextmanager
def _opened(path: Path) -> Iterator[IO[bytes]]:
    """The CSV as bytes: the file itself, or the one CSV inside the zip GLEIF serves."""
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                members = [n for n in archive.namelist() if n.lower().endswith(".csv")]
                if len(members) != 1:
                    raise GleifFileError(f"{path}: a zip holding one CSV file was expected")
                with archive.open(members[0]) as fh:
                    yield fh
        else:
            with open(path, "rb") as fh:
                yield fh
    except OSError as exc:
        raise GleifFileError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    except zipfile.BadZipFile as exc:
        raise GleifFileError(f"{path}: not a readable zip file: {exc}") from None


def _csv_size(path: Path) -> int:
    """The bytes of CSV to read: the file's, or the CSV's inside the zip."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return sum(i.file_size for i in archive.infolist() if i.filename.endswith(".csv"))
    return path.stat().st_size


class _Counting(io.RawIOBase):
    """A stream that reports the bytes read through it to a progress display."""

    def __init__(self, inner: IO[bytes], progress: Progress | None, name: str) -> None:
        self._inner, self._progress, self._name = inner, progress, name

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._inner.read(len(buffer))
        buffer[: len(data)] = data
        if self._progress is not None and data:
            self._progress.advance(self._name, len(data))
        return len(data)


def _batches(
    path: Path,
    columns: dict[str, str],
    required: tuple[str, ...],
    what: str,
    bad_lines: list[int],
    progress: Progress | None = None,
) -> Iterator[pa.RecordBatch]:
    """The file's rows as batches of ``columns`` (their published name → ours), all text.
    A line that cannot be parsed is skipped and its number kept in ``bad_lines``."""
    with _opened(path) as fh:
        header = next(csv.reader([fh.readline().decode("utf-8-sig", "replace")]), [])
    missing = [columns[k] for k in required if columns[k] not in header]
    if missing:
        raise GleifFileError(
            f"{path}: not GLEIF's {what} (no column {', '.join(missing)} in its header)"
        )
    present = [c for c in columns.values() if c in header]
    name = path.name
    if progress is not None:
        progress.start(name, _csv_size(path), 0)

    def bad(row: Any) -> str:
        bad_lines.append(row.number if row.number is not None else -1)
        return "skip"

    by_name = {published: ours for ours, published in columns.items()}
    with _opened(path) as fh:
        try:
            reader = pacsv.open_csv(
                _Counting(fh, progress, name),
                read_options=pacsv.ReadOptions(block_size=8 << 20, use_threads=False),
                parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=bad),
                convert_options=pacsv.ConvertOptions(
                    include_columns=present,
                    column_types={c: pa.string() for c in present},
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
            for batch in reader:
                yield pa.RecordBatch.from_arrays(
                    [batch.column(c) for c in present], names=[by_name[c] for c in present]
                )
        except pa.ArrowInvalid as exc:  # not UTF-8, a broken quote that never closes, ...
            raise GleifFileError(f"{path}: cannot be read as CSV: {exc}") from None
    if progress is not None:
        progress.finish(name, f"{len(bad_lines):,} lines not read" if bad_lines else "read")


def read_relationships(
    path: Path, rules: GleifRules, report: GleifImport, progress: Progress | None = None
) -> dict[str, Parents]:
    """Each child LEI's direct and ultimate consolidating parent (active relationships)."""
    l2 = rules.level2
    columns = {k: l2[k] for k in ("child", "parent", "type", "status")}
    kinds = {l2["direct"]: "direct", l2["ultimate"]: "ultimate"}
    statuses = set(l2["statuses"])
    bad = report.bad_lines.setdefault(path.name, [])
    parents: dict[str, Parents] = {}
    batches = _batches(path, columns, ("child", "parent", "type"), "Level 2 file", bad, progress)
    for batch in batches:
        for row in batch.to_pylist():
            kind = kinds.get(row["type"])
            if kind is None or row.get("status", "ACTIVE") not in statuses:
                continue
            if not row["child"] or not row["parent"] or row["child"] == row["parent"]:
                continue
            report.relationships += 1
            setattr(parents.setdefault(row["child"], Parents()), kind, row["parent"])
    return parents


def read_entities(
    path: Path,
    rules: GleifRules,
    wanted: set[str],
    report: GleifImport,
    progress: Progress | None = None,
) -> dict[str, Entity]:
    """The legal entities among ``wanted`` LEIs, with their names and countries."""
    l1 = rules.level1
    columns = {
        "lei": l1["lei"],
        "legal_name": l1["legal_name"],
        **{f"other_{i}": c for i, c in enumerate(l1["other_names"])},
        "legal_country": l1["legal_country"],
        "hq_country": l1["headquarters_country"],
        "category": l1["category"],
    }
    others = [f"other_{i}" for i in range(len(l1["other_names"]))]
    bad = report.bad_lines.setdefault(path.name, [])
    found: dict[str, Entity] = {}
    keep = pa.array(sorted(wanted), pa.string())
    for batch in _batches(path, columns, ("lei", "legal_name"), "Level 1 file", bad, progress):
        report.entities += batch.num_rows
        # Most of the register is neither a child nor a parent: filtered in Arrow, not Python.
        wanted_rows = batch.filter(pc.is_in(batch.column("lei"), value_set=keep))
        for row in wanted_rows.to_pylist():
            names = [row["legal_name"], *(row.get(k) or "" for k in others)]
            found[row["lei"]] = Entity(
                lei=row["lei"],
                names=tuple(dict.fromkeys(n.strip() for n in names if n and n.strip())),
                countries=frozenset(
                    c for c in (row.get("legal_country"), row.get("hq_country")) if c
                ),
                category=row.get("category") or "",
            )
    return found


# ------------------------------------------------------------------ deciding the aliases


def _ancestors(lei: str, parents: dict[str, Parents]) -> Iterator[str]:
    """The chain of direct parents, nearest first, then the ultimate parent."""
    seen = {lei}
    link = parents.get(lei, Parents()).direct
    while link is not None and link not in seen and len(seen) <= MAX_CHAIN:
        seen.add(link)
        yield link
        link = parents.get(link, Parents()).direct
    ultimate = parents.get(lei, Parents()).ultimate
    if ultimate is not None and ultimate not in seen:
        yield ultimate


def _registry_org(entity: Entity, resolver: EmployerResolver) -> str | None:
    """The registry organization an entity is, by its legal or other names: a known name,
    or one with only generic words after it (not a near-miss, not a discovered one)."""
    for name in entity.names:
        m = resolver.resolve(name, names_an_organization=True)
        known = m.org_id is not None and not m.org_id.startswith(DISCOVERED_PREFIX)
        if known and m.method in ("exact", "rule", "manual"):
            return m.org_id
    return None


def _verdict(name: str, org_id: str, resolver: EmployerResolver, rules: GleifRules) -> str | None:
    """Why ``name`` should not become an alias of ``org_id`` (None: it should)."""
    norm = normalize_employer(name)
    if not norm:
        return "no name left once normalized"
    if rules.skip_digits and any(ch.isdigit() for ch in norm):
        return "a numbered entity (a name with a digit)"
    if rules.vehicle(norm):
        return "a financing vehicle, trust or holding shell"
    m = resolver.resolve(norm)
    if m.non_org is not None:
        return "a non-organization's name"
    if m.org_id is not None and not m.org_id.startswith(DISCOVERED_PREFIX):
        group = resolver.registry.ancestry(org_id)[-1]
        if org_id in m.chain or m.ultimate_parent_id == group:
            return "already resolves to the organization"
        return "already the name of another organization"
    # As donors write it, without the legal form, the name must tell one organization apart
    # (not MARINE SERVICES, SMITH CONSULTING); that it is one, GLEIF says.
    if resolver.discovery.why_not(norm, legal_form=False, registered=True) is not None:
        return "a name many organizations could have"
    return None


def gleif_aliases(
    entities: dict[str, Entity],
    parents: dict[str, Parents],
    resolver: EmployerResolver,
    rules: GleifRules,
    countries: frozenset[str],
    report: GleifImport,
) -> None:
    """Fill ``report.aliases``: each name of an entity (in ``countries``, when given) whose
    nearest consolidating parent is a registry organization, for that organization."""
    registry_of: dict[str, str | None] = {}

    def org_of(lei: str) -> str | None:
        if lei not in registry_of:
            entity = entities.get(lei)
            registry_of[lei] = None if entity is None else _registry_org(entity, resolver)
        return registry_of[lei]

    claims: dict[str, dict[str, dict[str, str]]] = {}  # normalized name → org → entry
    for lei in parents:
        entity = entities.get(lei)
        if entity is None or entity.category in rules.skip_categories:
            continue
        if countries and not entity.countries & countries:
            continue
        via = next(((a, org) for a in _ancestors(lei, parents) if (org := org_of(a))), None)
        if via is None:
            continue  # no parent the registry knows
        if org_of(lei) is not None:
            report.skipped["the entity is itself a registry organization"] += 1
            continue
        parent_lei, org_id = via
        parent = entities[parent_lei]
        for i, name in enumerate(entity.names):
            why_not = _verdict(name, org_id, resolver, rules)
            if why_not is not None:
                report.skipped[why_not] += 1
                continue
            other = " (another of its names)" if i else ""
            claims.setdefault(normalize_employer(name), {})[org_id] = {
                "org": org_id,
                "alias": name.upper(),
                "kind": "subsidiary",
                "source": "gleif",
                "why": f"LEI {lei}{other}, consolidated by LEI {parent_lei} ({parent.names[0]})",
            }
    for by_org in claims.values():
        if len(by_org) > 1:
            report.skipped["a name entities of different organizations share"] += len(by_org)
            continue
        report.aliases.extend(by_org.values())
    report.aliases.sort(key=lambda a: (a["org"], a["alias"]))


def write_aliases(path: Path, report: GleifImport, level1: Path, level2: Path) -> None:
    """Write the aliases, in the subsidiaries.toml format, to ``path`` (atomically)."""
    rules = GleifRules.load()
    lines = [
        f"# Written by `moneytrail orgs import-gleif` on {date.today().isoformat()}:",
        f"# {len(report.aliases):,} names of {report.organizations:,} registry organizations'"
        " subsidiaries,",
        f"# from {level1.name} ({report.entities:,} legal entities)",
        f"# and {level2.name} ({report.relationships:,} consolidation relationships).",
        "# The resolver reads it beside the packaged aliases, which win where both name a",
        "# string. Edit or delete entries freely; importing again replaces the file.",
        "",
        "alias = [",
        *(
            "  { " + ", ".join(f"{k} = {toml_string(v)}" for k, v in entry.items()) + " },"
            for entry in report.aliases
        ),
        "]",
        "",
        "[sources]",  # after the aliases: a table takes every key below it
        f"gleif = {toml_string(rules.source)}",
        "",
    ]
    partial = path.with_name(path.name + ".partial")
    partial.write_text("\n".join(lines), encoding="utf-8")
    partial.replace(path)


def import_gleif(
    level1: Path,
    level2: Path,
    resolver: EmployerResolver,
    countries: frozenset[str] = frozenset({"US"}),
    progress: Progress | None = None,
) -> GleifImport:
    """Read GLEIF's Level 2 then Level 1 files and decide the aliases (nothing written)."""
    rules = GleifRules.load()
    report = GleifImport()
    parents = read_relationships(Path(level2), rules, report, progress)
    wanted = set(parents)
    for p in parents.values():
        wanted.update(x for x in (p.direct, p.ultimate) if x)
    entities = read_entities(Path(level1), rules, wanted, report, progress)
    gleif_aliases(entities, parents, resolver, rules, countries, report)
    return report
