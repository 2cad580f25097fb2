"""The docs site: its build checks, and the built site driven in Debian's headless Chromium.

The browser tests build the site (reusing .cache/docs/, so only a changed page is executed), serve
site/ on 127.0.0.1 and load every page. Expected texts are read from the sources (the serving files,
the registry), never copied from a run.
"""

from __future__ import annotations

import json
import os
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import built_pages, chromium, load

from scenarios.machinery import registry
from scenarios.machinery.docsite import hygiene, notebooks, page
from scenarios.machinery.docsite.paths import ROOT



# --- the build's own checks (no browser, no TensorFlow) ---------------------------------------------


def test_hygiene_catches_terminal_noise():
    assert hygiene.problems("plain text, [1, 2] and a link") == []
    assert hygiene.problems("ValueError: \x1b[1mbold\x1b[0m")
    assert hygiene.problems("bold remains [1mtext[0m")
    assert hygiene.problems("2026-01-01 10:00:00.123456: I tensorflow/core/util/port.cc:153] notice")
    assert hygiene.problems("I0000 00:00:1732800000.000000   1234 cpu_feature_guard.cc:210] notice")


def test_cache_key_follows_source_and_library_versions(monkeypatch, tmp_path):
    source = tmp_path / "shape_mismatch.py"
    source.write_text("# %%\n1\n")
    page_ = notebooks.Page("shape_mismatch", source)
    first = notebooks.key(page_)
    assert notebooks.key(page_) == first
    source.write_text("# %%\n2\n")
    second = notebooks.key(page_)
    assert second != first
    assert notebooks.key(notebooks.Page("custom_objects", source)) != second
    from scenarios.machinery import artifacts

    versions = artifacts.installed_versions()
    monkeypatch.setattr(artifacts, "installed_versions", lambda: {**versions, "keras": "9.9.9"})
    assert notebooks.key(page_) != second


FAILED_RUNS = """
from pathlib import Path
from scenarios.machinery import registry
from scenarios.machinery.runner import Run
from scenarios.machinery.verdict import Verdict

# A run whose broken case did not fail as declared: what page.check must refuse.
scenario = registry.get("shape_mismatch")
verdict = Verdict(scenario.broken_cases[0], False, "nothing raised", None, {})
failed_runs = {"keras": Run(scenario, "keras", Path("."), {}, "cached", {"keras": "3.99"}, [verdict], 0.0)}
"""


def test_every_written_page_sits_in_its_lesson_folder():
    for name in ("shape_mismatch", "preprocessing_mismatch", "custom_objects"):  # the article's three
        assert not notebooks.page_for(name).generic, f"{name} lost its written page"


def _failed_runs():
    namespace = {}
    exec(FAILED_RUNS, namespace)
    return namespace["failed_runs"]


def test_check_refuses_a_failure_that_no_longer_reproduces():
    with pytest.raises(AssertionError, match="no longer reproduces on Keras 3.99"):
        page.check(_failed_runs())
    with pytest.raises(AssertionError):
        page.symptom(_failed_runs(), registry.get("shape_mismatch").broken_cases[0].name)


def test_a_failing_check_fails_the_page(tmp_path):
    # A real kernel, a real nbclient run: an assertion in a cell must stop the page.
    source = tmp_path / "not_a_scenario.py"
    source.write_text(f"# %%\n{FAILED_RUNS}\nfrom scenarios.machinery.docsite import page\npage.check(failed_runs)\n")
    with pytest.raises(Exception, match="no longer reproduces"):
        notebooks.render(source, tmp_path)
    assert not (tmp_path / notebooks.PAGE_FILE).exists()


# --- the built site ---------------------------------------------------------------------------------


def test_every_page_shows_each_failure_on_both_generations_from_its_run(site, scenario_run):
    """Each broken case's tf.keras 2 outcome is on its page, in the words of that generation's run."""
    from scenarios.machinery import registry
    from scenarios.machinery.quiet import key_message

    troubleshooting = (ROOT / "docs" / "generated" / "troubleshooting.md").read_text()
    for name in registry.names():
        page_text = (ROOT / "docs" / "generated" / f"{name}.md").read_text()
        for fmt in ("keras", "h5"):
            run = scenario_run(name, fmt, "2")
            assert f"On **{run.keras_name}**" in page_text, name
            for verdict in run.verdicts:
                if verdict.case.broken and verdict.raised:
                    # The run's own folder differs between this run and the page's: both show it as "…".
                    message = hygiene.elide_run_folders(key_message(verdict.raised["message"], limit=2000))
                    assert message in page_text, (name, verdict.case.name, fmt)
                    assert message in troubleshooting, (name, verdict.case.name, fmt)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text())
    return parser


