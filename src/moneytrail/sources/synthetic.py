"""Realistic synthetic FEC bulk files of any size, for benchmarks, tests and the
offline demo.

Values are drawn from real samples when given (names split into given name and
surname and recombined, so no real record is copied whole), else from a small built-in
vocabulary. A few lines are broken the ways real files break, and every oddity is
counted, so a load can be checked against what was written. Columns are assembled
with Arrow's vectorised string joins: ten million rows take well under a minute.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from importlib import resources
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

CHUNK_ROWS = 250_000
INDIV_FIELDS = 21


@dataclass
class GeneratedFile:
    """What was written: counts of bad lines (to be rejected) and oddities (to be read)."""

    path: Path
    rows: int
    bytes: int
    bad_lines: Counter[str] = field(default_factory=Counter)
    oddities: Counter[str] = field(default_factory=Counter)
    total_amount: Decimal = Decimal(0)  # sum over the good rows, blanks as 0


@dataclass
class _Pools:
    first: list[str]
    last: list[str]
    places: list[tuple[str, str, str]]
    jobs: list[tuple[str, str]]
    committees: list[str]
    amounts: np.ndarray  # cents


def _vocab_pools(rng: np.random.Generator) -> _Pools:
    with (resources.files("moneytrail.sources") / "synthetic_vocab.toml").open("rb") as fh:
        vocab = tomllib.load(fh)
    committees = [f"C{n:08d}" for n in rng.choice(np.arange(1, 900_000), 400, replace=False)]
    # Small gifts are common and large ones rare, as in real itemized receipts.
    amounts = np.round(rng.lognormal(mean=5.0, sigma=1.2, size=5000) * 100).astype(np.int64)
    return _Pools(
        vocab["first_names"],
        vocab["surnames"],
        [tuple(p) for p in vocab["places"]],
        [tuple(j) for j in vocab["jobs"]],
        committees,
        np.clip(amounts, 100, 660_000),
    )


def _sample_pools(samples: list[Path], rng: np.random.Generator) -> _Pools:
    first, last, places, jobs, committees, amounts = set(), set(), set(), set(), set(), []
    for folder in samples:
        path = folder / "itcont.txt"
        if not path.exists():
            continue
        for raw in path.read_bytes().decode("utf-8", "replace").splitlines():
            f = raw.split("|")
            if len(f) != INDIV_FIELDS or not f[14].lstrip("-").replace(".", "").isdigit():
                continue
            surname, _, given = f[7].partition(",")
            if given.strip():
                first.add(given.strip().split(" ")[0])
                last.add(surname.strip())
            if f[8] and f[9] and f[10]:
                places.add((f[8], f[9], f[10]))
            jobs.add((f[11], f[12]))
            committees.add(f[0])
            cents = int(round(float(f[14]) * 100))
            if cents > 0:
                amounts.append(cents)
    if not amounts:
        return _vocab_pools(rng)
    return _Pools(
        sorted(first),
        sorted(last),
        sorted(places),
        sorted(jobs),
        sorted(committees),
        np.array(amounts, dtype=np.int64),
    )


def value_pools(samples: list[Path], rng: np.random.Generator) -> _Pools:
    """Names, places, jobs, committees and amounts to draw from: the real samples' when
    any exist, else the built-in vocabulary."""
    return _sample_pools(samples, rng) if samples else _vocab_pools(rng)


def _column(values: list[str], picks: np.ndarray) -> pa.Array:
    return pa.array(values, pa.binary()).take(pa.array(picks))


def _money(cents: np.ndarray) -> list[str]:
    return [f"{c // 100}" if c % 100 == 0 else f"{c // 100}.{c % 100:02d}" for c in cents]


def generate_indiv(
    path: Path,
    rows: int,
    *,
    seed: int = 0,
    samples: list[Path] | Path | None = None,
    bad_line_rate: float = 2e-5,
    cycle: int = 2024,
) -> GeneratedFile:
    """Write an individual-contributions file (itcont layout) of exactly ``rows`` lines.

    >>> generate_indiv(Path("itcont.txt"), 1_000_000, samples=Path("2020-early"))  # doctest: +SKIP
    GeneratedFile(path=..., rows=1000000, ...)
    """
    rng = np.random.default_rng(seed)
    folders = [samples] if isinstance(samples, Path) else list(samples or [])
    pools = value_pools(folders, rng)
    start = date(cycle - 1, 1, 1)
    days = [(start + timedelta(d)).strftime("%m%d%Y") for d in range(730)]
    out = GeneratedFile(path, rows, 0)
    total_cents = 0
    with path.open("wb") as fh:
        for offset in range(0, rows, CHUNK_ROWS):
            n = min(CHUNK_ROWS, rows - offset)
            ids = np.arange(offset, offset + n, dtype=np.int64)
            cents = pools.amounts[rng.integers(0, len(pools.amounts), n)]
            amounts = _money(cents)
            place = rng.integers(0, len(pools.places), n)
            job = rng.integers(0, len(pools.jobs), n)
            memo = rng.random(n) < 0.08  # earmarked gifts reported as memo lines
            columns = [
                _column(pools.committees, rng.integers(0, len(pools.committees), n)),
                _column(["N", "A", "T"], rng.choice(3, n, p=[0.85, 0.1, 0.05])),
                _column(["Q1", "Q2", "Q3", "YE", "M3", "12G", "30G"], rng.integers(0, 7, n)),
                _column([f"P{cycle}", f"G{cycle}"], rng.choice(2, n, p=[0.7, 0.3])),
                pa.array([str(2023_0000_0000_0000_00 + i // 3).encode() for i in ids], pa.binary()),
                _column(
                    ["15", "15E", "22Y", "11", "15C"],
                    rng.choice(5, n, p=[0.6, 0.35, 0.02, 0.02, 0.01]),
                ),
                _column(["IND"], np.zeros(n, dtype=np.int64)),
                pc.binary_join_element_wise(
                    _column(pools.last, rng.integers(0, len(pools.last), n)),
                    _column(pools.first, rng.integers(0, len(pools.first), n)),
                    b", ",
                ),
                _column([p[0] for p in pools.places], place),
                _column([p[1] for p in pools.places], place),
                _column([p[2] for p in pools.places], place),
                _column([j[0] for j in pools.jobs], job),
                _column([j[1] for j in pools.jobs], job),
                _column(days, rng.integers(0, len(days), n)),
                pa.array([a.encode() for a in amounts], pa.binary()),
                pa.array([b"C00401224" if m else b"" for m in memo], pa.binary()),
                pa.array([f"SA11AI.{i}".encode() for i in ids], pa.binary()),
                _column([str(1_700_000 + k) for k in range(5000)], rng.integers(0, 5000, n)),
                pa.array([b"X" if m else b"" for m in memo], pa.binary()),
                pa.array([b"EARMARKED THROUGH ACTBLUE" if m else b"" for m in memo], pa.binary()),
                pa.array([str(4_000_000_000_000_000_000 + i).encode() for i in ids], pa.binary()),
            ]
            lines = pc.binary_join_element_wise(*columns, b"|").to_pylist()
            total_cents += _spoil(lines, cents, rng, bad_line_rate, out)
            data = b"\n".join(lines) + b"\n"
            fh.write(data)
            out.bytes += len(data)
    out.total_amount = Decimal(total_cents) / 100
    return out


def _spoil(
    lines: list[bytes],
    cents: np.ndarray,
    rng: np.random.Generator,
    rate: float,
    out: GeneratedFile,
) -> int:
    """Break a few lines as real files break, and make a few odd but readable; return
    the sum in cents of the good rows' amounts."""
    n = len(lines)
    good = np.ones(n, dtype=bool)
    amount_counted = cents.copy()
    picks = rng.random(n)
    bad = np.flatnonzero(picks < rate)
    odd = np.flatnonzero((picks >= rate) & (picks < rate * 4))
    for i in bad:
        f = lines[i].split(b"|")
        kind = ("short_line", "extra_field", "impossible_date", "non_numeric_amount")[i % 4]
        if kind == "short_line":
            f = f[:9]
        elif kind == "extra_field":
            f.insert(8, b"STRAY")
        elif kind == "impossible_date":
            f[13] = b"02302019"
        else:
            f[14] = f[14].replace(b"0", b"O", 1) if b"0" in f[14] else b"12O.00"
        lines[i] = b"|".join(f)
        good[i] = False
        out.bad_lines[kind] += 1
    for i in odd:
        f = lines[i].split(b"|")
        kind = ("thousands_amount", "blank_amount", "latin1_bytes")[i % 3]
        if kind == "thousands_amount":
            f[14] = b"1,000.00"
            amount_counted[i] = 100_000
        elif kind == "blank_amount":
            f[14] = b""
            amount_counted[i] = 0
        else:
            f[7] = b"MU\xd1OZ, " + f[7].split(b", ", 1)[-1]
        lines[i] = b"|".join(f)
        out.oddities[kind] += 1
    return int(amount_counted[good].sum())


