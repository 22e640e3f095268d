"""Sponsored PACs linked to their organizations, measured on PACs the resolver was not
developed on: the 2022 and 2024 masters' sponsored committees that the 2016 and 2020
masters do not list, 300 of them labeled by hand (bench/bench_pac_links.py)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from scripttools import load_script

from moneytrail.resolve.employers import EmployerResolver


def _bench():
    return load_script("bench/bench_pac_links.py")


def _labels() -> list[dict[str, str]]:
    with _bench().LABELS.open(newline="") as fh:
        return list(csv.DictReader(x for x in fh if not x.startswith("#")))


@pytest.fixture(scope="module")
def masters(shared_data: Path, tmp_path_factory: pytest.TempPathFactory):
    """The four committee masters, loaded and resolved as a user would: (the fresh
    sponsored committees, committee_id → the org_id its link names)."""
    bench = _bench()
    wh = bench.load_masters(shared_data, tmp_path_factory.mktemp("masters"))
    with wh.reader() as con:
        committees = bench.fresh_committees(con)
        links = dict(con.sql("SELECT committee_id, org_id FROM committee_orgs").fetchall())
    return committees, links


def test_the_labels_are_the_draws(masters) -> None:
    # Each split of the labels file holds its seeded draw's committees, in the order drawn,
    # by name: pac 300 of the fresh committees, pac2 every one pac left.
    committees, _ = masters
    bench = _bench()
    labels = _labels()
    for split in bench.DRAWS:
        drawn = bench.draw(committees, split)
        assert [(r["committee_id"], r["name"]) for r in labels if r["split"] == split] == [
            (c["committee_id"], c["name"]) for c in drawn
        ], split
    assert sorted(r["committee_id"] for r in labels) == [c["committee_id"] for c in committees]


def test_the_labels_are_well_formed() -> None:
    registry = EmployerResolver().registry
    bench = _bench()
    for row in _labels():
        label, reason = row["label"], row["reason"]
        assert label and reason, row
        if label == "UNKNOWN":
            unclear = reason.startswith("unclear sponsor:")
            reading = bench.own_organization_reading(label, reason, registry)
            assert reading == ("none" if unclear else "one"), row
        elif label not in registry.organizations:
            assert reason.endswith("; not in the registry"), row
