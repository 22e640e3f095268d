"""Recognise what a bulk file is (its kind and cycle) from its name or, failing that,
from the shape of its first lines."""

from __future__ import annotations

import contextlib
import fnmatch
import itertools
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from moneytrail.errors import CorruptInputError, NoDataError, UnrecognizedFileError
from moneytrail.formats.bulk.schema import BulkKind, bulk_kind, bulk_kinds
from moneytrail.model import election_cycle

_SAMPLE_LINES = 200


@dataclass(frozen=True)
class BulkInput:
    """One data file to load: a plain file, or one member of a zip."""

    path: Path
    member: str | None
    kind: BulkKind
    cycle: int | None
    recognised_by: str  # "name", "shape" or "given"

    @property
    def display_name(self) -> str:
        return f"{self.path.name}!{self.member}" if self.member else self.path.name

    @property
    def location(self) -> str:
        """The full path, with the member for a zip's (see :func:`location`)."""
        return location(self.path, self.member)

    @property
    def data_name(self) -> str:
        """The name of the data file itself (the member, for a zip)."""
        return Path(self.member).name if self.member else self.path.name


def location(path: Path, member: str | None) -> str:
    """A file's full path, with the member for a zip's: what an error names."""
    return f"{path}!{member}" if member else str(path)


def cycle_from_names(*names: str) -> int | None:
    """The two-year cycle a file covers, read from its file or folder names.

    >>> cycle_from_names("indiv24.zip")
    2024
    >>> cycle_from_names("itcont.txt", "2019-early")
    2020
    """
    for name in names:
        match = re.search(r"(?<!\d)(\d{2})\.(zip|txt|csv)$", name, re.I)
        if match:
            yy = int(match.group(1))
            return _even(2000 + yy if yy < 80 else 1900 + yy)
        match = re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", name)
        if match:
            return _even(int(match.group(1)))
    return None


def _even(year: int) -> int:
    # A cycle is named by its even (election) year: 2019 belongs to the 2020 cycle.
    return year + (year % 2)


def kind_from_name(*names: str) -> BulkKind | None:
    """The kind whose file-name patterns match the first of ``names`` that any matches."""
    for name in names:
        lowered = Path(name).name.lower()
        for kind in bulk_kinds().values():
            if any(fnmatch.fnmatch(lowered, pattern) for pattern in kind.file_names):
                return kind
    return None


def kind_from_shape(lines: list[bytes]) -> BulkKind | None:
    """The kind whose header, or field count and field patterns, fit most of ``lines``."""
    text = _text(lines)
    if not text:
        return None
    for kind in bulk_kinds().values():
        if kind.header_starts and text[0].lower().startswith(kind.header_starts):
            return kind
    scores = shape_scores(lines)
    # Kinds sharing a layout (weball, webl) tie: max keeps the first, weball.
    best = max(scores, key=scores.__getitem__, default=None)
    return bulk_kind(best) if best and scores[best] >= SHAPE_FITS else None


# The share of lines a kind's field patterns must fit for the shape to say the kind.
SHAPE_FITS = 0.6


def shape_scores(lines: list[bytes]) -> dict[str, float]:
    """For each pipe-separated kind with the lines' most common field count, by name, the
    share of those lines whose fields match its patterns."""
    split = [line.split("|") for line in _text(lines)]
    if not split:
        return {}
    width = Counter(len(f) for f in split).most_common(1)[0][0]
    rows = [f for f in split if len(f) == width]
    return {
        kind.kind: sum(all(re.search(rx, f[i]) for i, rx in kind.shape.items()) for f in rows)
        / len(rows)
        for kind in bulk_kinds().values()
        if kind.dialect == "pipe" and kind.fields_per_line == width
    }


def _text(lines: list[bytes]) -> list[str]:
    return [line.decode("utf-8", "replace").rstrip("\r\n") for line in lines if line.strip()]


def shape_contradicts(named: BulkKind, lines: list[bytes]) -> BulkKind | None:
    """Another kind that ``lines`` plainly are, though named like ``named``: none of them
    fits ``named``'s field patterns and nearly all fit the other's (a candidate master
    saved as cm.txt has a committee master's 15 fields)."""
    scores = shape_scores(lines)
    if scores.get(named.kind, 1.0) > 0.1:
        return None
    others = [kind for kind, score in scores.items() if kind != named.kind and score >= 0.9]
    return bulk_kind(others[0]) if others else None


