"""The synthetic cycle the analysis benchmark runs on: every file labelled, ids that join
across files, the skew of a real cycle, values from the real samples, summaries that add
up to the lines, and all of it loads with the real loader."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

from moneytrail.sources.synthetic_cycle import generate_cycle
from moneytrail.warehouse.catalog import Warehouse
from moneytrail.warehouse.load import load_files

ROWS = 5_000


@pytest.fixture(scope="module")
def files(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cycle")
    return generate_cycle(folder, ROWS, samples=shared_data / "fec-bulk")


def lines(path: Path) -> list[list[str]]:
    return [line.split("|") for line in path.read_text(encoding="latin-1").splitlines()]


def amount(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def test_every_file_and_name_says_synthetic(files: dict[str, Path]) -> None:
    assert set(files) == {"cm", "cn", "ccl", "indiv", "oth", "pas2", "oppexp", "webk", "weball"}
    assert all("SYNTHETIC" in p.name for p in files.values())
    assert all(f[1].startswith("SYNTHETIC ") for f in lines(files["cm"]))
    assert all(f[1].startswith("SYNTHETIC ") for f in lines(files["cn"]))


def test_ids_join_across_files(files: dict[str, Path]) -> None:
    committees = {f[0]: f for f in lines(files["cm"])}
    candidates = {f[0]: f for f in lines(files["cn"])}
    for kind in ("indiv", "oth", "pas2", "oppexp", "webk"):
        assert {f[0] for f in lines(files[kind])} <= set(committees), kind
    # counterparties: committees of the cycle, named as the master names them
    for f in lines(files["oth"]):
        if f[15].startswith("C"):
            assert f[15] in committees and f[15] != f[0]
            if f[6] in ("PAC", "CCM", "PTY", "COM"):
                assert f[7] == committees[f[15]][1]
    for f in lines(files["pas2"]):
        assert f[16] in candidates
        if f[15]:
            assert f[15] == candidates[f[16]][9]  # the candidate's principal committee
    links = lines(files["ccl"])
    assert {f[0] for f in links} == set(candidates)
    assert all(f[3] in committees and committees[f[3]][14] == f[0] for f in links)
    assert {f[0] for f in lines(files["weball"])} == set(candidates)
    # a candidate with a principal and an authorized committee
    designations = defaultdict(set)
    for f in links:
        designations[f[0]].add(f[5])
    assert any(d == {"P", "A"} for d in designations.values())


def test_a_few_huge_committees_and_a_long_tail(files: dict[str, Path]) -> None:
    received = Counter(f[0] for f in lines(files["indiv"]))
    sizes = sorted(received.values(), reverse=True)
    assert 0.18 * ROWS < sizes[0] < 0.22 * ROWS  # the presidential campaign, a fifth
    assert sum(sizes[:3]) > 0.30 * ROWS
    committees = len(lines(files["cm"]))
    assert committees > 900
    # the tail: most committees have less than a thousandth of the contributions each
    small = sum(1 for c in lines(files["cm"]) if received[c[0]] < ROWS / 1000)
    assert small > committees / 2
    # the other files follow the same committees: the largest files most
    spenders = Counter(f[0] for f in lines(files["oppexp"]))
    assert spenders.most_common(1)[0][0] == received.most_common(1)[0][0]


def test_lines_come_from_the_real_samples(files: dict[str, Path], shared_data: Path) -> None:
    real = lines(shared_data / "fec-bulk" / "2020-early" / "oppexp.txt")
    spent = lines(files["oppexp"])
    assert len(spent) == ROWS // 10
    assert {f[15] for f in spent} <= {f[15] for f in real}  # purposes as committees write them
    assert len({f[15] for f in spent}) > 50
    pas2 = lines(files["pas2"])
    types = Counter(f[5] for f in pas2)
    assert types["24E"] + types["24A"] == ROWS // 100  # independent expenditures
    assert sum(n for t, n in types.items() if t not in ("24E", "24A")) == ROWS // 100
    years = {f[12][-4:] for f in spent} | {f[13][-4:] for f in lines(files["oth"]) if f[13]}
    assert max(years) <= "2024" and min(years) >= "2016"


def test_the_summaries_add_up_to_the_lines(files: dict[str, Path]) -> None:
    indiv: dict[str, Decimal] = defaultdict(Decimal)
    for f in lines(files["indiv"]):
        value = amount(f[14]) if len(f) == 21 else None
        if value is not None and f[18] != "X":
            indiv[f[0]] += value
    spent: dict[str, Decimal] = defaultdict(Decimal)
    for f in lines(files["oppexp"]):
        if f[18] != "X":
            spent[f[0]] += Decimal(f[13])
    independent: dict[str, Decimal] = defaultdict(Decimal)
    given: dict[str, Decimal] = defaultdict(Decimal)
    for f in lines(files["pas2"]):
        if f[19] != "X":
            (independent if f[5] in ("24E", "24A") else given)[f[0]] += Decimal(f[14])
    webk = lines(files["webk"])
    assert len(webk) > 100
    for f in webk:
        assert Decimal(f[7]) == indiv[f[0]], f[0]  # INDV_CONTRIB
        assert Decimal(f[23]) == independent[f[0]], f[0]  # IND_EXP
        assert Decimal(f[22]) == given[f[0]], f[0]  # CONTRIB_TO_OTHER_CMTE
        assert Decimal(f[12]) == spent[f[0]] + given[f[0]] + independent[f[0]]  # TTL_DISB
        # cash at the end less debts is what came in less what went out
        assert Decimal(f[19]) - Decimal(f[20]) == Decimal(f[5]) - Decimal(f[12])
    principal = {f[0]: f[9] for f in lines(files["cn"])}
    for f in lines(files["weball"]):
        authorized = {c[3] for c in lines(files["ccl"]) if c[0] == f[0]}
        assert principal[f[0]] in authorized
        assert Decimal(f[17]) == sum((indiv[c] for c in authorized), Decimal(0))


def test_the_cycle_loads(files: dict[str, Path], tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    for kind in ("cm", "cn", "ccl", "indiv", "oth", "pas2", "oppexp", "webk", "weball"):
        (report,) = load_files(wh, [files[kind]], kind=kind, cycle=2024)
        # generate_indiv spoils a few lines on purpose; the real lines drawn all read
        assert report.rows_rejected <= (5 if kind == "indiv" else 0), kind
    held = wh.query(
        "SELECT (SELECT count(*) FROM schedule_e) AS e, "
        "(SELECT count(*) FROM committee_summaries) AS k, "
        "(SELECT count(*) FROM candidate_summaries) AS c, "
        "(SELECT count(*) FROM schedule_a s JOIN committees c USING (committee_id)) AS joined, "
        "(SELECT count(*) FROM schedule_a) AS a"
    ).to_pylist()[0]
    assert held["e"] == ROWS // 100
    assert held["k"] == len(lines(files["webk"])) and held["c"] == len(lines(files["weball"]))
    assert held["joined"] == held["a"] > ROWS  # contributions and itoth receipts, all joined
