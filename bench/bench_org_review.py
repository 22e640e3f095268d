"""How often `moneytrail orgs review` suggests the right organization, on the labeled strings.

    .venv/bin/python bench/bench_org_review.py [--data ../shared/data]

Both real samples (2016-early and 2020-early: committee masters and individual
contributions) are loaded into a fresh warehouse and resolved, as a user would. The review
queue (moneytrail.resolve.lookup.review_queue) lists every employer string with money that
names no registry organization; where the string's donors gave to a corporation's PAC, it
suggests that corporation. Each suggestion for a string in tests/data/employer_labels.csv is
compared with the label: right when it names the labeled organization or one the registry
places under it; "less specific" when it names a group above the labeled organization (a
user accepting it rolls the money up right but loses the unit); wrong otherwise (the label
names another organization, none, or one the registry lacks).
"""

from __future__ import annotations

import argparse
import csv
import tempfile
from collections import Counter
from pathlib import Path

from moneytrail.resolve.apply import resolve_warehouse
from moneytrail.resolve.employers import EmployerResolver
from moneytrail.resolve.lookup import review_queue
from moneytrail.warehouse.catalog import Warehouse
from moneytrail.warehouse.load import load_files

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "data" / "employer_labels.csv"
SAMPLES = {2016: "fec-bulk/2016-early", 2020: "fec-bulk/2020-early"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    with LABELS.open(newline="") as fh:
        labels = {r["raw"]: r for r in csv.DictReader(x for x in fh if not x.startswith("#"))}
    registry = EmployerResolver().registry
    with tempfile.TemporaryDirectory() as folder:
        wh = Warehouse(Path(folder))
        for cycle, sample in SAMPLES.items():
            files = [args.data / sample / name for name in ("cm.txt", "itcont.txt")]
            load_files(wh, files, cycle=cycle)
        resolve_warehouse(wh, donors=False)
        with wh.reader() as con:
            queue = review_queue(con, limit=10**9).to_pylist()
    total = sum(float(r["amount"]) for r in queue)
    offered = [r for r in queue if r["suggested_org_id"]]
    print(
        f"review queue: {len(queue):,} strings, ${total:,.0f}; with a suggestion: "
        f"{len(offered):,} strings, ${sum(float(r['amount']) for r in offered):,.0f}"
    )
    verdicts: Counter[str] = Counter()
    for row in offered:
        label = labels.get(row["employer"])
        if label is None:
            verdicts["not labeled"] += 1
            continue
        got, want = row["suggested_org_id"], label["label"]
        if got == want or want in registry.ancestry(got):
            verdict = "right"
        elif want in registry.organizations and got in registry.ancestry(want):
            verdict = "less specific"
        else:
            verdict = "wrong"
        verdicts[verdict] += 1
        print(f"  {verdict:13} {row['employer']!r} → {got} ({row['evidence']}); label {want}")
    judged = verdicts["right"] + verdicts["less specific"] + verdicts["wrong"]
    print(
        f"suggestions for labeled strings: {judged}; right {verdicts['right']}, less specific "
        f"{verdicts['less specific']}, wrong {verdicts['wrong']}"
        + (f" (right {verdicts['right'] / judged:.3f})" if judged else "")
    )


if __name__ == "__main__":
    main()
