"""Measure `moneytrail orgs import-gleif` on files the size of GLEIF's golden copy.

    .venv/bin/python bench/bench_gleif.py [--entities 2900000] [--relationships 600000]
                                          [--workdir /tmp/bench-gleif] [--keep]

GLEIF's files cannot be fetched here, so this writes two of their shape: a zipped Level 1
file with ``--entities`` rows of about 1.5 KB each (the real one, about 2.9 million LEIs in
about 4.5 GB of CSV, is served zipped) and a Level 2 file with ``--relationships`` rows.
Every twentieth child's parent bears the name of a registry organization. Then it runs the
real command in a child process and prints its wall time, its peak memory (the child's
maximum resident set) and what it imported.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import resource
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from moneytrail.resolve.employers import Registry

LEVEL1 = [
    "LEI", "Entity.LegalName", "Entity.LegalName.xmllang",
    "Entity.OtherEntityNames.OtherEntityName.1", "Entity.OtherEntityNames.OtherEntityName.1.type",
    "Entity.LegalAddress.FirstAddressLine", "Entity.LegalAddress.City",
    "Entity.LegalAddress.Region", "Entity.LegalAddress.Country", "Entity.LegalAddress.PostalCode",
    "Entity.HeadquartersAddress.FirstAddressLine", "Entity.HeadquartersAddress.City",
    "Entity.HeadquartersAddress.Country", "Entity.EntityCategory", "Entity.EntityStatus",
    "Registration.InitialRegistrationDate", "Registration.LastUpdateDate",
    "Registration.RegistrationStatus", "Registration.ManagingLOU",
]  # fmt: skip
# The columns the importer does not read, standing in for the rest of the real file's
# (other addresses, legal form, jurisdiction, validation sources, ...).
FILLER = [f"Entity.Other.{i}" for i in range(56)]
LEVEL2 = [
    "Relationship.StartNode.NodeID", "Relationship.StartNode.NodeIDType",
    "Relationship.EndNode.NodeID", "Relationship.EndNode.NodeIDType",
    "Relationship.RelationshipType", "Relationship.RelationshipStatus",
    "Relationship.Period.1.startDate", "Registration.RegistrationStatus",
]  # fmt: skip
WORDS = [
    "ALPHA",
    "BRAVO",
    "CEDAR",
    "DELTA",
    "EMBER",
    "FALCON",
    "GRANITE",
    "HARBOR",
    "IRIS",
    "JUNIPER",
    "KESTREL",
    "LUMEN",
]
TRADES = [
    "TECHNOLOGIES",
    "LOGISTICS",
    "SERVICES",
    "MATERIALS",
    "SYSTEMS",
    "PARTNERS",
    "ENERGY",
    "HEALTH",
]


def lei(i: int) -> str:
    return f"BENCH{i:013d}00"


def coined(i: int) -> str:
    """A distinctive made-up word per number (no digits: the importer skips those)."""
    letters = []
    while True:
        i, r = divmod(i, 26)
        letters.append(chr(65 + r))
        if i == 0:
            break
    return "Z" + "".join(letters) + "ON"


def write_files(workdir: Path, entities: int, relationships: int) -> tuple[Path, Path]:
    rng = random.Random(20261203)
    registry = [o.name for o in Registry.load().organizations.values()]
    children = relationships // 2
    level2 = workdir / "rr.csv"
    with level2.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_ALL)
        w.writerow(LEVEL2)
        for child in range(children):
            parent = entities - 1 - (child % 50_000)  # the last 50,000 LEIs are parents
            for kind in ("IS_DIRECTLY_CONSOLIDATED_BY", "IS_ULTIMATELY_CONSOLIDATED_BY"):
                w.writerow([lei(child), "LEI", lei(parent), "LEI", kind, "ACTIVE",
                            "2020-01-01T00:00:00Z", "PUBLISHED"])  # fmt: skip
    level1 = workdir / "lei2-golden-copy.csv.zip"
    filler = "x" * 22
    with (
        zipfile.ZipFile(level1, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("lei2-golden-copy.csv", "w", force_zip64=True) as raw,
        io.TextIOWrapper(raw, encoding="utf-8", newline="") as fh,
    ):
        w = csv.writer(fh, quoting=csv.QUOTE_ALL)
        w.writerow(LEVEL1 + FILLER)
        for i in range(entities):
            parent_slot = i - (entities - 50_000)
            if parent_slot >= 0 and parent_slot % 20 == 0:
                name = registry[(parent_slot // 20) % len(registry)]
            else:
                name = f"{rng.choice(WORDS)} {coined(i)} {rng.choice(TRADES)} LLC"
            w.writerow([
                lei(i), name, "en", "", "", "100 MAIN STREET", "WILMINGTON", "US-DE", "US",
                "19801", "100 MAIN STREET", "WILMINGTON", "US", "GENERAL", "ACTIVE",
                "2014-01-01T00:00:00Z", "2026-11-01T00:00:00Z", "ISSUED", "5493001KJTIIGC8Y1R12",
                *([filler] * len(FILLER)),
            ])  # fmt: skip
    return level1, level2


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--entities", type=int, default=2_900_000, help="Level 1 records to write")
    ap.add_argument("--relationships", type=int, default=600_000, help="Level 2 records to write")
    ap.add_argument(
        "--workdir", type=Path, default=Path("/tmp/bench-gleif"), help="where to write them"
    )
    ap.add_argument("--keep", action="store_true", help="keep the generated files")
    args = ap.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    level1, level2 = write_files(args.workdir, args.entities, args.relationships)
    made = time.perf_counter() - start
    sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e6:,.0f} MB" for p in (level1, level2))
    print(f"generated in {made:.0f}s: {sizes}")
    home = args.workdir / "home"
    shutil.rmtree(home, ignore_errors=True)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "moneytrail", "orgs", "import-gleif", str(level1), str(level2),
         "--home", str(home)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if result.returncode != 0:
        print(result.stderr, file=sys.stderr)
        return 1
    summary = [line for line in result.stderr.splitlines() if "imported to" in line]
    print(f"import-gleif: {args.entities:,} entities, {args.relationships:,} relationships")
    print(f"  wall {seconds:.0f}s, peak memory {peak_mb:,.0f} MB")
    print("  " + (summary[0] if summary else "(no summary line)"))
    if not args.keep:
        shutil.rmtree(args.workdir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
