"""The home page's picture: train → saved file → load → predict → evaluate → predictions, and where
each scenario breaks.

Drawn at build time from the declarations, so it cannot disagree with them: a case that raises sits
at the step that makes the call its Raises names (`during`), a case whose file's code runs sits at
loading (that is where the code runs), and a case that returns wrong numbers without a word sits at
the predictions. Each format is placed on its own, so a case that fails at load_model() with .keras
and at evaluate() with .h5 shows at both, marked with its format.

It is HTML, not an image: the steps stack on a narrow screen, text stays text at the page's size,
and each scenario is a link big enough to tap. The figure is kept out of the search index: run
together, its labels would make a meaningless search snippet for the home page.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from scenarios.machinery.artifacts import FORMATS
from scenarios.machinery.declare import (
    AccuracyBelowBaseline,
    DriftsFromOracle,
    MatchesOracle,
    NotApplicable,
    Raises,
    RunsCodeFromTheFile,
    Scenario,
)
from scenarios.machinery.docsite.paste import directory_urls

KERAS = "3"  # the generation the site is about; tf.keras 2's outcomes are on each page


@dataclass(frozen=True)
class Stage:
    key: str
    title: str
    calls: tuple[str, ...]
    # The first word of a `during` call made at this step: load_model and load_checked_model load.
    verbs: tuple[str, ...] = ()
    note: str = ""


STAGES = (
    Stage("train", "training", ("fit()", "model.save()"), ("fit", "save")),
    Stage("file", "the saved file", (".keras", ".h5")),
    Stage("load", "loading", ("load_model()",), ("load",)),
    Stage("predict", "predicting", ("predict()",), ("predict",)),
    Stage("evaluate", "evaluating", ("evaluate()",), ("evaluate",)),
    Stage("silent", "the predictions", (), note="wrong, no error raised"),
)
# What crosses from the training program to the serving one inside the file, and what stays behind.
CARRIES = "carries the layers, the weights and the compile settings (your functions by name only)"
LEAVES = "leaves behind your preprocessing, your reshapes and the code of your functions"


def stage_of(expect) -> str:
    """The step at which a broken outcome shows, from its declaration."""
    if isinstance(expect, Raises):
        verb = expect.during.split("_")[0]
        for stage in STAGES:
            if verb in stage.verbs:
                return stage.key
        raise ValueError(f"no step of the diagram makes the call {expect.during}(): add its verb to STAGES")
    if isinstance(expect, RunsCodeFromTheFile):
        return "load"  # the file's code runs while load_model() rebuilds the model
    if isinstance(expect, (AccuracyBelowBaseline, DriftsFromOracle)):
        return "silent"
    raise TypeError(f"the diagram does not know where {type(expect).__name__} fails")


def how(expect, fmt: str) -> str:
    """What the reader sees fail: the exception's name, or nothing at all (the step says silently)."""
    if isinstance(expect, Raises):
        return expect.exception_for(fmt)
    if isinstance(expect, RunsCodeFromTheFile):
        return "runs the file's code, no error"
    return ""


@dataclass
class Break:
    """One scenario at one step: how it fails there, each with the formats it fails that way in."""

    scenario: Scenario
    hows: dict[str, list[str]]
    cases: list[str]

    def said(self) -> str:
        parts = [how if formats == list(FORMATS) else " ".join(filter(None, (how, "in", *("." + f for f in formats))))
                 for how, formats in self.hows.items()]
        return "; ".join(filter(None, parts))


def breaks(scenarios: list[Scenario]) -> dict[str, list[Break]]:
    """For each step, the scenarios that fail there on Keras 3, in the order they are listed."""
    found: dict[str, dict[str, Break]] = {stage.key: {} for stage in STAGES}
    for scenario in scenarios:
        for case in scenario.broken_cases:
            for fmt in FORMATS:
                expect = case.expect_on(KERAS, fmt)
                if isinstance(expect, (NotApplicable, MatchesOracle)):  # not broken in this format
                    continue
                entry = found[stage_of(expect)].setdefault(scenario.name, Break(scenario, {}, []))
                if case.name not in entry.cases:
                    entry.cases.append(case.name)
                formats = entry.hows.setdefault(how(expect, fmt), [])
                if fmt not in formats:
                    formats.append(fmt)
    for entries in found.values():
        for entry in entries.values():
            for formats in entry.hows.values():
                formats.sort(key=FORMATS.index)
    return {key: list(entries.values()) for key, entries in found.items()}


def _how_span(said: str) -> str:
    return f'<span class="pipeline-how">{escape(said)}</span>' if said else ""


def short_title(scenario: Scenario) -> str:
    return scenario.title.split(":")[0]


def pipeline_svg(scenarios: list[Scenario], link_prefix: str = "generated/") -> str:
    """The diagram as one line of HTML (the name stays: the build calls it)."""
    suffix = "/" if directory_urls() else ".html"
    by_stage = breaks(scenarios)
    items = []
    for stage in STAGES:
        found = by_stage[stage.key]
        calls = "".join(f"<code>{escape(call)}</code>" for call in stage.calls)
        note = f"<span>{escape(stage.note)}</span>" if stage.note else ""
        step = f'<div class="pipeline-step"><strong>{escape(stage.title)}</strong>{calls}{note}</div>'
        if stage.key == "file":
            detail = (f'<div><p class="pipeline-file">It {escape(CARRIES)}.</p>'
                      f'<p class="pipeline-file pipeline-stays">It {escape(LEAVES)}.</p></div>')
        elif found:
            links = "".join(
                f'<li><a href="{link_prefix}{entry.scenario.name}{suffix}" data-scenario="{entry.scenario.name}" '
                f'data-cases="{" ".join(entry.cases)}">'
                f'<span class="pipeline-name">{escape(short_title(entry.scenario))}</span>'
                f'{_how_span(entry.said())}</a></li>'
                for entry in found
            )
            detail = f'<ul class="pipeline-breaks">{links}</ul>'
        else:
            detail = '<p class="pipeline-none">nothing here breaks</p>'
        kind = " pipeline-broken" if found else ""
        items.append(f'<li class="pipeline-stage{kind}" data-stage="{stage.key}">{step}{detail}</li>')
    # One line: Python-Markdown keeps a block of raw HTML intact only while it has no blank line. No
    # figure inside: Material's search parser stops excluding at the first closing tag of that name.
    return (
        '<figure class="pipeline" data-search-exclude aria-label="Where each scenario breaks, step by step">'
        f'<ol class="pipeline-stages">{"".join(items)}</ol>'
        "<figcaption>Each link is a scenario, at the step where it fails on Keras 3, with what it raises "
        "(or that it raises nothing); "
        "\u201cin .h5\u201d when only that format fails there.</figcaption>"
        "</figure>\n"
    )
