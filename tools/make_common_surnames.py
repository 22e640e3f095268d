"""Write src/moneytrail/resolve/data/common_surnames.toml from the FEC samples.

    .venv/bin/python tools/make_common_surnames.py [--data ../shared/data] [--min-donors 5]

A surname is "common" when at least --min-donors distinct donors (NAME, ZIP5) of the
itemized individual contributions in the 2016-early and 2020-early itcont samples carry
it. The employer resolver's discovery rules read the list: "PHILLIPS LAW FIRM" or
"JOHNSON DEVELOPMENT" (a common surname and a trade word, no legal form) could be any of
several firms, so it is not taken as one organization of its own.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "moneytrail" / "resolve" / "data" / "common_surnames.toml"
ITCONT = ("fec-bulk/2016-early/itcont.txt", "fec-bulk/2020-early/itcont.txt")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--min-donors", type=int, default=5)
    args = ap.parse_args()
    files = [str(args.data / f) for f in ITCONT]
    rows = (
        duckdb.connect()
        .execute(
            """
        WITH donors AS (
            SELECT DISTINCT column07 AS name, left(column10, 5) AS zip
            FROM read_csv(?, delim='|', header=false, all_varchar=true, quote='',
                          encoding='latin-1', null_padding=true)
            WHERE column06 = 'IND'
        )
        SELECT upper(trim(split_part(name, ',', 1))) AS surname, count(*) AS n
        FROM donors GROUP BY 1 HAVING count(*) >= ? ORDER BY 1
        """,
            [files, args.min_donors],
        )
        .fetchall()
    )
    names = [s for s, _ in rows if s.isalpha() and len(s) >= 2]
    lines = [
        "# Surnames that many donors share. Read by moneytrail.resolve.employers (discovery).",
        "# Source: the donors' names (NAME = 'SURNAME, GIVEN') of the FEC itemized individual",
        "# contributions in ../shared/data/fec-bulk/{2016-early,2020-early}/itcont.txt: every",
        f"# surname of at least {args.min_donors} distinct donors (NAME, ZIP5), letters only.",
        "# Written by tools/make_common_surnames.py; do not edit by hand.",
        "surnames = [",
    ]
    for i in range(0, len(names), 8):
        lines.append("  " + ", ".join(f'"{n}"' for n in names[i : i + 8]) + ",")
    lines.append("]")
    OUT.write_text("\n".join(lines) + "\n")
    print(f"{len(names)} surnames → {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
