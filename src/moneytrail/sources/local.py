"""Files already on the user's machine: a folder given to a load stands for every file
under it that moneytrail can read."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from moneytrail.errors import NoDataError, UnrecognizedFileError
from moneytrail.formats.bulk.detect import BulkInput, recognise

T = TypeVar("T")


def files_under(folder: Path) -> list[Path]:
    """Every file under ``folder``, at any depth, in path order; hidden files and
    folders (.git, .DS_Store) are left out."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )


def in_folders(
    paths: Iterable[str | os.PathLike[str]],
    read: Callable[[Path], list[T]],
    *,
    what: str,
    on_left_out: Callable[[Path, str], None] | None = None,
    in_folder: Callable[[Path], list[T]] | None = None,
) -> list[T]:
    """What ``read`` finds in each of ``paths``, a folder standing for the files under it.

    A file named outright must read. A folder's file is read with ``in_folder`` (by
    default ``read``); one it refuses with UnrecognizedFileError is left out and reported
    to ``on_left_out`` with the reason, and a folder where nothing reads is refused,
    naming ``what`` it should hold.
    """
    found: list[T] = []
    for path in map(Path, paths):
        if not path.is_dir():
            found += read(path)
            continue
        in_this = []
        for file in files_under(path):
            try:
                in_this += (in_folder or read)(file)
            except UnrecognizedFileError as exc:
                if on_left_out:
                    on_left_out(file, exc.reason)
        if not in_this:
            raise UnrecognizedFileError(f"{path} holds no {what}")
        found += in_this
    return found


def recognise_paths(
    paths: list[Path],
    *,
    kind: str | None = None,
    cycle: int | None = None,
    on_left_out: Callable[[Path, str], None] | None = None,
    leave_out_empty: bool = False,
) -> list[BulkInput]:
    """The bulk files ``paths`` hold, a folder standing for the files under it (those
    that are no bulk file, a readme or the FEC's column-name files, are left out).
    ``kind`` says what files named outright are, so it is refused with a folder.
    ``leave_out_empty`` leaves out a file named outright that holds no rows too, instead
    of refusing it (a sync: the FEC's file of a kind with nothing filed yet)."""
    folders = [path for path in map(Path, paths) if path.is_dir()]
    if kind and folders:
        raise UnrecognizedFileError(
            f"{folders[0]} is a folder; --kind says what files named outright are, so name them"
        )

    def read(path: Path) -> list[BulkInput]:
        try:
            return recognise(path, kind=kind, cycle=cycle)
        except NoDataError as exc:
            if not leave_out_empty:
                raise
            if on_left_out:
                on_left_out(path, exc.reason)
            return []

    return in_folders(paths, read, what="FEC bulk file", on_left_out=on_left_out)