def test_every_internal_link_and_anchor_resolves(site):
    # Raw HTML links (the home page's picture) and anchors escape mkdocs' own link checks.
    parsed = {path: _parse(path) for path in site.rglob("*.html")}
    broken = []
    for page_file, links in parsed.items():
        for href in links.hrefs:
            url = urlsplit(href)
            if url.scheme or url.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            if not url.path:
                target = page_file
            elif url.path.startswith("/"):  # dead from disk, and under a sub-path (404.html had them)
                broken.append(f"{page_file.relative_to(site)}: {href} (root-absolute)")
                continue
            else:
                target = (page_file.parent / unquote(url.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page_file.relative_to(site)}: {href}")
            elif url.fragment and target.suffix == ".html" and url.fragment not in parsed[target].ids:
                broken.append(f"{page_file.relative_to(site)}: {href} (no such anchor)")
    assert not broken, broken


# --- the built site in a browser --------------------------------------------------------------------


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("chromium-profile"),
                  logs={"browser": "ALL", "performance": "ALL"}) as browser:
        browser.get("about:blank")
        browser.get_log("performance")  # drop what the start-up tab did
        yield browser


def _scenario_url(base_url: str, name: str) -> str:
    return f"{base_url}generated/{name}.html"


_REQUESTS: dict[str, str] = {}  # requestId -> URL, across log reads: a failure may come a read later


def _failed_requests(driver, base_url: str) -> list[str]:
    """Requests that failed, got an HTTP error, or left 127.0.0.1, from Chromium's network log."""
    failed, urls = [], _REQUESTS
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        method, params = message["method"], message.get("params", {})
        if method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            urls[params["requestId"]] = url
            # chrome:// and the like are the browser's own pages; anything else must come from the site.
            if url.startswith(("http:", "https:", "ws:", "wss:", "ftp:")) and not url.startswith(base_url):
                failed.append(f"external request: {url}")
        elif method == "Network.responseReceived" and params["response"]["status"] >= 400:
            failed.append(f"HTTP {params['response']['status']}: {params['response']['url']}")
        elif method == "Network.loadingFailed" and not params.get("canceled"):
            # A failure whose request we never saw began before the first read: Chromium's own
            # start-up tab, not the site (every request a page makes is logged before it fails).
            if params["requestId"] in urls:
                failed.append(f"{params.get('errorText')}: {urls[params['requestId']]}")
    return failed


@pytest.mark.browser
def test_every_page_loads_without_errors_or_failed_requests(driver, site, base_url):
    pages = [str(p.relative_to(site)) for p in built_pages(site)]
    for name in registry.names():
        assert f"generated/{name}.html" in pages, f"no page for scenario {name}"
    driver.get_log("browser")  # start from an empty console log
    _failed_requests(driver, base_url)  # and with every request so far known
    problems = {}
    for path in pages:
        load(driver, base_url + path)
        driver.execute_script("return new Promise(r => setTimeout(r, 200))")  # late scripts: search worker
        severe = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        failed = _failed_requests(driver, base_url)
        if severe or failed:
            problems[path or "/"] = severe + failed
    assert not problems, problems


@pytest.mark.browser
def test_broken_and_fixed_tabs_switch(driver, base_url):
    from selenium.webdriver.common.by import By

    fixed_code = (ROOT / "scenarios/shape_mismatch/serve_fixed.py").read_text()
    broken_code = (ROOT / "scenarios/shape_mismatch/serve_broken.py").read_text()
    load(driver, _scenario_url(base_url, "shape_mismatch"))
    tab_set = driver.find_element(By.CSS_SELECTOR, ".tabbed-set")
    labels = {label.text: label for label in tab_set.find_elements(By.CSS_SELECTOR, ".tabbed-labels > label")}
    blocks = tab_set.find_elements(By.CSS_SELECTOR, ".tabbed-content > .tabbed-block")
    assert list(labels)[:2] == ["Broken", "Fixed"]
    broken, fixed = blocks[0], blocks[1]

    def shown_code(block):
        return "\n".join(code.text for code in block.find_elements(By.CSS_SELECTOR, "pre code"))

    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", tab_set)
    labels["Broken"].click()
    assert broken.is_displayed() and not fixed.is_displayed()
    # The code shown is the file that ran: the snippet embeds it line for line.
    assert shown_code(broken).strip() == broken_code.strip()
    labels["Fixed"].click()
    assert fixed.is_displayed() and not broken.is_displayed()
    assert shown_code(fixed).strip() == fixed_code.strip()


