"""Measure employer resolution (moneytrail.resolve.employers) on the real FEC samples.

    .venv/bin/python bench/bench_employers.py [--data ../shared/data] [--distinct 500000]
    .venv/bin/python bench/bench_employers.py --draw NAME    # a draw's strings, to label

NAME is one of DRAWS, in the order they were made: first (the labeled sample's 300, 100
held out), extra (200 more), blind3 to blind51 (300 each), efile to efile6 (from the .fec
filings), oth to oth22 (from itoth's individuals), rest (every string no draw reached).

Prints: the share of itemized individual dollars (ENTITY_TP IND, MEMO_CD not X) attributed
to a registered organization or a recognised non-organization, by the strings alone and
with the lines their context settles (and how those lines were judged); how many of the
300 employers with the most dollars the registry covers; precision and coverage on
tests/data/employer_labels.csv, each split and all, the strings scored as the warehouse
attributes them; the dollar-weighted precision; precision and coverage on the draws from
the .fec filings (tests/data/employer_labels_efile.csv) and from itoth's individuals
(tests/data/employer_labels_oth.csv), the strings alone and as the warehouse attributes
them; a third labeler's labels of three draws, scored the same way; precision and coverage
on the strings no draw by dollars reached (tests/data/employer_labels_rest.csv);
throughput of the bulk resolver.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import random
import re
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import NamedTuple

import duckdb
import pyarrow as pa

from moneytrail.resolve.committees import link_committees, own_people_org_types
from moneytrail.resolve.context import INPUT_COLUMNS as CONTEXT_INPUT
from moneytrail.resolve.context import RULE_CONFIDENCE, ContextReader, own_people_sponsors
from moneytrail.resolve.employers import (
    DISCOVERED_PREFIX,
    NOT_REPORTED,
    EmployerMatch,
    EmployerResolver,
    Registry,
    resolve_employers_arrow,
)

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "data" / "employer_labels.csv"
CONTEXT_LABELS = ROOT / "tests" / "data" / "employer_context_labels.csv"
# Strings drawn from the .fec filings in ../shared/data/efile: another population than the
# itcont samples the resolver was developed on (filings of 2001 to 2021).
EFILE_LABELS = ROOT / "tests" / "data" / "employer_labels_efile.csv"
# Strings drawn from the individuals' lines of the 2020 sample's itoth.txt, a third
# population: mostly the Republican National Committee's memo lines itemizing each donor's
# share of joint-fundraising transfers (type 15J), which no draw or rule was read from.
OTH_LABELS = ROOT / "tests" / "data" / "employer_labels_oth.csv"
# The strings no draw by dollars reached, every one labeled: the individuals' strings of the
# samples and itoth that none of the three files above holds (their lines net to nothing
# positive, or are memo lines, which the samples' population leaves out) and those of the
# 2016 sample's itoth, never a population. A sample of mappings; the others are of dollars.
REST_LABELS = ROOT / "tests" / "data" / "employer_labels_rest.csv"
REST_SEED = 20261252  # the order of the rest's strings, each population's shuffled
RELABELS = ROOT / "tests" / "data" / "employer_relabels.csv"
# A third labeler's labels of blind24 to blind26, written apart from the labels file's: how
# a person scores by the scorer the resolver is held to.
THIRD_LABELS = ROOT / "tests" / "data" / "employer_labels_third.csv"
# The draws from them: each leaves out the strings of the draws before it.
EFILE_SEEDS = {
    "efile": 20261231, "efile2": 20261232, "efile3": 20261233, "efile4": 20261234,
    "efile5": 20261235, "efile6": 20261236,
}  # fmt: skip
OTH_SEEDS = {
    "oth": 20261301, "oth2": 20261302, "oth3": 20261303, "oth4": 20261304, "oth5": 20261305,
    "oth6": 20261306, "oth7": 20261307, "oth8": 20261308, "oth9": 20261309,
    "oth10": 20261310, "oth11": 20261311, "oth12": 20261312, "oth13": 20261313,
    "oth14": 20261314, "oth15": 20261315, "oth16": 20261316, "oth17": 20261317,
    "oth18": 20261318, "oth19": 20261319, "oth20": 20261320, "oth21": 20261321,
    "oth22": 20261322,
}  # fmt: skip
OTH = "fec-bulk/2020-early/itoth.txt"
OTH_2016 = "fec-bulk/2016-early/itoth.txt"  # 38 individuals' strings: only in the rest
ITCONT = ("fec-bulk/2016-early/itcont.txt", "fec-bulk/2020-early/itcont.txt")
SAMPLE_SEED = 20261124


def employer_dollars(data: Path, *, memo: bool = False) -> list[tuple[str | None, float, int]]:
    """(employer, dollars, contributions) per distinct employer string, sorted by text;
    ``memo``: count the memo lines too (the population itself leaves them out)."""
    files = [str(data / f) for f in ITCONT]
    con = duckdb.connect()
    # Fields 6, 11, 14, 18 of indiv.toml: ENTITY_TP, EMPLOYER, TRANSACTION_AMT, MEMO_CD.
    rows = con.execute(
        f"""
        SELECT column11, sum(CAST(column14 AS DOUBLE)), count(*)
        FROM read_csv(?, delim='|', header=false, all_varchar=true, quote='',
                      encoding='latin-1', null_padding=true)
        WHERE column06 = 'IND' AND ({memo} OR coalesce(column18, '') <> 'X')
        GROUP BY 1 ORDER BY 1 NULLS FIRST
        """,
        [files],
    ).fetchall()
    return [(e, float(d), int(n)) for e, d, n in rows]


def oth_employer_dollars(data: Path, file: str = OTH) -> list[tuple[str | None, float, int]]:
    """(employer, dollars, lines) per distinct employer string of the individuals' lines of
    itoth.txt (OTH, or ``file``), memo lines included: a joint-fundraising transfer's memo
    lines are its donors' shares, the only lines naming them there. Sorted as
    employer_dollars."""
    # itoth has indiv.toml's fields: 6 ENTITY_TP, 11 EMPLOYER, 14 TRANSACTION_AMT.
    rows = (
        duckdb.connect()
        .execute(
            f"SELECT column11, sum(CAST(column14 AS DOUBLE)), count(*) FROM {_READ} "
            "WHERE column06 = 'IND' GROUP BY 1 ORDER BY 1 NULLS FIRST",
            [str(data / file)],
        )
        .fetchall()
    )
    return [(e, float(d), int(n)) for e, d, n in rows]


class EfileLine(NamedTuple):
    """An individual's itemized receipt in a .fec filing, as the labelers read it."""

    employer: str | None
    occupation: str | None
    name: str
    city: str | None
    state: str | None
    date: str
    amount: float
    committee_id: str | None  # the filer
    committee: str  # the filer: id and name
    filing: str


