"""Shared test fixtures: trained models are cached across sessions, keyed on code and versions.

The cache lives in the repository's .cache/ (ignored by git). A clean clone, as in CI, trains each
scenario once per session; an unchanged local rerun trains nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("SCENARIOS_CACHE_DIR", str(ROOT / ".cache" / "trained"))


@pytest.fixture(scope="session")
def scenario_run(tmp_path_factory):
    """scenario_run(name, fmt, keras="3") -> runner.Run: each combination served once per session,
    or reused from a run recorded for the same code and library versions (so is the docs build's)."""
    from scenarios.machinery import runner

    runs = {}

    def get(name: str, fmt: str, keras: str = "3"):
        if (name, fmt, keras) not in runs:
            folder = tmp_path_factory.mktemp(f"{name}-{fmt}-keras{keras}")
            runs[name, fmt, keras] = runner.run(name, fmt, folder, reuse=True, keras=keras)
        return runs[name, fmt, keras]

    return get
