"""The site where its readers are: opened from disk, searched with a pasted error, found by a search
engine, read on a phone.

The site is built once for this module (reusing .cache/docs/) and once more with SITE_URL set; one
headless Chromium drives both. Every message searched for is read off the built pages, never typed
here, except the issue's own example of what a reader pastes (their layer is "sequential", which no
page shows).
"""

from __future__ import annotations

import html
import http.server
import os
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import built_pages, chromium, load

from scenarios.machinery import declare, registry
from scenarios.machinery.docsite import build, hygiene, reach

SITE_URL = "https://example.org/keras-load/"
# What a reader pasted in the issue: their model's layer is called "sequential".
PASTED = ('ValueError: Input 0 of layer "sequential" is incompatible with the layer: expected shape=(None, 28, 28, 1), '
          "found shape=(None, 784)")


@pytest.fixture(scope="module")
def site_with_url(site, tmp_path_factory):
    """The same pages built again with SITE_URL set, as a site published under a sub-path."""
    target = tmp_path_factory.mktemp("site-with-url")
    previous = os.environ.get("SITE_URL")
    os.environ["SITE_URL"] = SITE_URL
    try:
        assert build.mkdocs("build", "--strict", "-d", str(target)) == 0
    finally:
        if previous is None:
            del os.environ["SITE_URL"]
        else:
            os.environ["SITE_URL"] = previous
    hygiene.check_site(target)
    assert not hygiene.external_resources(target)
    return target


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("chromium-profile"), logs={"browser": "ALL"}) as browser:
        yield browser


def _text(page: Path) -> str:
    """A built page's visible text, entities decoded, whitespace collapsed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page.read_text(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", body)).split())


# --- from disk --------------------------------------------------------------------------------------


def _nav_links(driver) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('nav.md-nav--primary a.md-nav__link[href]'),"
        " a => a.href).filter(href => !href.includes('#'))"
    )


@pytest.mark.browser
def test_every_nav_link_works_from_disk(driver, site):
    home = (site / "index.html").as_uri()
    load(driver, home)
    links = set(_nav_links(driver))
    # Links are relative to the page they sit on: follow them from a page one folder down too.
    load(driver, (site / "generated" / "shape_mismatch.html").as_uri())
    links |= set(_nav_links(driver))
    expected = {page.as_uri() for page in built_pages(site)}
    assert links == expected, (sorted(links - expected), sorted(expected - links))
    for link in sorted(links):
        load(driver, link)
        assert driver.current_url.startswith("file://") and driver.current_url.endswith(".html"), link
        # A directory link from disk shows Chromium's file listing ("Index of /..."), with no site in it.
        assert driver.execute_script("return document.querySelector('article.md-content__inner h1') !== null"), link
        assert not driver.title.startswith("Index of"), link
        unstyled = driver.execute_script(
            "return Array.from(document.querySelectorAll('link[rel=stylesheet]')).filter(l => !l.sheet).map(l => l.href)")
        assert not unstyled, (link, unstyled)


def _search(driver, query: str, typed: bool = False) -> list[str]:
    """Search for `query` in the open page's search box; the result pages, best first."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    if not driver.find_element(By.ID, "__search").is_selected():  # opening the search starts it (from disk, only then)
        box.click()
    WebDriverWait(driver, 10).until(lambda d: box.is_displayed())
    meta = driver.find_element(By.CSS_SELECTOR, ".md-search-result__meta")
    if typed:
        box.clear()
        box.send_keys(query)
    else:  # long messages: set at once, as a paste does, then the key event Material listens to
        driver.execute_script(
            "arguments[0].value = ''; arguments[0].dispatchEvent(new KeyboardEvent('keyup'));", box)
        WebDriverWait(driver, 10, poll_frequency=0.02).until(
            lambda d: "Type to start" in meta.text or "Initializing" in meta.text)
        driver.execute_script(
            "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new KeyboardEvent('keyup'));", box, query)
    WebDriverWait(driver, 20, poll_frequency=0.02).until(
        lambda d: re.search(r"\d+ matching|No matching", meta.text) and d.execute_script(
            "return document.querySelector('input.md-search__input').value") == query)
    # Each result group starts with its page; its sections follow with "#..." links.
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('.md-search-result__item > .md-search-result__link'),"
        " a => a.href).filter(href => !href.split('?')[0].includes('#')).map(href => href.split('?')[0])"
    )