def efile_lines(data: Path) -> list[EfileLine]:
    """The individuals' itemized receipts (Schedule A, entity IND, or a person's name where
    the format has no entity type; memo lines left out) of every .fec filing under
    ``data/efile``, each filing read once however many folders hold it."""
    from moneytrail.formats.efile.reader import parse_filing

    seen: set[str] = set()
    out: list[EfileLine] = []
    for path in sorted((data / "efile").rglob("*.fec")):
        digest = hashlib.md5(path.read_bytes()).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                filing = parse_filing(path)
            except Exception:  # a fixture kept for being unreadable
                continue
        cover = filing.cover.fields if filing.cover else {}
        committee = f"{cover.get('filer_committee_id_number')} {cover.get('committee_name')}"
        for record_type, table in filing.tables.items():
            if not record_type.startswith("SA") or "contributor_employer" not in table.column_names:
                continue
            for r in table.to_pylist():
                person = r.get("entity_type") == "IND" or (
                    "entity_type" not in r
                    and r.get("contributor_last_name")
                    and not r.get("contributor_organization_name")
                )
                if not person or r.get("memo_code") == "X":
                    continue
                out.append(
                    EfileLine(
                        r["contributor_employer"],
                        r.get("contributor_occupation"),
                        f"{r.get('contributor_last_name')}, {r.get('contributor_first_name')}",
                        r.get("contributor_city"),
                        r.get("contributor_state"),
                        str(r.get("contribution_date")),
                        float(r.get("contribution_amount") or 0),
                        cover.get("filer_committee_id_number"),
                        committee,
                        str(path.relative_to(data / "efile")),
                    )
                )
    return out


def efile_employer_dollars(lines: list[EfileLine]) -> list[tuple[str | None, float, int]]:
    """(employer, dollars, receipts) per distinct employer string of ``lines``, sorted by
    text with the blank one first, as employer_dollars."""
    agg: dict[str | None, list[float]] = {}
    for line in lines:
        a = agg.setdefault(line.employer, [0.0, 0])
        a[0] += line.amount
        a[1] += 1
    return [(e, d, int(n)) for e, (d, n) in sorted(agg.items(), key=lambda kv: kv[0] or "")]


# The context rules that settle a string on all of its lines (moneytrail.resolve.context).
STRING_RULES = ("named sponsor's PAC", "sponsor's PAC")


class SettledLine(NamedTuple):
    """A line (employer, donor name, state and occupation, committee) its context settles."""

    key: str  # line_key: its key in employer_context_labels.csv
    rule: str
    decision: str  # the org_id or non-organization decided
    dollars: float
    employer: str
    alone_attributed: bool  # the string alone found an organization of its own


_READ = (
    "read_csv(?, delim='|', header=false, all_varchar=true, quote='', "
    "encoding='latin-1', null_padding=true, filename=true)"
)


def _context_reader(data: Path, cm_files: list[str], resolver: EmployerResolver) -> ContextReader:
    """The context rules with the corporate PACs of ``cm_files`` linked as `resolve` links
    them."""
    # cm.txt fields 1, 2, 13, 14: CMTE_ID, CMTE_NM, ORG_TP, CONNECTED_ORG_NM; the cycle from
    # the folder, so that a committee's latest name is read first.
    committees = (
        duckdb.connect()
        .sql(
            f"""
        SELECT column00 AS committee_id, column01 AS name, column12 AS organization_type,
               column13 AS connected_organization_name,
               CAST(regexp_extract(filename, '(\\d{{4}})-', 1) AS INTEGER) AS cycle
        FROM {_READ}
        """,
            params=[[str(data / f) for f in cm_files]],
        )
        .to_arrow_table()
    )
    links = link_committees(committees, resolver)
    sponsors = own_people_sponsors(committees, links, own_people_org_types(), resolver.registry)
    return ContextReader(resolver, sponsors)


def _settle(lines: pa.Table, reader: ContextReader) -> list[SettledLine]:
    """The decided lines of ``lines`` (CONTEXT_INPUT, amount, smallest_gift per distinct
    line)."""
    resolver = reader.resolver
    keys = zip(*(lines.column(c).to_pylist() for c in CONTEXT_INPUT), strict=True)
    amounts = dict(zip(keys, lines.column("amount").to_pylist(), strict=True))
    decided = reader.decide_table(lines).to_pylist()
    return [
        SettledLine(
            line_key(d),
            d["rule"],
            d["org_id"] or d["non_org"],
            amounts[_line(d)],
            d["employer"],
            resolver.resolve(d["employer"]).resolved,
        )
        for d in decided
    ]


