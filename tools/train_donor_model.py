"""Train the donor-matching model's parameters on the real samples and write them to
src/moneytrail/resolve/data/donor_model.json (what moneytrail.resolve.donors ships).

    .venv/bin/python tools/train_donor_model.py [--data ../shared/data]

u probabilities by random sampling of record pairs (seeded), m probabilities by
expectation maximisation over four blockings, each teaching the comparisons it does not
hold fixed (see the comment in main()).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import duckdb

from moneytrail.resolve.donors import (
    RECORD_COLUMNS,
    model_path,
    prepare_records,
    record_key_sql,
    settings_dict,
)

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ("fec-bulk/2016-early/itcont.txt", "fec-bulk/2020-early/itcont.txt")
# Positions of the six record fields in the FEC's indiv layout (indiv_header_file.csv).
FIELDS = {
    "contributor_name": 7, "contributor_city": 8, "contributor_state": 9,
    "contributor_zip": 10, "contributor_employer": 11, "contributor_occupation": 12,
}  # fmt: skip


def load_samples(con: duckdb.DuckDBPyConnection, data: Path) -> int:
    paths = ", ".join(f"'{data / s}'" for s in SAMPLES)
    cols = ", ".join(f"column{i:02d} AS {name}" for name, i in FIELDS.items())
    con.execute(
        f"""
        CREATE TABLE rows AS SELECT {cols} FROM read_csv([{paths}], delim='|', header=false,
            all_varchar=true, quote='', escape='', encoding='latin-1', null_padding=true)
        WHERE column06 = 'IND'
        """
    )
    firsts = ", ".join(f"any_value({c}) AS {c}" for c in RECORD_COLUMNS)
    con.execute(
        f"CREATE TABLE records AS SELECT {record_key_sql()} AS record_key, {firsts}, "
        "count(*) AS contributions FROM rows GROUP BY ALL"
    )
    return con.execute("SELECT count(*) FROM records").fetchall()[0][0]


def main() -> None:
    from splink import Linker, block_on
    from splink.internals.duckdb.database_api import DuckDBAPI

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    con = duckdb.connect()
    n = load_samples(con, args.data)
    prepare_records(con, "records", "donor_prepared")
    print(f"{n:,} distinct contributor records")
    linker = Linker(DuckDBAPI(con).register("donor_prepared"), settings_dict())
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=20261124)
    # Each comparison is learned in blocks that do not hold its own field fixed, and
    # not alongside a field it moves with: place where name and employer are fixed
    # (people move and stay with their employer), first name where surname and employer
    # are, surname where first name, ZIP and employer are, employer where name and state
    # are.
    for rule in (
        block_on("last_name", "first_name", "employer_org"),
        block_on("last_name", "employer_org"),
        block_on("first_name", "zip5", "employer_org"),
        block_on("last_name", "first_name", "state"),
    ):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )
    model = linker.misc.save_model_to_json()
    model_path().write_text(json.dumps(model, indent=1) + "\n")
    print(f"wrote {model_path()}")


if __name__ == "__main__":
    main()
