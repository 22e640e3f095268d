"""Files already on the user's machine: a folder given to a load stands for every file
under it that moneytrail can read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from moneytrail.errors import UnrecognizedFileError
from moneytrail.formats.bulk.detect import BulkInput, recognise


def files_under(folder: Path) -> list[Path]:
    """Every file under ``folder``, at any depth, in path order; hidden files and
    folders (.git, .DS_Store) are left out."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )


def recognise_paths(
    paths: list[Path],
    *,
    kind: str | None = None,
    cycle: int | None = None,
    on_left_out: Callable[[Path, str], None] | None = None,
) -> list[BulkInput]:
    """What ``paths`` hold, a folder standing for the files under it.

    A file named outright must be a bulk file; a file in a folder that is not one (a
    readme, the FEC's column-name files) is left out and reported to ``on_left_out``
    with the reason. ``kind`` names what files named outright are, so a folder with it
    is refused.
    """
    found = []
    for path in map(Path, paths):
        if not path.is_dir():
            found += recognise(path, kind=kind, cycle=cycle)
            continue
        if kind:
            raise UnrecognizedFileError(
                f"{path} is a folder; --kind says what files named outright are, so name them"
            )
        in_folder = []
        for file in files_under(path):
            try:
                in_folder += recognise(file, cycle=cycle)
            except UnrecognizedFileError as exc:
                if on_left_out:
                    on_left_out(file, exc.reason)
        if not in_folder:
            raise UnrecognizedFileError(f"{path} holds no FEC bulk file")
        found += in_folder
    return found