def column_names_kind(lines: list[bytes], named: BulkKind | None = None) -> BulkKind | None:
    """The kind whose column names are all ``lines`` hold: the FEC publishes one such file
    beside each bulk file (cm_header_file.csv, webk_headers.csv), and loading it as data
    would replace what is loaded with nothing. ``named`` breaks ties (indiv and oth share
    their columns)."""
    text = [line.strip() for line in _text(lines)]
    if len(text) != 1:
        return None
    names = [name.strip().strip('"').upper() for name in text[0].split(",")]
    fits = [
        kind
        for kind in bulk_kinds().values()
        if names == [f.name.upper() for f in kind.fields]
        or (kind.header_starts and text[0].lower().startswith(kind.header_starts))
    ]
    return named if named in fits else (fits[0] if fits else None)


def _head(path: Path, member: str | None) -> list[bytes]:
    with contextlib.ExitStack() as stack:
        if member:
            fh = stack.enter_context(stack.enter_context(zipfile.ZipFile(path)).open(member))
        else:
            fh = stack.enter_context(path.open("rb"))
        return list(itertools.islice(fh, _SAMPLE_LINES))


def recognise(path: Path, *, kind: str | None = None, cycle: int | None = None) -> list[BulkInput]:
    """What the file at ``path`` holds: one entry per data file (a zip may hold several).

    ``kind`` and ``cycle`` override recognition. Raises UnrecognizedFileError for a
    file that is no known kind, CorruptInputError for an unreadable one.
    """
    path = Path(path)
    if not path.exists():
        raise CorruptInputError(f"{path}: no such file")
    if path.is_dir():
        raise UnrecognizedFileError(f"{path} is a folder, not a file")
    if path.suffix.lower() == ".fec":
        raise UnrecognizedFileError(
            f"{path} is an electronic filing, not a bulk file; load it with: moneytrail efile load",
            reason="an electronic filing: moneytrail efile load reads it",
        )
    members: list[str | None] = [None]
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as zf:
                members = [m.filename for m in zf.infolist() if not m.is_dir()]
        except (zipfile.BadZipFile, OSError) as exc:
            raise CorruptInputError(f"{path} is not a readable zip file: {exc}") from exc
    elif path.suffix.lower() == ".zip":
        raise CorruptInputError(f"{path} is not a readable zip file (truncated or corrupt)")
    found = []
    for member in members:
        names = [n for n in (member, path.name) if n]
        where = location(path, member)
        try:
            head = _head(path, member)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise CorruptInputError(f"{path}: cannot be read: {exc}") from exc
        chosen, how = None, "given"
        if kind:
            chosen = bulk_kind(kind)
        else:
            chosen, how = kind_from_name(*names), "name"
            if chosen is None:
                chosen, how = kind_from_shape(head), "shape"
        chosen = _data_kind(where, head, chosen, how)
        found_cycle = (
            election_cycle(cycle)
            if cycle
            else cycle_from_names(*names, *(p.name for p in path.resolve().parents))
        )
        found.append(BulkInput(path, member, chosen, found_cycle, how))
    return _without_parts(found)


def _data_kind(where: str, head: list[bytes], chosen: BulkKind | None, how: str) -> BulkKind:
    """``chosen``, once sure the file is its data. Raises UnrecognizedFileError for an
    empty file, a column-name file, or lines plainly of another kind (each would replace
    what is loaded of that kind and cycle), and for a file of no kind at all."""
    if not _text(head):
        raise NoDataError(f"{where} is empty; there is nothing to load", reason="empty")
    columns_of = column_names_kind(head, chosen)
    if columns_of:
        raise NoDataError(
            f"{where} holds only the column names of {columns_of.kind} files, no data; "
            "load the data file itself",
            reason=f"column names of {columns_of.kind} files, no data",
        )
    if chosen is None:
        raise UnrecognizedFileError(
            f"{where} is not a known FEC bulk file (neither its name nor its first "
            f"lines match one); pass --kind to say what it is",
            reason="not a known FEC bulk file",
        )
    contradicted = shape_contradicts(chosen, head) if how == "name" else None
    if contradicted:
        raise UnrecognizedFileError(
            f"{where} is named like a {chosen.kind} file, but its lines are "
            f"{contradicted.kind} ({contradicted.title}); pass --kind to say which to load it as",
            reason=f"named like {chosen.kind}, but its lines are {contradicted.kind}",
        )
    return chosen


def _without_parts(found: list[BulkInput]) -> list[BulkInput]:
    """Leave out a zip's members that only repeat rows a whole member of the same kind
    holds (the by_date/ parts beside itcont.txt in the FEC's indivYY.zip)."""

    def is_part(item: BulkInput) -> bool:
        return bool(item.member) and any(
            fnmatch.fnmatch(item.member, pattern) for pattern in item.kind.part_members
        )

    wholes = {item.kind.kind for item in found if not is_part(item)}
    return [item for item in found if not (is_part(item) and item.kind.kind in wholes)]
