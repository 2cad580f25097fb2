"""Figures and the home diagram: placed where the declarations say, legible on a phone, out of search.

The diagram tests read the HTML that diagram.py writes and judge it against the scenario
declarations; the browser tests build the site (page cache reused), serve it on 127.0.0.1 and
measure in headless Chromium what a reader at 360 or 390 px sees: the rendered size of every figure's
text, the diagram's tap targets, and the home page's search snippet.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import chromium, load

from scenarios.machinery import registry
from scenarios.machinery.artifacts import FORMATS
from scenarios.machinery.declare import (
    AccuracyBelowBaseline,
    Case,
    DriftsFromOracle,
    MatchesOracle,
    NotApplicable,
    Raises,
    RunsCodeFromTheFile,
    Scenario,
)
from scenarios.machinery.docsite import diagram

PHONE_WIDTHS = (360, 390)
MIN_TEXT_PX = 9  # the smallest text a phone reader can read without zooming
MIN_TAP_PX = 24  # WCAG 2.2's minimum target size


# --- the diagram, from the declarations (no browser) -----------------------------------------------


class _Diagram(HTMLParser):
    """Each step of the diagram: the calls its box shows, its other words, and its scenario links."""

    def __init__(self):
        super().__init__()
        self.steps: list[dict] = []
        self.open: list[str] = []
        self.link: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.open.append(attrs.get("class") or tag)
        if tag == "li" and "data-stage" in attrs:
            self.steps.append({"stage": attrs["data-stage"], "calls": [], "box": "", "links": []})
        elif tag == "a" and self.steps:
            self.link = {"scenario": attrs["data-scenario"], "cases": attrs["data-cases"].split(),
                         "href": attrs["href"], "text": ""}
            self.steps[-1]["links"].append(self.link)

    def handle_endtag(self, tag):
        self.open.pop()
        if tag == "a":
            self.link = None

    def handle_data(self, data):
        if not self.steps:
            return
        if "pipeline-step" in self.open:
            self.steps[-1]["box"] += data + " "
            if self.open[-1] == "code":
                self.steps[-1]["calls"].append(data)
        if self.link is not None:
            self.link["text"] += data + " "


def _steps(scenarios) -> list[dict]:
    parser = _Diagram()
    parser.feed(diagram.pipeline_svg(scenarios))
    return parser.steps


def _where_declared(expect, steps: list[dict]) -> dict:
    """The step at which the declaration says this outcome shows, read off the boxes as a reader
    would: a call raises at the box that shows that call (load_checked_model is a load); a file's
    code runs at the box that shows load_model(); silent wrong numbers at the box that makes no call."""
    if isinstance(expect, Raises):
        verb = expect.during.split("_")[0]
        found = [s for s in steps if any(c.removeprefix("model.").startswith(verb) for c in s["calls"])]
    elif isinstance(expect, RunsCodeFromTheFile):
        found = [s for s in steps if "load_model()" in s["calls"]]
    elif isinstance(expect, (AccuracyBelowBaseline, DriftsFromOracle)):
        found = [s for s in steps if not s["calls"]]
    else:
        pytest.fail(f"unexpected broken outcome {expect!r}")
    assert len(found) == 1, (expect, [s["stage"] for s in found])
    return found[0]


def _failures_on_keras3(scenario: Scenario):
    for case in scenario.broken_cases:
        for fmt in FORMATS:
            expect = case.expect_on("3", fmt)
            if not isinstance(expect, (NotApplicable, MatchesOracle)):
                yield case, fmt, expect


def test_every_broken_case_sits_at_the_step_its_declaration_names():
    scenarios = [registry.get(name) for name in registry.names()]
    steps = _steps(scenarios)
    placed = 0
    for scenario in scenarios:
        for case, fmt, expect in _failures_on_keras3(scenario):
            step = _where_declared(expect, steps)
            links = [link for link in step["links"] if link["scenario"] == scenario.name]
            assert links, f"{scenario.name}/{case.name} (.{fmt}) is missing from the {step['stage']} step"
            assert case.name in links[0]["cases"], (scenario.name, case.name, step["stage"])
            if isinstance(expect, Raises):
                assert expect.exception_for(fmt) in links[0]["text"], (scenario.name, case.name, links[0]["text"])
            placed += 1
    assert placed >= 40  # every lesson's failures, in both formats: not a vacuous pass
    # And nothing is placed where no declaration puts it.
    for step in steps:
        for link in step["links"]:
            scenario = registry.get(link["scenario"])
            for case_name in link["cases"]:
                steps_of_case = [_where_declared(expect, steps)["stage"]
                                 for case, _, expect in _failures_on_keras3(scenario) if case.name == case_name]
                assert step["stage"] in steps_of_case, (link["scenario"], case_name, step["stage"])


def test_lambda_layer_breaks_at_loading_not_in_silently_wrong_predictions():
    steps = {step["stage"]: step for step in _steps([registry.get(name) for name in registry.names()])}
    silent = next(step for step in steps.values() if not step["calls"])
    assert "lambda_layer" not in [link["scenario"] for link in silent["links"]]
    loading = next(step for step in steps.values() if "load_model()" in step["calls"])
    lambda_at_load = [link for link in loading["links"] if link["scenario"] == "lambda_layer"]
    assert lambda_at_load, "the Lambda layer's refusal and its file's code both happen inside load_model()"
    assert "safe_mode_off_on_a_tampered_file" in lambda_at_load[0]["cases"]


def _case(name: str, expect) -> Case:
    return Case(name=name, title=name, serve="x:y", expect=expect, why="")


def test_a_new_scenario_appears_where_its_declaration_says():
    new = Scenario(
        name="new_lesson", title="New lesson: made up here", summary="", task="binary", train="x:y",
        cases=(
            _case("raises_in_evaluate", {"keras": Raises("KeyError", "k", during="evaluate"), "h5": MatchesOracle()}),
            _case("drifts", DriftsFromOracle(0.1)),
            _case("fix", MatchesOracle()),
        ),
    )
    steps = _steps([new])
    where = {(step["stage"], link["text"].strip()): link["cases"] for step in steps for link in step["links"]}
    evaluate = _where_declared(Raises("KeyError", "k", during="evaluate"), steps)["stage"]
    silent = _where_declared(DriftsFromOracle(0.1), steps)["stage"]
    assert where == {(evaluate, "New lesson KeyError in .keras"): ["raises_in_evaluate"],
                     (silent, "New lesson"): ["drifts"]}
    # A call no step makes is an error at build time, never a guess.
    odd = Scenario(name="odd", title="Odd", summary="", task="binary", train="x:y",
                   cases=(_case("c", Raises("E", "m", during="transmogrify")),))
    with pytest.raises(ValueError, match="transmogrify"):
        diagram.pipeline_svg([odd])


def test_the_diagram_is_kept_out_of_the_search_index():
    html = diagram.pipeline_svg([registry.get(name) for name in registry.names()])
    assert html.startswith("<figure") and "data-search-exclude" in html.split(">", 1)[0]
    # Material's parser stops excluding at the first closing tag named like the excluded element.
    assert html.count("</figure>") == 1


# --- the built site in a browser -------------------------------------------------------------------


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("chromium-profile"), "--hide-scrollbars") as browser:
        browser.set_script_timeout(15)
        yield browser


def _pages_with_figures(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if re.search(r'<img[^>]+src="[^"]*figures/', p.read_text()))


# Each figure's SVG, drawn inline at the size the page shows the image: every <text>'s font size times
# the scale from its own coordinates to the screen (the viewBox and any transform) is what a reader sees.
MEASURE_FIGURE = """
const [img, done] = [arguments[0], arguments[arguments.length - 1]];
fetch(img.currentSrc || img.src).then(r => r.text()).then(text => {
  const shown = img.getBoundingClientRect();
  const svg = document.importNode(new DOMParser().parseFromString(text, "image/svg+xml").documentElement, true);
  if (svg.nodeName !== "svg") { done({svg: false, src: img.src}); return; }
  svg.setAttribute("width", shown.width);
  svg.setAttribute("height", shown.height);
  const holder = document.createElement("div");
  holder.style.cssText = "position:absolute;left:0;top:0;width:" + shown.width + "px";
  holder.appendChild(svg);
  document.body.appendChild(holder);
  const texts = Array.from(svg.querySelectorAll("text"), t => {
    const m = t.getScreenCTM();
    return [t.textContent, parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b)];
  });
  holder.remove();
  const column = img.closest("article").getBoundingClientRect().width;
  done({svg: true, src: img.src, shown: shown.width, column: column, texts: texts});
});
"""


@pytest.mark.browser
@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_figure_text_is_legible_at_phone_width(driver, site, base_url, width):
    from selenium.webdriver.common.by import By

    pages = _pages_with_figures(site)
    assert len(pages) >= 2, pages  # the preprocessing and shape figures at least
    measured = {}
    for page_file in pages:
        load(driver, base_url + page_file.relative_to(site).as_posix(), width)
        for img in driver.find_elements(By.CSS_SELECTOR, "article img[src*='figures/']"):
            figure = driver.execute_async_script(MEASURE_FIGURE, img)
            assert figure["svg"], f"{figure['src']} is not an SVG: a figure's text must stay text"
            assert figure["shown"] <= figure["column"] + 0.5, figure  # fits its column, no sideways scroll
            texts = [(words, size) for words, size in figure["texts"] if words.strip()]
            assert len(texts) >= 5, f"{figure['src']}: its text was drawn as shapes, not text"
            small = [(words, round(size, 2)) for words, size in texts if size < MIN_TEXT_PX]
            assert not small, f"{figure['src']} at {width} px: text under {MIN_TEXT_PX} px: {small}"
            measured[figure["src"]] = texts
    # The preprocessing figure names, as text, every way of serving that returned predictions (every
    # case that raises nothing), its title wrapped over lines but whole.
    outcomes = next(texts for src, texts in measured.items() if "preprocessing_mismatch" in src)
    drawn = " ".join(" ".join(words for words, _ in outcomes).split())
    predicting = [case for case in registry.get("preprocessing_mismatch").cases
                  if not isinstance(case.expect_on("3", "keras"), Raises)]
    assert predicting and all(" ".join(case.title.split()) in drawn for case in predicting), drawn


HOME_DIAGRAM = """
const figure = document.querySelector("figure.pipeline");
const rect = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; };
const textSizes = Array.from(figure.querySelectorAll("*"))
  .filter(e => Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim()))
  .map(e => [e.textContent.trim().slice(0, 40), parseFloat(getComputedStyle(e).fontSize)]);