def settled_lines(
    data: Path, resolver: EmployerResolver, files: tuple[str, ...] = ITCONT, *, memo: bool = False
) -> list[SettledLine]:
    """The lines whose employer string names nothing alone, or only an organization of its
    own, but whose context settles it (moneytrail.resolve.context), the corporate PACs of
    the committee masters beside ``files`` linked as `resolve` does. ``files``: the
    samples' itcont by default, or OTH; ``memo``: keep memo lines (OTH's are its donors')."""
    reader = _context_reader(data, [str(Path(f).parent / "cm.txt") for f in files], resolver)
    # indiv fields 1, 8, 10, 12, 13, 15 (as employer_dollars): CMTE_ID, NAME, STATE, EMPLOYER,
    # OCCUPATION, TRANSACTION_AMT.
    lines = (
        duckdb.connect()
        .sql(
            f"""
        SELECT column11 AS employer, column07 AS contributor_name,
               column09 AS contributor_state, column12 AS contributor_occupation,
               column00 AS committee_id,
               sum(CAST(column14 AS DOUBLE)) AS amount,
               min(CAST(column14 AS DOUBLE)) AS smallest_gift
        FROM {_READ}
        WHERE column06 = 'IND' AND ({memo} OR coalesce(column18, '') <> 'X')
              AND column11 IS NOT NULL
        GROUP BY ALL
        """,
            params=[[str(data / f) for f in files]],
        )
        .to_arrow_table()
    )
    return _settle(lines, reader)


def efile_settled_lines(
    data: Path, lines: list[EfileLine], resolver: EmployerResolver
) -> list[SettledLine]:
    """As settled_lines, for the filings' lines, with the corporate PACs of every committee
    master in ``data`` (the filers of 2001 to 2021 are in the masters of 2015 to 2024)."""
    masters = sorted(str(p.relative_to(data)) for p in (data / "fec-bulk").glob("*/cm.txt"))
    reader = _context_reader(data, masters, resolver)
    table = pa.Table.from_pylist(
        [
            {
                "employer": line.employer,
                "contributor_name": line.name,  # LAST, FIRST
                "contributor_state": line.state,
                "contributor_occupation": line.occupation,
                "committee_id": line.committee_id,
                "amount": line.amount,
            }
            for line in lines
            if line.employer is not None
        ]
    )
    grouped = table.group_by(list(CONTEXT_INPUT)).aggregate([("amount", "sum"), ("amount", "min")])
    columns = {c: grouped[c] for c in CONTEXT_INPUT}
    columns |= {"amount": grouped["amount_sum"], "smallest_gift": grouped["amount_min"]}
    return _settle(pa.table(columns), reader)


def named_strings(
    settled: list[SettledLine], resolver: EmployerResolver
) -> dict[str, EmployerMatch]:
    """What the warehouse attributes a string to where a sponsor's PAC rule settles it on
    all of its lines: the string alone's match, pointed at the sponsor."""
    named = {}
    for line in settled:
        if line.rule in STRING_RULES and line.employer not in named:
            alone = resolver.resolve(line.employer)
            named[line.employer] = replace(
                alone,
                org_id=line.decision,
                non_org=None,
                method="rule",
                confidence=RULE_CONFIDENCE[line.rule],
            )
    return named


def _line(row: dict) -> tuple:
    return tuple(row[c] for c in CONTEXT_INPUT)


def line_key(row: dict) -> str:
    """A line's key in employer_context_labels.csv: no donor's name in the file."""
    return hashlib.md5("|".join(v or "" for v in _line(row)).encode()).hexdigest()


def context_labels() -> dict[tuple[str, str], str]:
    """(line_key, decision) → RIGHT, WRONG or UNSURE, from employer_context_labels.csv."""
    with CONTEXT_LABELS.open(newline="") as fh:
        rows = csv.DictReader(x for x in fh if not x.startswith("#"))
        return {(r["line_key"], r["decision"]): r["verdict"] for r in rows}


def make_sample(rows: list[tuple[str | None, float, int]]) -> list[tuple[str, str | None]]:
    """The labeled sample's draw: 300 strings by dollars (Efraimidis-Spirakis), 100 held out."""
    rng = random.Random(SAMPLE_SEED)
    positive = [(e, d) for e, d, _ in rows if d > 0]
    keyed = sorted(((math.log(rng.random()) / d, e) for e, d in positive), reverse=True)[:300]
    order = list(range(300))
    rng.shuffle(order)
    held = set(order[:100])
    return [("heldout" if i in held else "dev", e) for i, (_, e) in enumerate(keyed)]


EXTRA_SEED = 20261125  # the second draw (split "extra"), made after the first was labeled


def make_extra_sample(
    rows: list[tuple[str | None, float, int]], labeled: set[str], n: int = 200
) -> list[str | None]:
    """A second draw by dollars, the same way, from the strings not labeled yet."""
    return draw_by_dollars(rows, labeled, n, seed=EXTRA_SEED)