def generate_masters(
    folder: Path, committee_ids: list[str], *, prefix: str = "", cycle: int = 2024
) -> dict[str, Path]:
    """Small committee, candidate and linkage files consistent with ``committee_ids``."""
    with (resources.files("moneytrail.sources") / "synthetic_vocab.toml").open("rb") as fh:
        vocab = tomllib.load(fh)
    places = vocab["places"]
    cm, cn, ccl = [], [], []
    for k, cid in enumerate(committee_ids):
        city, state, zip_code = places[k % len(places)]
        surname = vocab["surnames"][k % len(vocab["surnames"])]
        if k % 3 == 0:  # every third committee is a House candidate's campaign
            cand = f"H{cycle % 100:02d}{state}{k % 50:02d}{k % 1000:03d}"[:9].ljust(9, "0")
            name = f"SYNTHETIC {surname} FOR CONGRESS"
            cn.append(
                [
                    cand,
                    f"{surname}, {vocab['first_names'][k % 40]}",
                    ["DEM", "REP"][k % 2],
                    str(cycle),
                    state,
                    "H",
                    f"{k % 20:02d}",
                    "C",
                    "C",
                    cid,
                    "1 MAIN ST",
                    "",
                    city,
                    state,
                    zip_code,
                ]
            )
            ccl.append([cand, str(cycle), str(cycle), cid, "H", "P", str(100_000 + k)])
            cm.append(
                [
                    cid,
                    name,
                    "TREASURER, A",
                    "1 MAIN ST",
                    "",
                    city,
                    state,
                    zip_code,
                    "P",
                    "H",
                    ["DEM", "REP"][k % 2],
                    "Q",
                    "",
                    "",
                    cand,
                ]
            )
        else:
            name = f"SYNTHETIC {surname} PAC"
            cm.append(
                [
                    cid,
                    name,
                    "TREASURER, B",
                    "2 K ST",
                    "",
                    city,
                    state,
                    zip_code,
                    "U",
                    "Q",
                    "",
                    "M",
                    "C",
                    f"SYNTHETIC {surname} INC",
                    "",
                ]
            )
    written = {}
    for kind, rows in (("cm", cm), ("cn", cn), ("ccl", ccl)):
        path = folder / f"{prefix}{kind}.txt"
        path.write_text("".join("|".join(r) + "\n" for r in rows))
        written[kind] = path
    return written


def generate_cycle_sample(
    folder: Path, rows: int = 20_000, *, seed: int = 0, cycle: int = 2024
) -> dict[str, Path]:
    """A small synthetic cycle (contributions plus the master files), its file names
    starting SYNTHETIC- so it is labelled wherever a source is shown."""
    folder.mkdir(parents=True, exist_ok=True)
    indiv = generate_indiv(folder / "SYNTHETIC-itcont.txt", rows, seed=seed, cycle=cycle)
    committees = sorted({line.split(b"|", 1)[0].decode() for line in indiv.path.open("rb")})
    files = generate_masters(folder, committees, prefix="SYNTHETIC-", cycle=cycle)
    return {"indiv": indiv.path, **files}
