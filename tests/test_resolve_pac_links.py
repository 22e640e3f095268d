"""Sponsored PACs linked to their organizations, measured on PACs outside the samples the
registry was built from: the 2022 and 2024 masters' sponsored committees that the 2016 and
2020 masters do not list, all 398 labeled by hand (bench/bench_pac_links.py)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from scripttools import load_script

from moneytrail.resolve.committees import union_trades
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


def _precision(masters, split: str) -> tuple[int, int]:
    """(right, linked) of the split's labeled committees, as the warehouse links them."""
    _, links = masters
    bench, registry = _bench(), EmployerResolver().registry
    mine = [r for r in _labels() if r["split"] == split]
    got = [(r, links.get(r["committee_id"])) for r in mine]
    right = sum(bench.link_accepts(r["label"], r["reason"], org, registry) for r, org in got)
    return right, sum(org is not None for _, org in got)


def test_pac_links_as_measured(masters) -> None:
    # pac as first scored: 271/296 (0.916); 279/296 after the union trades and the three
    # registry entries its misses prompted. pac2, labeled before those changes and scored
    # once on them: 83/95 (0.874), as on the resolver before them. Floors, not targets.
    for split, least_right, least_linked in (("pac", 279, 296), ("pac2", 83, 95)):
        right, linked = _precision(masters, split)
        assert linked >= least_linked and right >= least_right, split


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason=(
        "0.98 precision is not reached on the sponsored PACs outside the samples the "
        "registry was built from: pac 271/296 = 0.916 as first scored (279/296 after its "
        "misses were read), pac2 83/95 = 0.874 scored once; committees named for a cause, "
        "with no sponsor, read as organizations of their own are most of the misses; see "
        "BENCHMARKS.md"
    ),
)
def test_pac_link_precision_target(masters) -> None:
    right, linked = map(sum, zip(*(_precision(masters, s) for s in _bench().DRAWS), strict=True))
    assert right / linked >= 0.98


def test_union_trades_name_registry_unions() -> None:
    registry = EmployerResolver().registry
    for _, union in union_trades():
        assert registry.organizations[union].naics.startswith("81393"), union