# blind3 to blind51, seeds 20261203 to 20261251: each drawn after the one before it was
# labeled and scored (BENCHMARKS.md's history says which fixes came between them).
BLIND_SEEDS = {f"blind{n}": 20261200 + n for n in range(3, 52)}
# The labeled splits in the order they were drawn; each blind draw leaves out the strings
# of the splits before it.
SPLITS = ("heldout", "dev", "extra", *BLIND_SEEDS)


def labeled_before(labels_file: Path, splits: tuple[str, ...], split: str) -> set[str]:
    """The strings of ``labels_file`` in the draws before ``split`` (``splits`` in the order
    they were drawn): a draw leaves them out."""
    before = set(splits[: splits.index(split)])
    with labels_file.open(newline="") as fh:
        rows = csv.DictReader(x for x in fh if not x.startswith("#"))
        return {r["raw"] for r in rows if r["split"] in before}


def draw_by_dollars(
    rows: list[tuple[str | None, float, int]],
    labeled: set[str],
    n: int = 300,
    *,
    seed: int,
) -> list[str | None]:
    """A draw of ``n`` strings by dollars (Efraimidis-Spirakis, as make_sample) from the
    strings not labeled yet; each blind draw and each filings' draw is one."""
    rng = random.Random(seed)
    positive = [(e, d) for e, d, _ in rows if d > 0 and (e or "") not in labeled]
    return [e for _, e in sorted(((math.log(rng.random()) / d, e) for e, d in positive),
                                 reverse=True)[:n]]  # fmt: skip


REST_SPLITS = ("rest-samples", "rest-itoth", "rest-itoth-2016")


def rest_strings(data: Path) -> list[tuple[str, str]]:
    """(split, string) of REST_LABELS: the samples' individuals' strings (memo lines too)
    that no labels file holds ("rest-samples"), then itoth's ("rest-itoth") and the 2016
    sample's itoth's ("rest-itoth-2016"), each leaving out the ones before it, each in a
    random order of REST_SEED so that any run of them is a random sample."""
    taken: set[str] = set()
    for labels_file in (LABELS, EFILE_LABELS, OTH_LABELS):
        with labels_file.open(newline="") as fh:
            taken |= {r["raw"] for r in csv.DictReader(x for x in fh if not x.startswith("#"))}
    rng = random.Random(REST_SEED)
    drawn = []
    populations = (
        employer_dollars(data, memo=True), oth_employer_dollars(data),
        oth_employer_dollars(data, OTH_2016),
    )  # fmt: skip
    for split, population in zip(REST_SPLITS, populations, strict=True):
        strings = sorted({e for e, _, _ in population if e} - taken)
        rng.shuffle(strings)
        drawn += [(split, e) for e in strings]
        taken |= set(strings)
    return drawn


def rest_named_strings(data: Path, resolver: EmployerResolver) -> dict[str, EmployerMatch]:
    """named_strings of the rest's three files, memo lines read (most of its lines are)."""
    lines = [
        line
        for files in (ITCONT, (OTH,), (OTH_2016,))
        for line in settled_lines(data, resolver, files, memo=True)
    ]
    return named_strings(lines, resolver)


def make_efile_sample(
    population: list[tuple[str | None, float, int]], split: str
) -> list[str | None]:
    """The draw ``split`` of EFILE_SEEDS from the filings' strings: by dollars, as the
    samples' draws, leaving out the strings of the draws before it (none for the first)."""
    labeled = labeled_before(EFILE_LABELS, tuple(EFILE_SEEDS), split)
    return draw_by_dollars(population, labeled, seed=EFILE_SEEDS[split])


def make_oth_sample(
    population: list[tuple[str | None, float, int]], split: str
) -> list[str | None]:
    """The draw ``split`` of OTH_SEEDS from itoth's strings (oth_employer_dollars), as
    make_efile_sample draws from the filings'."""
    labeled = labeled_before(OTH_LABELS, tuple(OTH_SEEDS), split)
    return draw_by_dollars(population, labeled, seed=OTH_SEEDS[split])