return {
  overflow: figure.scrollWidth - figure.clientWidth,
  figure: rect(figure),
  links: Array.from(figure.querySelectorAll("a"), a => [a.dataset.scenario, a.textContent, rect(a)]),
  steps: Array.from(figure.querySelectorAll("li[data-stage]"), li => {
    const list = li.querySelector("ul");
    return [li.dataset.stage, rect(li.querySelector(".pipeline-step")), list ? rect(list) : null];
  }),
  textSizes: textSizes,
};
"""


@pytest.mark.browser
@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_home_diagram_stacks_with_readable_text_and_tap_sized_links_on_a_phone(driver, base_url, width):
    load(driver, base_url, width)
    seen = driver.execute_script(HOME_DIAGRAM)
    assert seen["overflow"] <= 0, f"the diagram is wider than the page at {width} px"
    small_targets = [(text.strip(), round(h, 1)) for _, text, (_, _, w, h) in seen["links"]
                     if h < MIN_TAP_PX or w < MIN_TAP_PX]
    assert not small_targets, small_targets
    small_text = [(text, size) for text, size in seen["textSizes"] if size < MIN_TEXT_PX]
    assert not small_text, small_text
    failing = {s.name for s in map(registry.get, registry.names()) if any(_failures_on_keras3(s))}
    assert {name for name, _, _ in seen["links"]} == failing  # every scenario that fails, as a link
    # Stacked: each step's box sits above its scenarios, and the steps follow one another downwards.
    for stage, (_, box_top, _, box_height), links in seen["steps"]:
        if links:
            assert links[1] >= box_top + box_height - 0.5, f"{stage}: its scenarios sit beside its box at {width} px"
    tops = [box[1] for _, box, _ in seen["steps"]]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)


@pytest.mark.browser
def test_home_diagram_links_lead_to_scenario_pages(driver, site, base_url):
    load(driver, base_url, 1280)
    hrefs = driver.execute_script("return Array.from(document.querySelectorAll('figure.pipeline a'), a => a.href)")
    assert hrefs
    for href in set(hrefs):
        path = href.removeprefix(base_url)
        target = site / path / "index.html" if path.endswith("/") else site / path
        assert target.is_file(), href


def _search_index(site: Path) -> dict:
    as_json = site / "search" / "search_index.json"
    if as_json.exists():
        return json.loads(as_json.read_text())
    script = (site / "search" / "search_index.js").read_text()  # the offline plugin's copy
    return json.loads(script[script.index("{"): script.rindex("}") + 1])


def _diagram_words() -> list[str]:
    """Texts only the diagram holds, without their spaces, as an index runs them together: each step's
    box, and each link that says more than a scenario's name (a name alone is in the page's list too)."""
    steps = _steps([registry.get(name) for name in registry.names()])
    words = ["".join(step["box"].split()) for step in steps]
    words += ["".join(link["text"].split()) for step in steps for link in step["links"]
              if link["text"].strip() != diagram.short_title(registry.get(link["scenario"]))]
    return words


@pytest.mark.browser
def test_home_search_snippet_has_no_diagram_labels_run_together(driver, site, base_url):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    home = [doc for doc in _search_index(site)["docs"] if doc["location"].split("#")[0] in ("", "index.html")]
    assert home, "the home page is not in the search index"
    indexed = "".join(" ".join(doc["text"] for doc in home).split())
    assert not [w for w in _diagram_words() if w in indexed]

    # What a reader sees: the home page's results for the title of the section the diagram sits in.
    section = next(doc for doc in home if doc["location"].endswith("#where-it-breaks"))
    load(driver, base_url, 1280)
    driver.find_element(By.CSS_SELECTOR, "label.md-search__icon[for='__search'], .md-search__input").click()
    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    WebDriverWait(driver, 10).until(lambda d: box.is_displayed())
    box.send_keys(section["title"])

    def home_results(d):
        # One script call: the list is re-rendered as the query grows, and element handles go stale.
        return d.execute_script(
            "return Array.from(document.querySelectorAll('.md-search-result__link'))"
            ".filter(a => /^(index\\.html)?$/.test(a.href.slice(arguments[0].length).split(/[?#]/)[0]))"
            ".map(a => [a.href, a.textContent])",
            base_url,
        )

    WebDriverWait(driver, 15).until(lambda d: any("#where-it-breaks" in href for href, _ in home_results(d)))
    snippets = "".join(" ".join(text for _, text in home_results(driver)).split())
    assert not [w for w in _diagram_words() if w in snippets], snippets
