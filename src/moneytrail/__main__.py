"""``python -m moneytrail`` and the ``moneytrail`` command start here."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from moneytrail.cli import app
    except KeyboardInterrupt:
        # Ctrl-C in the first half second lands in these imports: end as Ctrl-C in a
        # command does (exit 130, quietly), not with Python's traceback of an import.
        sys.exit(130)
    app(prog_name="moneytrail")


if __name__ == "__main__":
    main()