@dataclass
class Score:
    n: int = 0
    attributed: int = 0
    correct: int = 0
    known: int = 0  # labels that are not UNKNOWN
    known_attributed: int = 0

    def line(self, name: str) -> str:
        prec = self.correct / self.attributed if self.attributed else float("nan")
        return (
            # wide enough for the longest split's name (rest-itoth-2016) and a population
            f"{name:15} n={self.n:5}  attributed={self.attributed:5}  correct={self.correct:5}  "
            f"precision={prec:.3f}  coverage={self.attributed / self.n:.3f}  "
            f"coverage of labels naming an org or non-org={self.known_attributed}/{self.known}"
        )

    def __add__(self, other: Score) -> Score:
        return Score(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


# Labels of UNKNOWN are "a small or unidentifiable business, or no employer named"; their
# reasons say which. A discovered organization (the string as its own organization) is
# right for a specific business the registry lacks (and for a label naming an organization
# that is not in the registry), and wrong where the reason says the string does not
# identify one organization.
# Whole words: "occupational-health clinic" names one business (blind23's TAMPA
# OCCUPATIONAL HEALTH & WELLNESS, read as "an occupation" until the words were bounded).
AMBIGUOUS_REASON = re.compile(
    r"\b(unclear|generic|many|which|not known|ambiguous|no employer|several|occupation)\b",
    re.I,
)


def own_organization_reading(label: str, reason: str, registry: Registry) -> str:
    """How a label judges a string taken as an organization of its own: "one" (right: one
    business the registry lacks), "none" (wrong: no single organization) or "other" (a
    registry organization or a non-organization)."""
    if label == "UNKNOWN":
        return "none" if AMBIGUOUS_REASON.search(reason) else "one"
    if label in registry.organizations or label in registry.non_orgs:
        return "other"
    return "one"


def accepts(label: str, reason: str, got: str | None, discovered: bool, reg: Registry) -> bool:
    """Whether an attribution to ``got`` (an org_id or a non-organization; ``discovered``:
    an organization of its own) is right by ``label`` and its ``reason``."""
    reading = own_organization_reading(label, reason, reg)
    if reading != "other":  # UNKNOWN, or an organization the registry does not hold
        return discovered and reading == "one"
    # A label naming the group of the organization found is right too: NUSTAR ENERGY
    # labeled Sunoco LP, found as NuStar, which the registry places under Sunoco LP.
    return got == label or (got in reg.organizations and label in reg.ancestry(got))


def label_accepts(row: dict[str, str], m: EmployerMatch, resolver: EmployerResolver) -> bool:
    """Whether the attribution ``m`` of the labeled string ``row`` is right."""
    got, discovered = m.org_id or m.non_org, m.method == "normalized"
    return accepts(row["label"], row["reason"], got, discovered, resolver.registry)


def _split(row: dict[str, str], match: EmployerMatch) -> str:
    return row["split"]


def method_and_confidence(row: dict[str, str], match: EmployerMatch) -> str:
    """The method and confidence the warehouse records for a string's attribution."""
    return f"{match.method} {match.confidence:.2f}" if match.method else "left open"


def score_labels(
    resolver: EmployerResolver,
    named: dict[str, EmployerMatch] | None = None,
    *,
    quiet: bool = False,
    labels: Path = LABELS,
    by: Callable[[dict[str, str], EmployerMatch], str] = _split,
) -> dict[str, Score]:
    """Each split's precision and coverage, and all of them ("all"); ``named``: the strings
    their lines settle as a whole (named_strings), scored as the warehouse attributes them;
    ``labels``: the labeled strings' file; ``by``: what to count a string under beside "all"
    (its split, or method_and_confidence)."""
    named = named or {}
    scores = {key: Score() for key in (*SPLITS, "all")}
    errors: list[str] = []
    with labels.open(newline="") as fh:
        lines = (line for line in fh if not line.startswith("#"))
        for row in csv.DictReader(lines):
            m = named.get(row["raw"]) or resolver.resolve(row["raw"] or None)
            got = m.org_id or m.non_org
            label = row["label"]
            for key in (by(row, m), "all"):
                s = scores.setdefault(key, Score())
                s.n += 1
                s.known += label != "UNKNOWN"
                if got is not None:
                    s.attributed += 1
                    s.known_attributed += label != "UNKNOWN"
                    s.correct += label_accepts(row, m, resolver)
            if got is not None and not label_accepts(row, m, resolver):
                errors.append(
                    f"  {row['split']}: {row['raw']!r} → {got} ({m.method}); label {label}"
                )
    if errors and not quiet:
        print("wrong attributions:")
        print("\n".join(errors))
    return scores


def _judged_by_labels(
    rows: list[tuple[str | None, float, int]],
    keys: set[str],
    resolver: EmployerResolver,
    named: dict[str, EmployerMatch],
) -> dict[str, set[str]]:
    """Normalized names (``keys``) by how the labels of their strings judge the warehouse's
    attribution: "attributed right", "left open, naming no single organization" (their
    labels say so), or otherwise; a name whose strings are judged apart counts under each."""
    labels: dict[str, dict[str, str]] = {}
    with LABELS.open(newline="") as fh:
        for row in csv.DictReader(line for line in fh if not line.startswith("#")):
            labels[row["raw"]] = row
    judged: dict[str, set[str]] = {}
    for employer, _, _ in rows:
        key = resolver.resolve(employer).normalized
        row = labels.get(employer or "")
        if key not in keys or row is None:
            continue
        m = named.get(employer or "") or resolver.resolve(employer)
        if m.org_id is not None or m.non_org is not None:
            verdict = "attributed right" if label_accepts(row, m, resolver) else "attributed wrong"
        elif own_organization_reading(row["label"], row["reason"], resolver.registry) == "none":
            verdict = "left open, naming no single organization"
        else:
            verdict = "left open, though its label names one"
        judged.setdefault(verdict, set()).add(key)
    return judged


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of a binomial proportion (95% by default)."""
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def dollar_weighted_precision(
    rows: list[tuple[str | None, float, int]],
    resolver: EmployerResolver,
    latest: str,
    named: dict[str, EmployerMatch] | None = None,
    *,
    labels_file: Path = LABELS,
    splits: tuple[str, ...] = SPLITS,
) -> tuple[float, float, float, float]:
    """The share of the attributed dollars of ``rows`` that is attributed right, estimated
    in two strata: the strings labeled in the draws up to ``latest`` (every one labeled,
    so their part is counted exactly) and all others, whose precision the draw ``latest``
    estimates (it was drawn by dollars from them and its own strings, so its share of
    right attributions estimates their dollar-weighted precision). Returns (estimate, low,
    high, share of the attributed dollars in the counted stratum), low and high from the
    draw's Wilson interval; where every string is labeled (the samples since blind51) the
    estimate is exact. ``labels_file`` and ``splits``: the draws' file and their order (the
    samples', or the filings': EFILE_LABELS, EFILE_SEEDS)."""
    with labels_file.open(newline="") as fh:
        labels = {r["raw"]: r for r in csv.DictReader(x for x in fh if not x.startswith("#"))}
    counted_splits = set(splits[: splits.index(latest) + 1])
    counted_right = counted = rest = 0.0
    for raw, dollars, _ in rows:
        if dollars <= 0:
            continue
        m = (named or {}).get(raw or "") or resolver.resolve(raw)
        if m.org_id is None and m.non_org is None:
            continue
        row = labels.get(raw or "")
        if row is not None and row["split"] in counted_splits:
            counted += dollars
            counted_right += dollars * label_accepts(row, m, resolver)
        else:
            rest += dollars
    draw = score_labels(resolver, named, quiet=True, labels=labels_file)[latest]
    p = draw.correct / draw.attributed
    low, high = wilson(draw.correct, draw.attributed)
    total = counted + rest
    return (
        (counted_right + rest * p) / total,
        (counted_right + rest * low) / total,
        (counted_right + rest * high) / total,
        counted / total,
    )


def _strata(counted: float, latest: str) -> str:
    """How dollar_weighted_precision's estimate was made, for its printed line."""
    if counted == 1.0:
        return f"every string with dollars labeled by {latest}, so counted exactly"
    shown = f"{counted:.3f}" if counted < 0.9995 else f"{counted:.5f}"  # not 1.000 if not all
    return (
        f"{shown} of them on strings labeled up to {latest}, counted exactly; "
        f"the rest estimated by {latest}"
    )


