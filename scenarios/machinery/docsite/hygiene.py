"""What must never reach a page: ANSI escape codes and TensorFlow's log lines, and links from the root.

TensorFlow's C++ logging writes to file descriptor 2 of whatever process imports it, and Keras puts
colour codes into some messages. The runner keeps both out of its records, but a page is the wrong
place to find out it did not: the build checks every exported page and every built HTML file. A
link from the server's root ("/assets/...") is dead when the site is opened from disk or published
under a sub-path, so no built page may hold one.
"""

from __future__ import annotations

import re
from pathlib import Path

# The escape itself, its HTML entity, or its visible remains ("[1m", "[0;31m") once ESC is dropped.
ANSI = re.compile(r"\x1b|&#0*27;|&#x0*1[bB];|\[(?:\d+;)*\d+m")
# The shapes TensorFlow and absl log lines take, and the notices TensorFlow 2.21 prints at import.
TF_LOG = re.compile(
    r"^\s*\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+: [IWEF] "  # 2026-11-28 21:00:00.000000: I tensorflow/...
    r"|^\s*[IWEF]\d{4} \d\d:\d\d:\d+\.\d+\s+\d+ "  # absl: I0000 00:00:1732... 123 file.cc:12]
    r"|WARNING: All log messages before absl::InitializeLog"
    r"|oneDNN custom operations are on"
    r"|Could not find cuda drivers"
    r"|Unable to register cu(DNN|FFT|BLAS) factory"
    r"|This TensorFlow binary is optimized to use available CPU instructions"
    r"|^WARNING:absl:",
    re.MULTILINE,
)


class DirtyPage(AssertionError):
    pass


# The folder a run worked in ("/work/.cache/docs/.x-1a2b/work/damaged_files-keras-keras3" or a pytest
# temp dir): the build machine's, not the reader's, and different on every build.
_RUN_FOLDER = re.compile(r"(?:/[^\s/'\"`]+)*/[a-z0-9_]+-(?:keras|h5)-keras[23]\d*")


def elide_run_folders(text: str) -> str:
    """`text` with each run's folder shown as "…": "…/model_html.keras is not a Keras model file"."""
    return _RUN_FOLDER.sub("…", text)


def problems(text: str) -> list[str]:
    found = []
    if ANSI.search(text):
        found.append("an ANSI escape code")
    match = TF_LOG.search(text)
    if match:
        line = text[text.rfind("\n", 0, match.start()) + 1 : text.find("\n", match.end())]
        found.append(f"a TensorFlow log line: {line.strip()[:120]!r}")
    return found


def check_text(text: str, where: str) -> None:
    found = problems(text)
    if found:
        raise DirtyPage(f"{where} contains " + " and ".join(found))


# href="/x" or src="/x", not "//host/x" (another host, which external_resources() judges).
_ROOT_ABSOLUTE = re.compile(r"""\b(?:href|src)=["']?/(?!/)[^"'\s>]*""")


def root_absolute(text: str) -> list[str]:
    return [match.group(0) for match in _ROOT_ABSOLUTE.finditer(text)]


def check_site(site: Path) -> int:
    """Check every built page; returns how many were checked."""
    pages = sorted(Path(site).rglob("*.html"))
    for page in pages:
        text = page.read_text(errors="replace")
        where = str(page.relative_to(site))
        check_text(text, where)
        links = root_absolute(text)
        if links:
            raise DirtyPage(f"{where} links from the server's root, dead from disk and under a sub-path: {links[:3]}")
    return len(pages)


# A script, stylesheet, image, font or frame fetched from another host; plain <a> links are fine, and
# so are the <link>s that only name an address (the canonical one, with SITE_URL set), never fetched.
_EXTERNAL = re.compile(
    r"<(?:script|img|iframe|source)\b[^>]*\bsrc=\"(?:https?:)?//[^\"]+\""
    r"|<link\b(?![^>]*\brel=\"(?:canonical|alternate|prev|next)\")[^>]*\bhref=\"(?:https?:)?//[^\"]+\"[^>]*>"
    r"|@import\s+url\((?:https?:)?//|url\((?:['\"])?(?:https?:)?//",
)


def external_resources(site: Path) -> list[str]:
    found = []
    for page in sorted(Path(site).rglob("*.html")) + sorted(Path(site).rglob("*.css")):
        for match in _EXTERNAL.finditer(page.read_text(errors="replace")):
            found.append(f"{page.relative_to(site)}: {match.group(0)[:100]}")
    return found
