"""Running the real ``moneytrail`` command from tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_cli(
    *args: str, home: Path | None = None, check: bool = True, **kw
) -> subprocess.CompletedProcess:
    """Run the real ``moneytrail`` command in a subprocess, as a user would."""
    env = {**os.environ, **kw.pop("env", {})}
    if home is not None:
        env["MONEYTRAIL_HOME"] = str(home)
    result = subprocess.run(
        [sys.executable, "-m", "moneytrail", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=kw.pop("timeout", 300),
        **kw,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"moneytrail {' '.join(args)} failed:\n{result.stderr}")
    return result
