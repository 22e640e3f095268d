"""Donor resolution, measured: precision and recall on the hand-labeled real pairs, and
speed, memory and cluster quality on generated contributions of known donors.

    .venv/bin/python bench/bench_donors.py                 # labeled pairs + 1M rows
    .venv/bin/python bench/bench_donors.py --rows 0        # labeled pairs only
    .venv/bin/python bench/bench_donors.py --rows 10000000 # the issue's scale target

Labeled pairs, two sets drawn and judged as their headers say: tests/data/donor_pairs.csv
(the model was tuned after reading it, so not blind) and tests/data/donor_pairs_blind.csv
(drawn from other records and labeled before the model ran on them; the blind figure). The
two real samples are loaded into a fresh warehouse and resolved once; a pair is predicted
"same" when both rows get one donor_id. The baseline predicts "same" for equal normalized name
and ZIP5. Scale: a generated indiv file (moneytrail.sources.synthetic_donors) is loaded
without resolving, then `resolve_warehouse(donors only)` is timed, with the process's
peak memory sampled every 50 ms; pairwise and B-cubed precision and recall are computed
over rows against the generator's truth.
"""

from __future__ import annotations

import argparse
import csv
import re
import tempfile
import threading
import time
from pathlib import Path

import duckdb
import psutil

from moneytrail.resolve.apply import resolve_warehouse
from moneytrail.sources.synthetic_donors import generate_donors
from moneytrail.warehouse.catalog import Warehouse
from moneytrail.warehouse.load import load_files

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "tests" / "data" / "donor_pairs.csv"
PAIRS_BLIND = ROOT / "tests" / "data" / "donor_pairs_blind.csv"
SAMPLES = ("fec-bulk/2016-early/itcont.txt", "fec-bulk/2020-early/itcont.txt")


def read_pairs(path: Path = PAIRS) -> list[dict[str, str]]:
    with path.open(newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def scores(pairs: list[dict[str, str]], same: dict[str, bool]) -> dict[str, float]:
    """Pairwise precision, recall and F1 of predictions ``same`` (pair → predicted same)
    against the labels; unsure pairs left out."""
    tp = fp = fn = tn = 0
    for p in pairs:
        if p["label"] == "unsure":
            continue
        truth, guess = p["label"] == "same", same[p["pair"]]
        tp += truth and guess
        fp += guess and not truth
        fn += truth and not guess
        tn += not truth and not guess
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": precision,
            "recall": recall, "f1": f1}  # fmt: skip


def donors_of_labeled_rows(data: Path, home: Path) -> dict[int, str]:
    wh = Warehouse(home)
    # Two files of one name: loaded as two cycles, or the second would replace the first.
    for sample, cycle in zip(SAMPLES, (2016, 2020), strict=True):
        load_files(wh, [data / sample], cycle=cycle)
    resolve_warehouse(wh, orgs=False)
    table = wh.query("SELECT sub_id, donor_id FROM schedule_a WHERE donor_id IS NOT NULL")
    return dict(
        zip(table.column("sub_id").to_pylist(), table.column("donor_id").to_pylist(), strict=True)
    )


def _baseline_key(record: str) -> tuple[str, str]:
    name, place = record.split(" / ")[:2]
    return re.sub(r"[^A-Z]", "", name.split(" MR")[0]), place.split()[-1][:5]


