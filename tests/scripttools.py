"""Loading the project's scripts (bench/, tools/: folders, not packages) in tests."""

from __future__ import annotations

import functools
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


@functools.cache
def load_script(relative: str) -> ModuleType:
    """The script at ``relative`` (to the project's root) as a module, run once per test
    session and registered under its file's stem (dataclasses look their module up while
    the file runs)."""
    path = ROOT / relative
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