def throughput(rows: list[tuple[str | None, float, int]], distinct: int) -> tuple[int, float]:
    """Resolve `distinct` made-up distinct strings (real ones with a varying tail), cold cache."""
    rng = random.Random(7)
    base = [e for e, _, _ in rows if e]
    tails = ["", " INC", " LLC", " CORP", " SERVICES", " GROUP", " & ASSOCIATES", " CO."]
    values = [
        f"{rng.choice(base)}{rng.choice(tails)} {i}" if i % 3 else f"{rng.choice(base)} X{i}"
        for i in range(distinct)
    ]
    arr = pa.array(values, pa.string())
    start = time.perf_counter()
    out = resolve_employers_arrow(arr, resolver=EmployerResolver())
    elapsed = time.perf_counter() - start
    return out.num_rows, elapsed


def relabel_agreement(registry: Registry) -> dict[tuple[str, str, str], int]:
    """(the label's reading, the first relabel's, the second's) → strings, over
    employer_relabels.csv."""
    counts: dict[tuple[str, str, str], int] = {}
    with RELABELS.open(newline="") as fh:
        for row in csv.DictReader(x for x in fh if not x.startswith("#")):
            key = tuple(
                own_organization_reading(row[f"{who}label"], row[f"{who}reason"], registry)
                for who in ("", "x_", "y_")
            )
            counts[key] = counts.get(key, 0) + 1
    return counts


def label_as_attribution(label: str, reason: str, registry: Registry) -> EmployerMatch:
    """A label read as the attribution a resolver would make of its string: a registry
    organization or non-organization as found; one business the registry lacks as an
    organization of its own ("normalized"); no single organization as no attribution."""
    reading = own_organization_reading(label, reason, registry)
    if reading == "none":
        return EmployerMatch(raw=None, normalized="")
    if reading == "one":
        own = DISCOVERED_PREFIX + label
        return EmployerMatch(raw=None, normalized="", org_id=own, method="normalized")
    if label in registry.non_orgs:
        return EmployerMatch(raw=None, normalized="", non_org=label, method="exact")
    return EmployerMatch(raw=None, normalized="", org_id=label, method="exact")


def third_labeler_scores(resolver: EmployerResolver) -> dict[str, Score]:
    """The third labeler's labels (THIRD_LABELS) scored against the labels file's as the
    resolver's attributions are, per split and all ("all": the splits it labeled)."""
    with THIRD_LABELS.open(newline="") as fh:
        rows = list(csv.DictReader(x for x in fh if not x.startswith("#")))
    reg = resolver.registry
    as_found = {r["raw"]: label_as_attribution(r["label"], r["reason"], reg) for r in rows}
    scores = score_labels(resolver, as_found, quiet=True)
    splits = dict.fromkeys(r["split"] for r in rows)
    mine = {split: scores[split] for split in splits}
    return {**mine, "all": sum(mine.values(), Score())}


# Every draw there is, each population's in the order they were made.
DRAWS = ("first", "extra", *BLIND_SEEDS, *EFILE_SEEDS, *OTH_SEEDS, "rest")


def draw(name: str, data: Path) -> list[tuple[str, str | None]]:
    """(split, string) of the draw ``name`` of DRAWS, as it was made to be labeled: each
    leaves out the strings of the draws of its population before it."""
    if name in EFILE_SEEDS:
        population = efile_employer_dollars(efile_lines(data))
        return [(name, raw) for raw in make_efile_sample(population, name)]
    if name in OTH_SEEDS:
        return [(name, raw) for raw in make_oth_sample(oth_employer_dollars(data), name)]
    if name == "rest":
        return rest_strings(data)
    rows = employer_dollars(data)
    if name == "first":
        return make_sample(rows)
    if name == "extra":
        with LABELS.open(newline="") as fh:
            labeled = {r["raw"] for r in csv.DictReader(x for x in fh if not x.startswith("#"))}
        return [(name, raw) for raw in make_extra_sample(rows, labeled)]
    labeled = labeled_before(LABELS, SPLITS, name)
    return [(name, raw) for raw in draw_by_dollars(rows, labeled, seed=BLIND_SEEDS[name])]


def _print_draw(split_and_raw: list[tuple[str, str | None]]) -> None:
    """A draw as CSV on stdout (split, raw), to be labeled."""
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["split", "raw"])
    for split, raw in split_and_raw:
        w.writerow([split, raw or ""])


