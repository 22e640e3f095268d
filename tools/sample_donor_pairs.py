"""Draw the candidate record pairs of the donor evaluation set (tests/data/donor_pairs.csv).

    .venv/bin/python tools/sample_donor_pairs.py [--data ../shared/data] > pairs.tsv
    .venv/bin/python tools/sample_donor_pairs.py --seed 20261203 \
        --exclude tests/data/donor_pairs.csv --out pairs_blind.tsv

--seed draws another set from the same strata; --exclude leaves out every record that
appears in a pair of an earlier set (a labeled CSV, records known by their SUB_ID), so the
new set shares neither a pair nor a record with it.

A record is an individual contributor as filed (name, city, state, ZIP5, employer,
occupation) in the FEC samples fec-bulk/2016-early and 2020-early itcont.txt; each record
is shown with one of its rows (SUB_ID, recipient committee, date). Pairs are drawn with
random.Random(SEED) from four strata chosen so that both hard positives and hard
negatives are common (most random pairs are trivially different people):
  zip      same surname and ZIP5 (one person written two ways, or relatives at home)
  state    same surname, first initial and state, another ZIP5 (movers, nicknames, or
           namesakes)
  name     same surname and first name, another state (namesakes, or a second home)
  city     same surname and city, first initials differ (relatives, or strangers)
The draw is made before and without any model output; labels are added by hand.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import defaultdict
from pathlib import Path
from typing import TextIO

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ("fec-bulk/2016-early/itcont.txt", "fec-bulk/2020-early/itcont.txt")
SEED = 20261124
STRATA = {"zip": 120, "state": 100, "name": 40, "city": 40}


def records(data: Path) -> dict[tuple, list[str]]:
    """Distinct records → the first row (as split fields) that carries each."""
    found: dict[tuple, list[str]] = {}
    for name in SAMPLES:
        with (data / name).open(encoding="latin-1") as fh:
            for line in fh:
                f = line.rstrip("\n").split("|")
                if len(f) < 21 or f[6] != "IND" or not f[7].strip():
                    continue
                key = (f[7].strip().upper(), f[8].strip().upper(), f[9].strip().upper(),
                       f[10].strip()[:5], f[11].strip().upper(), f[12].strip().upper())  # fmt: skip
                found.setdefault(key, f)
    return found


def surname(name: str) -> str:
    return name.split(",")[0].strip() if "," in name else (name.split() or [""])[-1]


def given(name: str) -> str:
    rest = name.split(",", 1)[1] if "," in name else " ".join(name.split()[:-1])
    words = [w.strip(".") for w in rest.split() if w.strip(".") not in {"MR", "MRS", "MS", "DR"}]
    return words[0] if words else ""


def excluded(path: Path, found: dict[tuple, list[str]]) -> set[tuple]:
    """The records (as keys of ``found``) shown in the pairs of a labeled set."""
    subs: set[str] = set()
    with path.open(newline="") as fh:
        for p in csv.DictReader(line for line in fh if not line.startswith("#")):
            subs.update((p["sub_id_a"], p["sub_id_b"]))
    out = {key for key, f in found.items() if f[20] in subs}
    if len(out) != len(subs):
        raise SystemExit(f"{path}: {len(subs) - len(out)} SUB_IDs are not a record's first row")
    return out


def draw(recs: list[tuple], rng: random.Random) -> list[tuple[str, tuple, tuple]]:
    blocks: dict[str, dict[tuple, list[tuple]]] = {s: defaultdict(list) for s in STRATA}
    for r in recs:
        last, first = surname(r[0]), given(r[0])
        blocks["zip"][(last, r[3])].append(r)
        blocks["state"][(last, first[:1], r[2])].append(r)
        blocks["name"][(last, first)].append(r)
        blocks["city"][(last, r[1], r[2])].append(r)
    keep = {
        "zip": lambda a, b: True,
        "state": lambda a, b: a[3] != b[3],
        "name": lambda a, b: a[2] != b[2],
        "city": lambda a, b: given(a[0])[:1] != given(b[0])[:1],
    }
    out: list[tuple[str, tuple, tuple]] = []
    seen: set[frozenset] = set()
    for stratum, wanted in STRATA.items():
        candidates = []
        for members in blocks[stratum].values():
            if len(members) < 2 or len(members) > 50:  # skip huge blocks of common names
                continue
            for i in range(len(members)):
                for j in range(i + 1, len(members)):
                    if keep[stratum](members[i], members[j]):
                        candidates.append((members[i], members[j]))
        candidates.sort()
        rng.shuffle(candidates)
        taken = 0
        for a, b in candidates:
            if taken == wanted:
                break
            if frozenset((a, b)) in seen:
                continue
            seen.add(frozenset((a, b)))
            out.append((stratum, a, b))
            taken += 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--exclude", type=Path, action="append", default=[],
                        help="A labeled set whose records the draw leaves out.")  # fmt: skip
    parser.add_argument("--out", type=Path, help="Write here instead of standard output.")
    args = parser.parse_args()
    found = records(args.data)
    skip: set[tuple] = set()
    for path in args.exclude:
        skip |= excluded(path, found)
    rng = random.Random(args.seed)
    w = args.out.open("w", encoding="utf-8") if args.out else sys.stdout
    try:
        write(w, found, draw(sorted(set(found) - skip), rng))
    finally:
        if args.out:
            w.close()


def write(w: TextIO, found: dict[tuple, list[str]], pairs: list[tuple[str, tuple, tuple]]) -> None:
    w.write("pair\tstratum\tsub_id_a\tsub_id_b\trecord_a\trecord_b\n")
    for n, (stratum, a, b) in enumerate(pairs, 1):
        fa, fb = found[a], found[b]

        def show(r: tuple, f: list[str]) -> str:
            return f"{r[0]} / {r[1]} {r[2]} {r[3]} / {r[4]} / {r[5]} / to {f[0]} on {f[13]}"

        w.write(f"{n}\t{stratum}\t{fa[20]}\t{fb[20]}\t{show(a, fa)}\t{show(b, fb)}\n")


if __name__ == "__main__":
    main()