@pytest.mark.browser
@pytest.mark.parametrize(
    "query, page_name",
    [("Could not locate function", "custom_objects"), ("custom_objects", "custom_objects")],
)
def test_search_finds_the_page(driver, base_url, query, page_name):
    from selenium.webdriver.common.by import By
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    load(driver, base_url)
    driver.find_element(By.CSS_SELECTOR, "label.md-search__icon[for='__search'], .md-search__input").click()
    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    WebDriverWait(driver, 10).until(lambda d: box.is_displayed())
    box.send_keys(query)

    def result_links(d):
        # One script call reads every link at once: the result list is re-rendered as the query
        # grows, and element handles taken one by one go stale in between.
        return d.execute_script(
            "return Array.from(document.querySelectorAll('.md-search-result__link'), a => a.href)"
        )

    # Results arrive while the query is still being typed and indexed: wait for the right one
    # rather than judging the first batch.
    def finds_the_page(d):
        return any(f"/generated/{page_name}.html" in link for link in result_links(d))

    try:
        WebDriverWait(driver, 15).until(finds_the_page)
    except TimeoutException:
        pytest.fail(f"search for {query!r} never listed the {page_name} page; it listed {result_links(driver)}")


@pytest.mark.browser
def test_screenshot_of_each_scenario_page(driver, base_url, tmp_path):
    for name in registry.names():
        load(driver, _scenario_url(base_url, name))
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1280, min(height, 12000))
        target = tmp_path / f"{name}.png"
        assert driver.save_screenshot(str(target)), name
        assert target.stat().st_size > 10_000, f"{name}: screenshot looks empty"
        if os.environ.get("DOCS_SCREENSHOTS"):  # to look at them after the run
            keep = Path(os.environ["DOCS_SCREENSHOTS"])
            keep.mkdir(parents=True, exist_ok=True)
            shutil.copy(target, keep / target.name)
    driver.set_window_size(1280, 1000)


PASTE_TEXTS = [
    'ValueError: Input 0 of layer "sequential" is incompatible with the layer: expected shape=(None, 28, 28, 1), '
    "found shape=(None, 784)",
    "ValueError: Unknown loss function: custom_loss",
    "TypeError: Could not locate function 'my_loss'. Make sure custom classes are decorated with "
    "`@keras.saving.register_keras_serializable()`.",
    "the loaded model predicts the same class for every input, no error",
    "ModuleNotFoundError: No module named 'keras.engine'",
]


@pytest.mark.browser
@pytest.mark.parametrize("page", ["", "generated/troubleshooting.html"])
def test_the_paste_box_routes_an_error_as_explain_does(driver, base_url, page):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from scenarios.machinery import matching

    load(driver, base_url + page)
    # The same answer as the terminal's explain, on these and on every real text people posted.
    real = [t["text"] for path in sorted((ROOT / "tests" / "data").glob("pasted_errors*.json"))
            for t in json.loads(path.read_text())]
    for text in PASTE_TEXTS + real:
        in_browser = driver.execute_script("return window.scenariosPaste.match(arguments[0])", text)
        in_python = matching.match(text)
        assert [m["scenario"] for m in in_browser][:1] == [m.scenario for m in in_python][:1], text
        if not in_python:  # the leads offered instead of a match, as explain prints them
            leads = [] if matching.diagnose_text(text) else matching.suggestions(text)
            assert driver.execute_script("return window.scenariosPaste.suggestions(arguments[0])", text) == leads, text

    box = driver.find_element(By.CSS_SELECTOR, ".paste-box textarea")
    box.send_keys(PASTE_TEXTS[0])
    link = WebDriverWait(driver, 5).until(lambda d: d.find_element(By.CSS_SELECTOR, ".paste-result .paste-match a"))
    assert "Input shape mismatch" in link.text
    link.click()
    WebDriverWait(driver, 10).until(lambda d: "/generated/shape_mismatch.html" in d.current_url)

    load(driver, base_url + page)
    box = driver.find_element(By.CSS_SELECTOR, ".paste-box textarea")
    box.send_keys(PASTE_TEXTS[-1])
    assert WebDriverWait(driver, 5).until(lambda d: d.find_element(By.CSS_SELECTOR, ".paste-result .paste-none"))
    # No match, yet leads: each links to a lesson whose symptoms share the text's telling words.
    vague = "the example feeds non-normalized inputs, which leads to performance degradation"
    assert not matching.match(vague) and matching.suggestions(vague)
    box.clear()
    box.send_keys(vague)
    leads = WebDriverWait(driver, 5).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".paste-result .paste-leads a"))
    assert [a.get_attribute("href").rsplit("/", 1)[-1] for a in leads] == [
        f"{name}.html" for name in matching.suggestions(vague)]