def _print_population(
    title: str,
    labels_file: Path,
    splits: tuple[str, ...],
    population: list[tuple[str | None, float, int]] | None,
    resolver: EmployerResolver,
    named: dict[str, EmployerMatch],
) -> None:
    """Precision and coverage of another population's labeled draws (the filings', itoth's),
    the strings alone and as the warehouse attributes them (``named``: the strings their
    lines settle), and the dollar-weighted precision over its attributed dollars (none for
    the rest, whose strings have no dollars: ``population`` None)."""
    print(f"{title}:")
    latest = splits[-1]
    for how, named_here in (("the strings alone", {}), ("as the warehouse attributes them", named)):
        print(f" {how}:")
        alone = named_here is not named  # the misses are listed once, as the warehouse has them
        scores = score_labels(resolver, named_here, quiet=alone, labels=labels_file)
        for key in (*splits, "all"):
            if scores[key].n:
                low, high = wilson(scores[key].correct, scores[key].attributed)
                print(f"  {scores[key].line(key)}  (95% interval {low:.3f}-{high:.3f})")
        if population is None:
            continue
        estimate, low, high, counted = dollar_weighted_precision(
            population, resolver, latest, named_here, labels_file=labels_file, splits=splits
        )
        print(
            f"  dollar-weighted precision over the population's attributed dollars: "
            f"{estimate:.3f} ({low:.3f}-{high:.3f}); {_strata(counted, latest)}"
        )