@pytest.mark.browser
def test_search_works_from_disk(driver, site):
    load(driver, (site / "index.html").as_uri())
    found = _search(driver, "Could not locate function", typed=True)
    assert found, "search from disk found nothing"
    assert all(url.startswith(site.as_uri()) and url.endswith(".html") for url in found), found


def _shown_messages(site: Path) -> list[tuple[str, str, str]]:
    """(message, scenario page, "Keras 3" or "tf.keras 2") for each error block on the built
    Troubleshooting page."""
    page = (site / "generated" / "troubleshooting.html").read_text()
    found = []
    for section in re.split(r'<h3 id="error-\d+"', page)[1:]:
        block = re.search(r'<div class="[^"]*keras-error[^"]*">.*?<code>(.*?)</code>', section, re.S)
        link = re.search(r'<a href="([\w./]+?\.html)#', section)
        seen_on = re.search(r"on (Keras 3|tf\.keras 2)\.", section)
        if block and link and seen_on:
            message = html.unescape(re.sub(r"<[^>]+>", "", block.group(1))).strip()
            found.append((message, Path(link.group(1)).name, seen_on.group(1)))
    return found


def _one_per_page_and_wording(shown: list[tuple[str, str, str]]) -> list[str]:
    """For each scenario page and each generation's wording, one message: the first with quotes in
    it (what breaks a search), else the first."""
    chosen: dict[tuple[str, str], str] = {}
    for message, page, generation in shown:
        current = chosen.get((page, generation))
        if current is None or ("'" not in current and '"' not in current and re.search("['\"]", message)):
            chosen[page, generation] = message
    return list(dict.fromkeys(chosen.values()))


def _first_result_is_right(found: list[str], message: str, site: Path) -> bool:
    """Troubleshooting first, or a scenario page that shows this message."""
    if not found:
        return False
    first = Path(urlsplit(found[0]).path)
    if first.name == "troubleshooting.html":
        return True
    scenario_pages = {f"{name}.html" for name in registry.names()}
    return first.name in scenario_pages and " ".join(message.split()) in _text(site / "generated" / first.name)


@pytest.mark.browser
def test_a_pasted_error_finds_its_page_first(driver, site):
    shown = _shown_messages(site)
    messages = _one_per_page_and_wording(shown)
    assert {generation for _, _, generation in shown} == {"Keras 3", "tf.keras 2"}, "a wording is missing"
    assert any('"' in message for message in messages), "no message with double quotes to search for"
    assert len(messages) >= len(registry.names()), "the Troubleshooting page lost its error blocks"
    load(driver, (site / "index.html").as_uri())
    # The reader's paste: their layer name is on no page.
    found = _search(driver, PASTED)
    assert found and Path(urlsplit(found[0]).path).name in ("troubleshooting.html", "shape_mismatch.html"), found
    wrong = {}
    for message in messages:
        found = _search(driver, message)
        if not _first_result_is_right(found, message, site):
            wrong[message[:100]] = [Path(urlsplit(url).path).name for url in found[:3]]
    assert not wrong, wrong


# --- search engines ---------------------------------------------------------------------------------


def _head(page: Path) -> dict[str, str]:
    text = page.read_text()
    head = text[: text.index("</head>")]

    def tag(pattern: str) -> str | None:
        match = re.search(pattern, head)
        return html.unescape(match.group(1)) if match else None

    return {
        "title": tag(r"<title>(.*?)</title>"),
        "description": tag(r'<meta name="description" content="([^"]*)"'),
        "canonical": tag(r'<link rel="canonical" href="([^"]*)"'),
    }


def test_every_page_has_its_own_title_and_description(site):
    heads = {page.relative_to(site).as_posix(): _head(page) for page in built_pages(site)}
    for field in ("title", "description"):
        values = [head[field] for head in heads.values()]
        assert all(values), {path: head[field] for path, head in heads.items() if not head[field]}
        assert len(set(values)) == len(values), f"pages share a {field}: {values}"


def test_each_scenario_title_and_description_carry_its_failure_from_its_run(site):
    for scenario in registry.all_scenarios():
        page = site / "generated" / f"{scenario.name}.html"
        head, body = _head(page), _text(page)
        expectation = scenario.broken_cases[0].expect_on("3", "keras")
        if isinstance(expectation, declare.Raises):
            # The error text after the nav name, its varying parts cut out: every piece must be on the
            # page, printed by the run; the exception's class leads it.
            error = head["title"].split(": ", 1)[1].rsplit(" - ", 1)[0]
            assert error.startswith(expectation.exception_for("keras") + ": "), head["title"]
            pieces = [piece.strip() for piece in error.split(": ", 1)[1].split("…") if len(piece.strip()) > 3]
            assert pieces and all(piece in body for piece in pieces), (scenario.name, pieces)
            assert pieces[0] in head["description"], head["description"]
        else:  # a silent failure: the symptom in users' words, and that nothing is raised
            assert "no error" in head["title"].lower(), head["title"]
            assert any(symptom.lower() in head["title"].lower() for symptom in scenario.symptoms), head["title"]
            assert any(symptom.lower() in head["description"].lower() for symptom in scenario.symptoms)


