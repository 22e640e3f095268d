"""Real purpose texts from the shared FEC data, and the labeled sample drawn from them.

The shared data folder (``../shared/data`` beside the checkout) is a development input,
not part of the project: callers skip when it is absent.
"""

from __future__ import annotations

import glob
import hashlib
import math
import random
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from moneytrail.classify.purpose import normalize_purpose

OPPEXP_FILES = ("fec-bulk/*/oppexp.txt",)
EFILE_GLOB = "efile/**/*.fec"
SAMPLE_SEED = 20261124
SAMPLE_SIZE = 480
_PURPOSE_COLUMN = 15  # PURPOSE in the oppexp layout (formats/bulk/schemas/oppexp.toml)
_CODE_COLUMN = 16  # CATEGORY
_AMOUNT_COLUMN = 13  # TRANSACTION_AMT


@dataclass(frozen=True)
class PurposeRow:
    """One disbursement or independent expenditure's purpose, as filed."""

    source: str  # path relative to the data folder
    schedule: str  # "SB" or "SE"
    purpose: str | None
    category_code: str | None
    amount: float


def _amount(value: object) -> float:
    try:
        return float(Decimal(str(value))) if value not in (None, "") else 0.0
    except InvalidOperation:
        return 0.0


def _oppexp_rows(data_dir: Path) -> Iterator[PurposeRow]:
    for pattern in OPPEXP_FILES:
        for path in sorted(data_dir.glob(pattern)):
            name = str(path.relative_to(data_dir))
            # The bulk files are mostly ASCII with some Latin-1 bytes (data README).
            with path.open(encoding="latin-1") as lines:
                for line in lines:
                    fields = line.rstrip("\r\n").split("|")
                    if len(fields) <= _CODE_COLUMN:
                        continue
                    yield PurposeRow(
                        name,
                        "SB",
                        fields[_PURPOSE_COLUMN] or None,
                        fields[_CODE_COLUMN] or None,
                        _amount(fields[_AMOUNT_COLUMN]),
                    )


def _efile_rows(data_dir: Path) -> Iterator[PurposeRow]:
    from moneytrail.formats.efile import parse_filing

    for file in sorted(glob.glob(str(data_dir / EFILE_GLOB), recursive=True)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the quirk files warn by design
            try:
                filing = parse_filing(file)
            except Exception:  # a filing the reader refuses has no purposes to give
                continue
        name = str(Path(file).relative_to(data_dir))
        for record_type, table in filing.tables.items():
            schedule = record_type.upper()[:2]
            if (
                schedule not in ("SB", "SE")
                or "expenditure_purpose_descrip" not in table.schema.names
            ):
                continue
            columns = table.to_pydict()
            codes = columns.get("category_code") or [None] * table.num_rows
            amounts = columns.get("expenditure_amount") or [None] * table.num_rows
            for purpose, code, amount in zip(
                columns["expenditure_purpose_descrip"], codes, amounts, strict=True
            ):
                yield PurposeRow(name, schedule, purpose, code, _amount(amount))


def real_purposes(data_dir: Path) -> list[PurposeRow]:
    """Every Schedule B/E purpose in the oppexp bulk files and the `.fec` filings."""
    return [*_oppexp_rows(data_dir), *_efile_rows(data_dir)]


@dataclass
class DistinctPurpose:
    """A normalized purpose text with how often and for how much it was used."""

    purpose: str
    rows: int
    dollars: float
    sources: dict[str, int]

    @property
    def source(self) -> str:
        """The file that uses it most, and the total count: ``file;n=12``."""
        top = max(self.sources.items(), key=lambda item: (item[1], item[0]))[0]
        return f"{top};n={self.rows}"


def distinct_purposes(rows: list[PurposeRow]) -> list[DistinctPurpose]:
    """Group rows by normalized purpose, most used first."""
    groups: dict[str, DistinctPurpose] = {}
    for row in rows:
        text = normalize_purpose(row.purpose)
        group = groups.setdefault(text, DistinctPurpose(text, 0, 0.0, {}))
        group.rows += 1
        group.dollars += abs(row.amount)
        group.sources[row.source] = group.sources.get(row.source, 0) + 1
    return sorted(groups.values(), key=lambda g: (-g.rows, g.purpose))


def draw_sample(
    groups: list[DistinctPurpose], size: int = SAMPLE_SIZE, seed: int = SAMPLE_SEED
) -> list[DistinctPurpose]:
    """Weighted sample without replacement (Efraimidis-Spirakis keys).

    A text's weight is half its share of rows and half its share of dollars, plus a small
    floor so the long tail of one-off texts (where the mess lives) is reached too.
    """
    total_rows = sum(g.rows for g in groups) or 1
    total_dollars = sum(g.dollars for g in groups) or 1.0
    floor = 0.25 / len(groups)
    rng = random.Random(seed)
    keyed = []
    for group in groups:
        weight = 0.5 * group.rows / total_rows + 0.5 * group.dollars / total_dollars + floor
        keyed.append((math.log(rng.random()) / weight, group.purpose, group))
    keyed.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [group for _, _, group in keyed[:size]]


def split_of(purpose: str) -> str:
    """``dev`` or ``heldout``, fixed by the sha256 of the normalized text (even/odd)."""
    digest = hashlib.sha256(normalize_purpose(purpose).encode()).digest()
    return "dev" if digest[0] % 2 == 0 else "heldout"
