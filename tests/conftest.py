"""Shared test fixtures: trained models are cached across sessions, keyed on code and versions.

The cache lives in the repository's .cache/ (ignored by git). A clean clone, as in CI, trains each
scenario once per session; an unchanged local rerun trains nothing.
"""

from __future__ import annotations

import contextlib
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


# --- the built docs site, and a browser to read it ---------------------------------------------------

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")


@pytest.fixture(scope="session")
def site(scenario_run):
    """The docs site, built once per session. Every scenario is served here first, in this process's
    warm interpreter; the page notebooks then reuse those recorded runs instead of each starting
    TensorFlow again."""
    from scenarios.machinery import artifacts, registry
    from scenarios.machinery.docsite import build
    from scenarios.machinery.docsite.paths import SITE

    for name in registry.names():
        for fmt in artifacts.FORMATS:
            for keras in ("3", "2"):
                scenario_run(name, fmt, keras)
    build.build(say=print)
    return SITE


@pytest.fixture(scope="session")
def base_url(site):
    """The built site served on 127.0.0.1, as a reader's browser would get it."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@contextlib.contextmanager
def chromium(profile: Path, *flags: str, logs: dict | None = None):
    """Debian's headless Chromium under selenium, quit on exit; the test is skipped without it."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("needs Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1280,1000", f"--user-data-dir={profile}", *flags):
        options.add_argument(flag)
    if logs:
        options.set_capability("goog:loggingPrefs", logs)
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    browser.set_page_load_timeout(30)
    try:
        yield browser
    finally:
        browser.quit()


def load(driver, url: str, width: int | None = None) -> None:
    """Open `url` and wait until it has loaded; with `width`, in a window whose page is that wide."""
    from selenium.webdriver.support.ui import WebDriverWait

    if width:
        driver.set_window_size(width, 900)
        # The window's outer size includes the browser's frame: correct it until the page is `width` wide.
        inner = driver.execute_script("return window.innerWidth")
        if inner != width:
            driver.set_window_size(2 * width - inner, 900)
    driver.get(url)
    WebDriverWait(driver, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")
    if width:
        assert driver.execute_script("return window.innerWidth") == width


def built_pages(site: Path) -> list[Path]:
    """Every page of the built site but the 404 page."""
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")
