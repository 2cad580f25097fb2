"""Where the docs build reads and writes. Everything is relative to the repository root."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DOCS = ROOT / "docs"
GENERATED = DOCS / "generated"  # gitignored: exported pages, figures
CACHE = ROOT / ".cache" / "docs"  # gitignored: executed notebooks and their outputs, by key
# Where the built site goes; DOCSITE_SITE_DIR puts it elsewhere (two builds at once must not share one).
SITE = Path(os.environ.get("DOCSITE_SITE_DIR") or ROOT / "site")
CONFIG = ROOT / "mkdocs.yml"