def labeled(data: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        donor = donors_of_labeled_rows(data, Path(tmp))
    for title, path in (("tuned on", PAIRS), ("blind", PAIRS_BLIND)):
        report_pairs(title, read_pairs(path), donor)


def report_pairs(title: str, pairs: list[dict[str, str]], donor: dict[int, str]) -> None:
    model = {p["pair"]: donor[int(p["sub_id_a"])] == donor[int(p["sub_id_b"])] for p in pairs}
    base = {p["pair"]: _baseline_key(p["record_a"]) == _baseline_key(p["record_b"]) for p in pairs}
    counts = {lab: sum(p["label"] == lab for p in pairs) for lab in ("same", "different", "unsure")}
    print(f"labeled pairs, {title}: {len(pairs)} ({counts})")
    for name, pred in (("moneytrail", model), ("baseline name+ZIP5", base)):
        s = scores(pairs, pred)
        print(
            f"  {name:20} precision {s['precision']:.3f}  recall {s['recall']:.3f}  "
            f"F1 {s['f1']:.3f}  (tp {s['tp']}, fp {s['fp']}, fn {s['fn']}, tn {s['tn']})"
        )
    for stratum in dict.fromkeys(p["stratum"] for p in pairs):
        s = scores([p for p in pairs if p["stratum"] == stratum], model)
        print(f"    {stratum:6} tp {s['tp']}, fp {s['fp']}, fn {s['fn']}, tn {s['tn']}")
    wrong = [
        p for p in pairs if p["label"] != "unsure" and model[p["pair"]] != (p["label"] == "same")
    ]
    for p in wrong:
        print(f"    {p['label']:9} pair {p['pair']}: {p['record_a']}  ||  {p['record_b']}")


class PeakMemory:
    """The process's peak resident memory, sampled in a thread."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        proc = psutil.Process()
        while not self._stop.is_set():
            self.peak = max(self.peak, proc.memory_info().rss)
            time.sleep(0.05)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def cluster_quality(home: Path, truth: Path) -> dict[str, float]:
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    con.execute(f"SET file_search_path = '{home}'")
    con.execute(
        f"CREATE TEMP TABLE joined AS SELECT a.donor_id, t.person FROM schedule_a a "
        f"JOIN read_parquet('{truth}') t USING (sub_id)"
    )
    pairs = con.execute(
        """
        WITH cell AS (SELECT count(*) n FROM joined GROUP BY donor_id, person),
        d AS (SELECT count(*) n FROM joined GROUP BY donor_id),
        p AS (SELECT count(*) n FROM joined GROUP BY person)
        SELECT (SELECT sum(n * (n - 1) / 2) FROM cell), (SELECT sum(n * (n - 1) / 2) FROM d),
               (SELECT sum(n * (n - 1) / 2) FROM p)
        """
    ).fetchall()[0]
    # B-cubed: per row, the share of its predicted cluster that is truly its person, and
    # the share of its person that its predicted cluster holds.
    bcubed = con.execute(
        """
        WITH cell AS (SELECT donor_id, person, count(*) n FROM joined GROUP BY ALL),
        d AS (SELECT donor_id, count(*) n FROM joined GROUP BY ALL),
        p AS (SELECT person, count(*) n FROM joined GROUP BY ALL)
        SELECT sum(c.n * c.n / d.n) / sum(c.n), sum(c.n * c.n / p.n) / sum(c.n)
        FROM cell c JOIN d USING (donor_id) JOIN p USING (person)
        """
    ).fetchall()[0]
    counts = con.execute(
        "SELECT count(DISTINCT donor_id), count(DISTINCT person) FROM joined"
    ).fetchall()[0]
    con.close()
    tp, predicted, true = (float(x) for x in pairs)
    return {"pair_precision": tp / predicted, "pair_recall": tp / true,
            "bcubed_precision": bcubed[0], "bcubed_recall": bcubed[1],
            "donors": counts[0], "people": counts[1]}  # fmt: skip


def scale(rows: int, data: Path, keep: Path | None) -> None:
    with tempfile.TemporaryDirectory(dir=keep) as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        made = generate_donors(folder / "files", rows, samples=[data / "fec-bulk/2020-early"])
        print(f"generated {rows:,} contributions of {made.people:,} people "
              f"in {time.perf_counter() - started:.0f}s")  # fmt: skip
        wh = Warehouse(folder / "wh")
        started = time.perf_counter()
        load_files(wh, [made.indiv], kind="indiv", cycle=2026)
        print(f"loaded in {time.perf_counter() - started:.0f}s")
        with PeakMemory() as memory:
            started = time.perf_counter()
            report = resolve_warehouse(wh, orgs=False, on_step=lambda m: print("  " + m))
            seconds = time.perf_counter() - started
        print(f"donor resolution: {seconds:.0f}s ({seconds / 60:.1f} min; target 15), "
              f"peak RSS {memory.peak / 2**30:.2f} GB (target 8)")  # fmt: skip
        for line in report.describe():
            print("  " + line)
        q = cluster_quality(folder / "wh", made.truth)
        print(
            f"  pairwise precision {q['pair_precision']:.4f} recall {q['pair_recall']:.4f}; "
            f"B-cubed precision {q['bcubed_precision']:.4f} recall {q['bcubed_recall']:.4f}; "
            f"{q['donors']:,} donors for {q['people']:,} people"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--skip-labeled", action="store_true")
    parser.add_argument("--workdir", type=Path, default=None, help="Where to put the files.")
    args = parser.parse_args()
    if not args.skip_labeled:
        labeled(args.data)
    if args.rows:
        scale(args.rows, args.data, args.workdir)


if __name__ == "__main__":
    main()
