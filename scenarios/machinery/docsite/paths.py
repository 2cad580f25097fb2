"""Where the docs build reads and writes. Everything is relative to the repository root."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DOCS = ROOT / "docs"
GENERATED = DOCS / "generated"  # gitignored: exported pages, figures
CACHE = ROOT / ".cache" / "docs"  # gitignored: executed notebooks and their outputs, by key
SITE = ROOT / "site"
CONFIG = ROOT / "mkdocs.yml"