def test_without_site_url_no_sitemap_and_no_canonical_links(site):
    assert not (site / "sitemap.xml").exists()
    assert all(_head(page)["canonical"] is None for page in built_pages(site))


def test_with_site_url_the_sitemap_and_canonical_links_name_it(site_with_url):
    pages = [page.relative_to(site_with_url).as_posix() for page in built_pages(site_with_url)]
    sitemap = (site_with_url / "sitemap.xml").read_text()
    listed = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert sorted(listed) == sorted(SITE_URL + path for path in pages)
    for path in pages:
        assert _head(site_with_url / path)["canonical"] == SITE_URL + path
    assert not (site_with_url / "robots.txt").exists(), "robots.txt is read at a host's root only"


# --- 404 --------------------------------------------------------------------------------------------


def test_404_has_no_links_from_the_server_root(site, site_with_url):
    for built in (site, site_with_url):
        assert hygiene.root_absolute((built / "404.html").read_text()) == []


def _styled_and_linked(driver) -> tuple[list[str], list[str]]:
    unstyled = driver.execute_script(
        "return Array.from(document.querySelectorAll('link[rel=stylesheet]')).filter(l => !l.sheet).map(l => l.href)")
    nav = driver.execute_script(
        "return Array.from(document.querySelectorAll('nav.md-nav--primary a.md-nav__link[href]'), a => a.href)")
    return unstyled, nav


@pytest.mark.browser
def test_404_works_from_disk_and_deep_under_a_sub_path(driver, site, site_with_url):
    load(driver, (site / "404.html").as_uri())
    unstyled, nav = _styled_and_linked(driver)
    assert not unstyled and nav
    assert all(Path(urlsplit(link).path).exists() for link in nav), nav

    prefix = urlsplit(SITE_URL).path

    class SubPath(http.server.SimpleHTTPRequestHandler):
        """Serves the site under its sub-path, and 404.html for anything missing, as a host does."""

        def log_message(self, *args):
            pass

        def translate_path(self, path):
            path = urlsplit(path).path
            inside = path[len(prefix):] if path.startswith(prefix) else "\0missing"
            return str(site_with_url / inside)

        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            body = (site_with_url / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SubPath)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        root = f"http://127.0.0.1:{server.server_address[1]}{prefix}"
        load(driver, root + "no/such/page/here.html")
        assert "404" in driver.find_element("css selector", "article h1").text
        unstyled, nav = _styled_and_linked(driver)
        assert not unstyled, unstyled
        assert nav and all(link.startswith(root) for link in nav), nav
        load(driver, nav[0])
        assert driver.find_elements("css selector", "article.md-content__inner h1"), nav[0]
    finally:
        server.shutdown()
        server.server_close()


# --- layout -----------------------------------------------------------------------------------------

