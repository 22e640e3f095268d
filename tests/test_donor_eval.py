"""The donor evaluation sets, their sampler and scorer, and the generator of donors with
known truth — and donor resolution measured against the targets on the labeled real pairs:
the first set (the model was tuned after reading it) and the blind set (labeled and
committed before the model ran on it)."""

from __future__ import annotations

import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from scripttools import load_script

from moneytrail.sources.synthetic_donors import generate_donors


@pytest.fixture(scope="module")
def bench():
    return load_script("bench/bench_donors.py")


@pytest.mark.parametrize("which", ["PAIRS", "PAIRS_BLIND"])
def test_labeled_pairs_are_well_formed(bench, shared_data: Path, which: str) -> None:
    pairs = bench.read_pairs(getattr(bench, which))
    assert len(pairs) == 300
    assert len({frozenset((p["sub_id_a"], p["sub_id_b"])) for p in pairs}) == 300
    assert {p["label"] for p in pairs} == {"same", "different", "unsure"}
    assert all(p["reason"].strip() for p in pairs)
    # Every record shown comes from a real row of the samples, as written there.
    rows: dict[str, list[str]] = {}
    for name in bench.SAMPLES:
        with (shared_data / name).open(encoding="latin-1") as fh:
            for line in fh:
                fields = line.rstrip("\n").split("|")
                rows[fields[20]] = fields
    for p in pairs:
        for side in ("a", "b"):
            fields = rows[p[f"sub_id_{side}"]]
            assert p[f"record_{side}"].startswith(fields[7].strip().upper() + " / ")


def test_blind_set_shares_no_record_with_the_first(bench) -> None:
    first = {s for p in bench.read_pairs() for s in (p["sub_id_a"], p["sub_id_b"])}
    shown = {p["record_a"].rsplit(" / to ", 1)[0] for p in bench.read_pairs()} | {
        p["record_b"].rsplit(" / to ", 1)[0] for p in bench.read_pairs()
    }
    for p in bench.read_pairs(bench.PAIRS_BLIND):
        assert not {p["sub_id_a"], p["sub_id_b"]} & first
        assert p["record_a"].rsplit(" / to ", 1)[0] not in shown
        assert p["record_b"].rsplit(" / to ", 1)[0] not in shown


def test_sampler_draws_both_sets_as_their_headers_say(
    bench, shared_data: Path, tmp_path: Path
) -> None:
    sampler = load_script("tools/sample_donor_pairs.py")
    cols = ("pair", "stratum", "sub_id_a", "sub_id_b", "record_a", "record_b")
    for args, path in (
        ([], bench.PAIRS),
        (["--seed", "20261203", "--exclude", str(bench.PAIRS)], bench.PAIRS_BLIND),
    ):
        out = tmp_path / "drawn.tsv"
        argv = ["sample_donor_pairs.py", "--data", str(shared_data), "--out", str(out), *args]
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(sys, "argv", argv)
            sampler.main()
        drawn = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()[1:]]
        assert drawn == [[p[c] for c in cols] for p in bench.read_pairs(path)]


def test_scorer_on_a_hand_made_case(bench) -> None:
    pairs = [
        {"pair": "1", "label": "same"},
        {"pair": "2", "label": "same"},
        {"pair": "3", "label": "different"},
        {"pair": "4", "label": "different"},
        {"pair": "5", "label": "unsure"},
    ]
    got = bench.scores(pairs, {"1": True, "2": False, "3": True, "4": False, "5": True})
    # One true positive, one false negative, one false positive, one true negative.
    assert (got["tp"], got["fn"], got["fp"], got["tn"]) == (1, 1, 1, 1)
    assert got["precision"] == got["recall"] == got["f1"] == 0.5


def test_generator_writes_what_it_claims(tmp_path: Path) -> None:
    made = generate_donors(tmp_path, 30_000, seed=3)
    lines = made.indiv.read_text(encoding="latin-1").splitlines()
    assert len(lines) == made.rows == 30_000
    assert all(len(line.split("|")) == 21 for line in lines)
    truth = pq.read_table(made.truth).to_pydict()
    assert sorted(truth["sub_id"]) == sorted(int(line.split("|")[20]) for line in lines)
    names = [line.split("|")[7] for line in lines]
    assert any(n.endswith(" JR") for n in names) and any(n.endswith(" SR") for n in names)
    assert any("," not in n for n in names)  # some written FIRST LAST
    # The variations land on one person's rows: many people are written two ways.
    spelled = {int(line.split("|")[20]): line.split("|")[7] for line in lines}
    by_person: dict[int, set[str]] = {}
    for sub, person in zip(truth["sub_id"], truth["person"], strict=True):
        by_person.setdefault(person, set()).add(spelled[sub])
    assert sum(len(v) > 1 for v in by_person.values()) > 100


@pytest.fixture(scope="module")
def labeled_donors(
    bench, shared_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[int, str]:
    """Both samples loaded and resolved once: SUB_ID → donor_id."""
    return bench.donors_of_labeled_rows(shared_data, tmp_path_factory.mktemp("labeled"))


def _scores(bench, path: Path, donor: dict[int, str]) -> dict:
    """Each labeled pair of ``path`` predicted "same" when its two rows share a donor_id."""
    pairs = bench.read_pairs(path)
    same = {p["pair"]: donor[int(p["sub_id_a"])] == donor[int(p["sub_id_b"])] for p in pairs}
    return bench.scores(pairs, same)


@pytest.fixture(scope="module")
def labeled_scores(bench, labeled_donors: dict[int, str]) -> dict:
    return _scores(bench, bench.PAIRS, labeled_donors)


@pytest.fixture(scope="module")
def blind_scores(bench, labeled_donors: dict[int, str]) -> dict:
    return _scores(bench, bench.PAIRS_BLIND, labeled_donors)


def test_precision_and_recall_on_labeled_real_pairs(labeled_scores: dict) -> None:
    # Targets 0.98 and 0.95; measured 131/131 and 131/137 (2026-11-24). The model's
    # training blockings and the middle-name level were chosen after reading this set's
    # misses, so it is no longer blind: see BENCHMARKS.md.
    assert labeled_scores["precision"] >= 0.98
    assert labeled_scores["recall"] >= 0.95


def test_precision_and_recall_on_blind_real_pairs(blind_scores: dict) -> None:
    # Targets 0.98 and 0.95; measured 121/122 = 0.992 and 121/126 = 0.960 (2026-12-03), the
    # set labeled and committed before the model ran on it, and the model not changed
    # since. One false positive and five misses: see BENCHMARKS.md.
    assert blind_scores["precision"] >= 0.98
    assert blind_scores["recall"] >= 0.95
