"""Write src/moneytrail/resolve/data/common_surnames.toml from the FEC samples.

    .venv/bin/python tools/make_common_surnames.py [--data ../shared/data] [--min-donors 5]

A surname is "common" when at least --min-donors distinct donors (NAME, ZIP5) of the
itemized individual contributions in the 2016-early and 2020-early itcont samples carry
it; a given name is listed when at least --min-donors donors carry it as their first
given name and more carry it so than as a surname. The employer resolver's discovery
rules read both lists: "PHILLIPS LAW FIRM" or "JOHNSON DEVELOPMENT" (a common surname and a
trade word, no legal form) could be any of several firms; "BROOKS PIERCE" (surnames, no
given name first) is a firm named after its partners; "LESLIE WILLIAMS" (a given name
first) is a person.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "moneytrail" / "resolve" / "data" / "common_surnames.toml"
ITCONT = ("fec-bulk/2016-early/itcont.txt", "fec-bulk/2020-early/itcont.txt")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--min-donors", type=int, default=5)
    args = ap.parse_args()
    files = [str(args.data / f) for f in ITCONT]
    donors = (
        duckdb.connect()
        .execute(
            """
        SELECT DISTINCT column07 AS name, left(column10, 5) AS zip
        FROM read_csv(?, delim='|', header=false, all_varchar=true, quote='',
                      encoding='latin-1', null_padding=true)
        WHERE column06 = 'IND'
        """,
            [files],
        )
        .fetchall()
    )
    surname_n: Counter[str] = Counter()
    given_n: Counter[str] = Counter()
    for name, _ in donors:
        surname, _, rest = (name or "").upper().partition(",")
        surname_n[surname.strip()] += 1
        given = rest.split()
        if given:
            given_n[given[0].strip(".")] += 1
    ok = args.min_donors
    names = sorted(s for s, n in surname_n.items() if n >= ok and s.isalpha() and len(s) >= 2)
    givens = sorted(
        g
        for g, n in given_n.items()
        if n >= ok and n > surname_n[g] and g.isalpha() and len(g) >= 2
    )
    lines = [
        "# Surnames that many donors share. Read by moneytrail.resolve.employers (discovery).",
        "# Source: the donors' names (NAME = 'SURNAME, GIVEN') of the FEC itemized individual",
        "# contributions in ../shared/data/fec-bulk/{2016-early,2020-early}/itcont.txt: every",
        f"# surname of at least {args.min_donors} distinct donors (NAME, ZIP5), letters only;",
        "# given_names: first given names of at least as many donors, more often given names",
        "# than surnames. Written by tools/make_common_surnames.py; do not edit by hand.",
    ]
    for key, values in (("surnames", names), ("given_names", givens)):
        lines.append(f"{key} = [")
        for i in range(0, len(values), 8):
            lines.append("  " + ", ".join(f'"{n}"' for n in values[i : i + 8]) + ",")
        lines.append("]")
    OUT.write_text("\n".join(lines) + "\n")
    print(f"{len(names)} surnames, {len(givens)} given names → {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