# What a reader cannot see on the current page: code running out of its box, text under a code block's
# copy button, tables wider than their column, code blocks past the screen, names broken between two
# letters, and the page itself wider than the window.
LAYOUT_JS = r"""
const out = {codeClipped: [], copyOverText: [], tableOverflow: [], blockOverflow: [], brokenNames: [], pageOverflow: []}
const article = document.querySelector("article.md-content__inner")
const describe = el => (el.closest("[id]") ? "#" + el.closest("[id]").id + " " : "") + el.textContent.trim().slice(0, 50)
const visible = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 }
const charBoxes = function* (element) {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
  for (let node; (node = walker.nextNode());)
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1)
      const box = range.getClientRects()[0]
      if (box) yield [node.data[i], box]
    }
}
for (const code of article.querySelectorAll("pre > code")) {
  if (!visible(code)) continue
  if (code.scrollWidth > code.clientWidth + 1) out.codeClipped.push([describe(code), code.scrollWidth, code.clientWidth])
  const nav = code.parentElement.querySelector(".md-code__nav")
  if (!nav || !visible(nav)) continue
  const button = nav.getBoundingClientRect()
  for (const [char, box] of charBoxes(code)) {
    if (box.top > button.bottom) break
    if (!/\s/.test(char) && box.right > button.left && box.left < button.right && box.bottom > button.top) {
      out.copyOverText.push(describe(code)); break
    }
  }
}
for (const table of article.querySelectorAll("table:not([class])")) {
  const wrapper = table.closest(".md-typeset__scrollwrap") || table.parentElement
  if (visible(table) && table.getBoundingClientRect().width > wrapper.clientWidth + 1)
    out.tableOverflow.push([describe(table), Math.round(table.getBoundingClientRect().width), wrapper.clientWidth])
}
for (const block of article.querySelectorAll("table.highlighttable, div.highlight")) {
  const box = block.getBoundingClientRect()
  if (visible(block) && (box.right > window.innerWidth + 1 || box.left < -1)) out.blockOverflow.push(describe(block))
}
for (const code of article.querySelectorAll(":not(pre) > code, span.filename")) {
  if (!visible(code) || code.getClientRects().length < 2) continue
  let previous = null
  for (const [char, box] of charBoxes(code)) {
    if (previous && box.top > previous[1].top + 2 && /[A-Za-z0-9]/.test(previous[0]) && /[A-Za-z0-9]/.test(char)) {
      out.brokenNames.push(code.textContent.slice(0, 60)); break
    }
    previous = [char, box]
  }
}
if (document.documentElement.scrollWidth > window.innerWidth) out.pageOverflow.push(document.documentElement.scrollWidth)
return out
"""
# Every tab's content laid out at once (a hidden tab measures nothing), at the width it has when shown.
ALL_TABS = ".tabbed-set > .tabbed-content > .tabbed-block { display: block !important }"
DESKTOP, PHONE = 1280, 390


def _layout_problems(driver, url: str, width: int, extra_css: str = "") -> dict:
    driver.set_window_size(width, 1000)
    load(driver, url)
    driver.execute_script(
        "const style = document.createElement('style'); style.textContent = arguments[0]; document.head.appendChild(style)",
        ALL_TABS + extra_css)
    return {kind: found for kind, found in driver.execute_script(LAYOUT_JS).items() if found}


@pytest.mark.browser
def test_the_layout_measure_sees_what_the_stylesheet_fixes(driver, site):
    """Control: with Material's own rule back (code lines that do not wrap), the same measure finds
    clipped code and the copy button over text on a scenario page."""
    material = (".md-typeset pre > code { white-space: pre !important }"
                ".md-typeset pre > code::before { content: none !important }")
    found = _layout_problems(driver, (site / "generated" / "shape_mismatch.html").as_uri(), PHONE, material)
    assert found.get("codeClipped") and found.get("copyOverText"), found
    driver.set_window_size(DESKTOP, 1000)


@pytest.mark.browser
@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_nothing_is_clipped_hidden_or_broken_mid_word(driver, site, width):
    # The whole-course page repeats the scenario pages measured here.
    pages = [page for page in built_pages(site) if page.name != "course.html"]
    problems = {}
    for page in pages:
        found = _layout_problems(driver, page.as_uri(), width)
        if width == PHONE:
            # A table of many columns may be wider than a phone: it scrolls in its own box, the page
            # does not (pageOverflow stays empty).
            found.pop("tableOverflow", None)
        if found:
            problems[page.relative_to(site).as_posix()] = found
    driver.set_window_size(DESKTOP, 1000)
    assert not problems, problems


# --- the text a title is made of ----------------------------------------------------------------------


def test_a_declared_pattern_reads_as_the_text_it_requires():
    assert reach.readable(r'Input 0 of layer \"\w+\" is incompatible') == 'Input 0 of layer "…" is incompatible'
    assert reach.readable(r"float\(\) argument must be a string or a (real )?number") == (
        "float() argument must be a string or a real number")
    assert reach.readable(r"File not found: filepath=\S+\. Please") == "File not found: filepath=…. Please"
    assert reach.readable(r"Unknown (?:loss|metric) function") == "Unknown loss function"
    # Every declared Keras 3 headline keeps some words of its own, not only "…".
    for scenario in registry.all_scenarios():
        assert len(reach.headline(scenario).replace("…", "").split()) >= 3, scenario.name


def test_a_title_that_names_an_error_the_page_does_not_show_is_caught():
    scenario = registry.get("shape_mismatch")
    pieces = reach.shown_text(scenario)
    assert pieces and reach.missing_from(scenario, " ".join(pieces)) == []
    assert reach.missing_from(scenario, "a page that shows another error") == pieces