def _print_by_confidence(
    resolver: EmployerResolver, named_by_labels: dict[Path, dict[str, EmployerMatch]]
) -> None:
    """Precision of each method and confidence the warehouse records, over every labeled
    string of the four files (each with its population's ``named`` strings): how far a
    confidence can be read as the chance that the attribution is right."""
    pooled: dict[str, Score] = {}
    for labels_file, named in named_by_labels.items():
        scores = score_labels(resolver, named, quiet=True, labels=labels_file,
                              by=method_and_confidence)  # fmt: skip
        for key, score in scores.items():
            pooled[key] = pooled.get(key, Score()) + score
    print("every labeled string pooled, by the method and confidence the warehouse records:")
    attributed = [key for key, score in pooled.items() if score.attributed and key != "all"]
    for key in (*sorted(attributed, key=lambda k: (-float(k.split()[-1]), k)), "all"):
        score = pooled[key]
        low, high = wilson(score.correct, score.attributed)
        print(
            f"  {key:17} attributed={score.attributed:6,}  correct={score.correct:6,}  "
            f"precision={score.correct / score.attributed:.3f}  (95% interval {low:.3f}-{high:.3f})"
        )
    print(f"  left open: {pooled['left open'].n:,} of {pooled['all'].n:,} labeled strings")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--data",
        type=Path,
        default=ROOT.parent / "shared" / "data",
        help="the real FEC files (default: ../shared/data)",
    )
    ap.add_argument(
        "--distinct",
        type=int,
        default=500_000,
        help="how many made-up distinct strings time the bulk resolver (default: 500000)",
    )
    ap.add_argument(
        "--draw",
        choices=DRAWS,
        metavar="NAME",
        help="print the strings of the draw NAME to label (CSV: split, raw) instead of "
        "measuring: first (the labeled sample's dev and heldout), extra, blind3 to blind51, "
        "efile to efile6, oth to oth22, or rest",
    )
    args = ap.parse_args()
    if args.draw:
        _print_draw(draw(args.draw, args.data))
        return 0

    rows = employer_dollars(args.data)
    resolver = EmployerResolver()
    start = time.perf_counter()
    table = resolve_employers_arrow(
        pa.array([e for e, _, _ in rows], pa.string()), resolver=resolver
    )
    elapsed = time.perf_counter() - start
    by_raw = {
        r: (o, n, m)
        for r, o, n, m in zip(
            table.column("raw").to_pylist(),
            table.column("org_id").to_pylist(),
            table.column("non_org").to_pylist(),
            table.column("method").to_pylist(),
            strict=True,
        )
    }
    total = sum(d for _, d, _ in rows)
    org = discovered = non_org = blank = 0.0
    by_method: dict[str, float] = {}
    for e, d, _ in rows:
        o, n, m = by_raw[e]
        if o is not None and m == "normalized":
            discovered += d
        elif o is not None:
            org += d
        elif n == NOT_REPORTED:
            blank += d
        elif n is not None:
            non_org += d
        if m is not None:
            by_method[m] = by_method.get(m, 0.0) + d
    print(f"itemized individual dollars (2016-early + 2020-early samples): {total:,.0f}")
    print(f"  distinct employer strings: {len(rows):,} (resolved in {elapsed:.2f}s)")
    print(f"  to a registered organization:      {org / total:.3f}")
    print(f"  to a discovered organization:      {discovered / total:.3f}")
    print(f"  to a recognised non-organization:  {non_org / total:.3f}")
    print(f"  employer left blank:               {blank / total:.3f}")
    named = org + discovered + non_org
    print(f"  unresolved (names no employer):    {(total - named - blank) / total:.3f}")
    print(f"  ATTRIBUTED (org or non-org, blank not counted): {named / total:.3f}")
    print(f"  attributed counting blank as a non-org:         {(named + blank) / total:.3f}")
    print("  dollars by method: " + ", ".join(f"{k} {v / total:.3f}" for k, v in by_method.items()))
    settled = settled_lines(args.data, resolver)
    wholesale = named_strings(settled, resolver)
    # The lines of strings that named nothing alone add to the attributed dollars; a
    # discovered string's lines a sponsor's PAC names were counted already.
    lined = sum(line.dollars for line in settled if not line.alone_attributed)
    print(
        f"  ATTRIBUTED with the lines read: {(named + lined) / total:.3f}; "
        f"counting blank: {(named + lined + blank) / total:.3f}"
    )
    # Each rule's share of the dollars and how its lines were judged (RIGHT/WRONG/UNSURE,
    # or not judged: a line the rules settle differently since employer_context_labels.csv).
    judged = context_labels()
    print("  settled by their lines (the string alone names nothing, or itself), judged lines:")
    for rule in sorted({line.rule for line in settled}):
        mine = [line for line in settled if line.rule == rule]
        verdicts: dict[str, list[float]] = {}
        for line in mine:
            verdict = judged.get((line.key, line.decision), "not judged")
            verdicts.setdefault(verdict, []).append(line.dollars)
        right = sum(verdicts.get("RIGHT", []))
        dollars = sum(line.dollars for line in mine)
        print(
            f"    {rule}: {dollars / total:.4f} of dollars, {len(mine)} lines "
            f"({len({line.employer for line in mine})} strings); "
            + ", ".join(f"{v} {len(ds)}" for v, ds in sorted(verdicts.items()))
            + f"; right {right / dollars:.3f} of its dollars"
        )

    # The top 300 employers: distinct normalized strings that are not non-organizations.
    agg: dict[str, float] = {}
    for e, d, _ in rows:
        m = resolver.resolve(e)
        if m.non_org is None:
            agg[m.normalized] = agg.get(m.normalized, 0.0) + d
    top = sorted(agg.items(), key=lambda kv: -kv[1])[:300]

    def registered(k: str) -> bool:
        m = resolver.resolve(k)
        return m.org_id is not None and m.method != "normalized"

    covered = [k for k, _ in top if registered(k)]
    top_dollars = sum(v for _, v in top)
    cov_dollars = sum(v for k, v in top if registered(k))
    print(
        f"top 300 employers by dollars (normalized, non-orgs excluded): {len(covered)} resolve "
        f"to a registry organization ({cov_dollars / top_dollars:.3f} of their dollars)"
    )
    others = {k for k, _ in top if not registered(k)}
    print("  the others, by how the labels judge what the warehouse makes of their strings:")
    for verdict, keys in sorted(_judged_by_labels(rows, others, resolver, wholesale).items()):
        shown = ", ".join(sorted(keys)[:8]) + (", ..." if len(keys) > 8 else "")
        print(f"    {verdict}: {len(keys)} ({shown})")

    scores = score_labels(resolver, wholesale)
    print(f"labeled sample ({LABELS.relative_to(ROOT)}):")
    for key in (*SPLITS, "all"):
        if scores[key].n:  # a split not labeled yet is left out
            print("  " + scores[key].line(key))
    latest = [key for key in SPLITS if scores[key].n][-1]
    estimate, low, high, counted = dollar_weighted_precision(rows, resolver, latest, wholesale)
    print(
        f"dollar-weighted precision over the samples' attributed dollars: {estimate:.3f} "
        f"(95% interval {low:.3f}-{high:.3f}); {_strata(counted, latest)}"
    )

    print(f"relabels ({RELABELS.relative_to(ROOT)}): label's reading → the two relabels'")
    agreement = relabel_agreement(resolver.registry)
    for first in ("none", "one"):
        mine = {k: v for k, v in agreement.items() if k[0] == first}
        print(
            f"  labeled {first!r} ({sum(mine.values())}): "
            + ", ".join(f"{x}/{y} {v}" for (_, x, y), v in sorted(mine.items()))
        )

    print(
        f"a third labeler ({THIRD_LABELS.relative_to(ROOT)}), scored as the resolver is "
        "against the labels above:"
    )
    for key, score in third_labeler_scores(resolver).items():
        low, high = wilson(score.correct, score.attributed)
        print(f"  {score.line(key)}  (95% interval {low:.3f}-{high:.3f})")

    lines = efile_lines(args.data)
    efile_named = named_strings(efile_settled_lines(args.data, lines, resolver), resolver)
    _print_population(
        f"labeled draws from the .fec filings ({EFILE_LABELS.relative_to(ROOT)})",
        EFILE_LABELS, tuple(EFILE_SEEDS), efile_employer_dollars(lines), resolver, efile_named,
    )  # fmt: skip
    oth_named = named_strings(settled_lines(args.data, resolver, (OTH,), memo=True), resolver)
    _print_population(
        f"labeled draws from itoth's individuals ({OTH_LABELS.relative_to(ROOT)})",
        OTH_LABELS, tuple(OTH_SEEDS), oth_employer_dollars(args.data), resolver, oth_named,
    )  # fmt: skip
    rest_named = rest_named_strings(args.data, resolver)
    _print_population(
        f"the strings no draw by dollars reached ({REST_LABELS.relative_to(ROOT)})",
        REST_LABELS, REST_SPLITS, None, resolver, rest_named,
    )  # fmt: skip
    _print_by_confidence(
        resolver,
        {LABELS: wholesale, EFILE_LABELS: efile_named, OTH_LABELS: oth_named,
         REST_LABELS: rest_named},
    )  # fmt: skip

    n, secs = throughput(rows, args.distinct)
    print(f"bulk resolver: {n:,} distinct strings in {secs:.1f}s = {n / secs:,.0f} strings/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
