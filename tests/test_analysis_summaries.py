"""The per-committee summaries answer as the analyses do, on a real warehouse: the 2020
bulk sample and three real .fec filings (joint-fundraising memo lines, conduit earmarks,
refunds), resolved by the real resolver (which refreshes the summaries). Every committee
compared is asked both ways: through the analysis counting its lines
(``summaries=False``) and through the summary; and the analysis as a user calls it
answers from the summary while it matches the warehouse."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import duckdb
import pytest
import sqlglot
from clitools import run_cli
from sqlglot import exp

from moneytrail.analysis.contributors import BY, contribution_rows, top_contributors
from moneytrail.analysis.money_flow import money_in
from moneytrail.analysis.summaries import (
    SUMMARIES_READ,
    _candidate_rows,
    _statements,
    answered_from,
    candidate_sets,
    money_in_summary,
    refresh_summaries,
    summaries_current,
    top_contributors_summary,
)
from moneytrail.resolve.apply import resolve_warehouse
from moneytrail.warehouse.catalog import Warehouse
from moneytrail.warehouse.efile_load import load_filings
from moneytrail.warehouse.load import load_files

FILINGS = ("1527862.fec", "1544132.fec", "filing_invalid_version.fec")


@pytest.fixture(scope="module")
def wh(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    sample = shared_data / "fec-bulk" / "2020-early"
    wh = Warehouse(tmp_path_factory.mktemp("summaries"))
    names = ("cn.txt", "ccl.txt", "cm.txt", "itcont.txt", "itoth.txt", "itpas2.txt")
    load_files(wh, [sample / n for n in names], cycle=2020)
    load_filings(wh, [shared_data / "efile" / "fastfec" / f for f in FILINGS])
    report = resolve_warehouse(wh)
    assert report.notes[-1].startswith("summaries refreshed"), report.notes
    with wh.reader() as con:
        assert con.execute("SELECT count(*) FROM summary_top_donor").fetchall()[0][0] > 0
    return wh


@pytest.fixture(scope="module")
def committees(wh: Warehouse) -> list[str]:
    """The ten committees with the most receipt lines, every committee of a filing (memo
    lines, lumps, refunds), and ten more spread over the rest by size."""
    with wh.reader() as con:
        by_size = [
            r[0]
            for r in con.execute(
                "SELECT committee_id FROM schedule_a GROUP BY 1 ORDER BY count(*) DESC, 1"
            ).fetchall()
        ]
        filers = [
            r[0]
            for r in con.execute(
                "SELECT DISTINCT committee_id FROM schedule_a WHERE source_file LIKE '%.fec'"
            ).fetchall()
        ]
    spread = by_size[10 :: max(1, (len(by_size) - 10) // 10)]
    return sorted(set(by_size[:10] + filers + spread))


def _city_state(line: dict) -> str:
    return ", ".join(p for p in (line["contributor_city"], line["contributor_state"]) if p)


def test_top_contributors_from_the_summary_equal_the_analysis(
    wh: Warehouse, committees: list[str]
) -> None:
    compared = Counter()
    with wh.reader() as con:
        assert summaries_current(con)
        for cid in committees:
            for by in BY:
                for limit in (3, 25):
                    asked = top_contributors(
                        con, summaries=False, committee_id=cid, by=by, limit=limit
                    )
                    summed = top_contributors_summary(con, committee_id=cid, by=by, limit=limit)
                    assert summed is not None
                    assert summed.schema == asked.schema, (cid, by)
                    assert summed.num_rows == asked.num_rows, (cid, by)
                    _same_rows(con, cid, by, asked.to_pylist(), summed.to_pylist())
                    compared[by] += asked.num_rows > 0
    # (a committee whose lines are all memo entries has nothing to show either way)
    assert len(committees) >= 20
    assert all(n >= 2 * (len(committees) - 2) for n in compared.values()), compared


def test_a_candidate_with_several_committees_from_its_own_summary(wh: Warehouse) -> None:
    """All the candidate's committees together; money they move among themselves is
    left out, as the analysis leaves it out."""
    with wh.reader() as con:
        sets = candidate_sets(con)
        received = dict(
            con.execute("SELECT committee_id, count(*) FROM schedule_a GROUP BY 1").fetchall()
        )
        # the candidates whose committees received the most lines
        busiest = sorted(sets, key=lambda c: -sum(received.get(k, 0) for k in sets[c]))[:6]
        # (early in the 2020 cycle, a candidate's second committee has received little)
        assert sum(received.get(k, 0) for k in sets[busiest[0]]) > 0
        for candidate in busiest:
            for by in BY:
                asked = top_contributors(
                    con, summaries=False, candidate_id=candidate, by=by, limit=5
                )
                summed = top_contributors_summary(con, candidate_id=candidate, by=by, limit=5)
                assert summed is not None and summed.schema == asked.schema
                assert summed.num_rows == asked.num_rows, (candidate, by)
                _same_rows(
                    con, candidate, by, asked.to_pylist(), summed.to_pylist(), candidate=True
                )
            asked_in = money_in(con, summaries=False, candidate_id=candidate).to_pylist()
            summed_in = money_in_summary(con, candidate_id=candidate)
            assert summed_in is not None
            fixed = ("source", "amount", "items", "file_numbers")
            assert [{k: r[k] for k in fixed} for r in asked_in] == [
                {k: r[k] for k in fixed} for r in summed_in.to_pylist()
            ]


def _same_rows(
    con: duckdb.DuckDBPyConnection,
    cid: str,
    by: str,
    asked: list[dict],
    summed: list[dict],
    *,
    candidate: bool = False,
) -> None:
    detail: list[dict] | None = None
    for a, s in zip(asked, summed, strict=True):
        loose: set[str] = set()
        if by == "donor" and a["kind"] == "donor":
            loose = {"name", "city_state", "employer"}  # most frequent of each donor's lines
        if by == "organization" and a["kind"] == "committee":
            loose = {"name"}  # the committee's name, else its most frequent name as filed
        if by == "organization" and a["kind"] != "organization":
            # A labelled row mixes organizations: both show any one of their industries.
            loose |= {"industry", "sector"}
        exact = set(a) - loose
        assert {k: a[k] for k in exact} == {k: s[k] for k in exact}, (cid, by, a, s)
        if a == s or not loose - {"industry", "sector"}:
            continue
        if detail is None:
            who = {"candidate_id" if candidate else "committee_id": cid}
            detail = top_contributors(con, by=by, detail=True, **who).to_pylist()
        lines = [d for d in detail if d["group"] == (a["donor_id"] if by == "donor" else None)]
        if by == "donor":
            for column, value in (
                ("name", lambda d: d["contributor_name"]),
                ("city_state", _city_state),
                ("employer", lambda d: d["contributor_employer"]),
            ):
                assert s[column] in _most_frequent([value(d) for d in lines]), (cid, column, s)
        else:
            committee = a["name"].rsplit(" (", 1)[1].rstrip(")")
            filed = [d["contributor_name"] for d in detail if d["group"] == committee]
            named = {
                r[0]
                for r in con.execute(
                    "SELECT name FROM committees WHERE committee_id = ?", [committee]
                ).fetchall()
            }
            assert s["name"].rsplit(" (", 1)[0] in named | _most_frequent(filed), (cid, a, s)


def _most_frequent(values: list) -> set:
    counts = Counter(values)
    return {v for v, n in counts.items() if n == max(counts.values())}


def test_money_in_from_the_summary_equals_the_analysis(
    wh: Warehouse, committees: list[str]
) -> None:
    with wh.reader() as con:
        for cid in committees:
            asked = money_in(con, summaries=False, committee_id=cid, top=3).to_pylist()
            summed = money_in_summary(con, committee_id=cid, top=3)
            assert summed is not None
            summed_rows = summed.to_pylist()
            assert len(asked) == len(summed_rows)
            given = _given(con, cid)
            for a, s in zip(asked, summed_rows, strict=True):
                fixed = ("source", "amount", "items", "file_numbers")
                assert {k: a[k] for k in fixed} == {k: s[k] for k in fixed}, cid
                # Sources that gave the same amount may come in either order: the amounts
                # of the sources shown must be the largest three of that kind of source.
                largest = sorted(given[a["source"]].values(), reverse=True)[:3]
                assert [given[s["source"]][w] for w in s["top_sources"]] == largest, cid


def _given(con: duckdb.DuckDBPyConnection, cid: str) -> dict[str, dict[str, object]]:
    """Per kind of source and per source, the amount, summed here from the lines that
    count (with the analysis's own kinds of source)."""
    from moneytrail.analysis.money_flow import _SOURCE

    found: dict[str, dict[str, object]] = defaultdict(dict)
    rows = con.execute(
        f"SELECT {_SOURCE} AS source, coalesce(contributor_name, contributor_id) AS who, amount "
        f"FROM ({contribution_rows(con, [cid])})"
    ).fetchall()
    for source, who, amount in rows:
        found[source][who] = found[source].get(who, 0) + amount
    return found


def test_a_summary_answers_only_for_the_warehouse_it_was_made_from(
    wh: Warehouse, shared_data: Path
) -> None:
    with wh.reader() as con:
        cid = con.execute(
            "SELECT committee_id FROM schedule_a GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        ).fetchall()[0][0]
        # All its lines are from 2020: asked about 2020 it answers, about 2022 it cannot.
        assert top_contributors_summary(con, committee_id=cid, cycle=2020) is not None
        assert top_contributors_summary(con, committee_id=cid, cycle=2022) is None
        assert money_in_summary(con, committee_id=cid, cycle=2022) is None
    with wh.writer() as con:
        assert not refresh_summaries(con).refreshed  # nothing changed: nothing to do
    # A new load changes what counts (committee names here): the summary stands aside.
    masters = shared_data / "fec-bulk" / "2022-masters"
    load_files(wh, [masters / "cm.txt"], cycle=2022)
    with wh.reader() as con:
        assert not summaries_current(con)
        assert top_contributors_summary(con, committee_id=cid) is None
        assert money_in_summary(con, committee_id=cid) is None
    assert "(stale: run moneytrail resolve)" in _status_of_summaries(wh)
    with wh.writer() as con:
        assert refresh_summaries(con).refreshed
    with wh.reader() as con:
        assert summaries_current(con)
        asked = top_contributors(con, summaries=False, committee_id=cid)
        summed = top_contributors_summary(con, committee_id=cid)
        assert summed is not None and summed.column("total") == asked.column("total")
    assert _status_of_summaries(wh) == "moneytrail resolve (current)"
    # The FEC's summary files feed no summary: loading them leaves the summaries current.
    sample = shared_data / "fec-bulk" / "2020-early"
    load_files(wh, [sample / "weball20.txt", sample / "webk20.txt"], cycle=2020)
    with wh.reader() as con:
        assert con.execute("SELECT count(*) FROM candidate_summaries").fetchall()[0][0] > 0
        assert summaries_current(con)
        assert top_contributors_summary(con, committee_id=cid) is not None
    with wh.writer() as con:
        assert not refresh_summaries(con).refreshed


def test_the_summaries_read_only_the_tables_their_key_follows() -> None:
    # Every table the summary statements read is a table whose loads the summaries' key
    # follows, one resolve writes (the key holds the run), or a summary table itself.
    statements = [*_statements().values(), _candidate_rows("P00000001", ["C1", "C2"])]
    read = set()
    for statement in statements:
        tree = sqlglot.parse_one(statement, read="duckdb")
        named = {cte.alias for cte in tree.find_all(exp.CTE)}
        read |= {t.name for t in tree.find_all(exp.Table) if t.name not in named}
    resolved = {"organizations", "org_aliases", "committee_orgs", "org_contexts", "donor_records"}
    assert {t for t in read if not t.startswith("summary_")} <= set(SUMMARIES_READ) | resolved
    assert {"schedule_a", "schedule_b", "committees"} <= read  # the parse found them


def _status_of_summaries(wh: Warehouse) -> str:
    rows = json.loads(run_cli("status", "-f", "json", home=wh.home).stdout)
    return next(r["sources"] for r in rows if r["table"] == "summary_*")


def test_the_analyses_answer_from_the_summary_while_it_matches(wh: Warehouse) -> None:
    """As a user calls them: from the groups without a filter, from the kept lines with a
    state or date filter or by month, afresh with --rows or when told; the same figures
    every way."""
    with wh.reader() as con:
        assert summaries_current(con)
        cid = con.execute(
            "SELECT committee_id FROM schedule_a GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        ).fetchall()[0][0]
        top = top_contributors(con, committee_id=cid, by="donor")
        counted = top_contributors(con, committee_id=cid, by="donor", summaries=False)
        assert answered_from(top) == "summary" and answered_from(counted) is None
        assert top.column("total") == counted.column("total")
        rows = top_contributors(con, committee_id=cid, detail=True)
        assert answered_from(rows) is None and rows.num_rows > 1000
        flows = money_in(con, committee_id=cid)
        assert answered_from(flows) == "summary"
        assert flows.column("amount") == money_in(con, committee_id=cid, summaries=False).column(
            "amount"
        )
        by_month = money_in(con, committee_id=cid, by=("month",))
        assert answered_from(by_month) == "summary_receipts"
        assert sum(by_month.column("amount").to_pylist()) == sum(flows.column("amount").to_pylist())


def test_filtered_questions_from_the_kept_lines_equal_the_analysis(
    wh: Warehouse, committees: list[str]
) -> None:
    """States, dates and breakdowns by state or month, read from the lines the refresh
    kept, give what counting the lines afresh gives, for every committee compared and
    for candidates with several committees."""
    west = ["CA", "OR", "WA", "NV", "AZ"]
    since = date(2019, 1, 10)
    with wh.reader() as con:
        askers = [{"committee_id": c} for c in committees]
        askers += [{"candidate_id": c} for c in list(candidate_sets(con))[:3]]
        for who in askers:
            for by in BY:
                kept = top_contributors(con, by=by, limit=5, states=west, since=since, **who)
                fresh = top_contributors(
                    con, by=by, limit=5, states=west, since=since, summaries=False, **who
                )
                assert answered_from(kept) == "summary_receipts", who
                assert kept.num_rows == fresh.num_rows, (who, by)
                key = "total"
                assert kept.column(key) == fresh.column(key), (who, by)
                assert kept.column("kind") == fresh.column("kind"), (who, by)
            dims = ("source", "state", "month")
            kept_in = money_in(con, by=dims, until=date(2019, 1, 31), **who)
            fresh_in = money_in(con, by=dims, until=date(2019, 1, 31), summaries=False, **who)
            assert answered_from(kept_in) == "summary_receipts"
            fixed = (*dims, "amount", "items", "file_numbers")
            assert kept_in.select(fixed) == fresh_in.select(fixed), who
