"""The site's "paste your error" box: the matcher's index as a script, and the box itself.

The box runs in the browser, offline and from file://, so the index travels as a script that sets
a global (a JSON file would need a fetch, which file:// refuses), next to docs/javascripts/paste.js,
which applies the same rules as scenarios.machinery.matching. The index is what `python -m
scenarios.explain` uses: the messages this build's runs recorded, the declared patterns and the
symptoms, with what a reader needs to see for each scenario.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict

from functools import lru_cache

from scenarios.machinery import keras_classes, matching, registry
from scenarios.machinery.docsite.paths import ROOT

# Real texts from public threads that nobody has looked at since they were collected and measured
# (tests/test_explain.py tells how each set was made): what the box is worth on texts it was never
# tuned on.
UNSEEN_SETS = ("pasted_errors_judge6.json", "pasted_errors_judge7.json", "pasted_errors_judge9.json")
REAL_TEXTS = ROOT / "tests" / "data"


def index_script() -> str:
    scenarios = {}
    for scenario in registry.all_scenarios():
        scenarios[scenario.name] = {
            "title": scenario.title,
            "summary": scenario.summary,
            "cases": {case.name: {"title": case.title, "why": case.why} for case in scenario.broken_cases},
            "fixes": [case.title for case in scenario.fixes],
            # For breaking ties the way matching.match() does: the title's words, and the case order.
            "topic": sorted(matching._content(matching.normalise(f"{scenario.title} {scenario.summary}"))),
            "titleTopic": sorted(matching._content(matching.normalise(scenario.title))),
            "caseRank": {case.name: rank for rank, case in enumerate(scenario.cases)},
        }
    payload = {
        "entries": [asdict(entry) for entry in matching.index()],
        "scenarios": scenarios,
        "minShared": matching.MIN_SHARED,
        "minScore": matching.MIN_SCORE,
        "generic": sorted(matching.GENERIC),
        "synonyms": matching.SYNONYMS,
        "commonIn": matching.COMMON_IN,
        "symptomShare": matching.SYMPTOM_SHARE,
        "otherException": matching.OTHER_EXCEPTION,
        "kerasClasses": sorted(keras_classes.names()),
        "tfKerasOnly": sorted(keras_classes.tf_keras_only()),
        "folds": [list(fold) for fold in matching.FOLDS],
        "pooled": _pooled(),
        # Links to a scenario page: "name/" with mkdocs' directory URLs, "name.html" without (file://).
        "pageSuffix": "/" if directory_urls() else ".html",
    }
    return "window.SCENARIOS_PASTE = " + json.dumps(payload, sort_keys=True) + ";\n"


def _pooled() -> dict:
    vocabularies, silent = matching.symptom_vocabularies()
    return {"vocabularies": {name: sorted(words) for name, words in vocabularies.items()}, "silent": sorted(silent),
            "least": matching.POOLED_LEAST, "margin": matching.POOLED_MARGIN, "common": matching.POOLED_COMMON,
            "score": matching.POOLED_SCORE, "suggestedLeast": matching.SUGGESTED_LEAST}


def directory_urls() -> bool:
    """mkdocs.yml's use_directory_urls (true unless it says false); read as text, since the file
    holds tags (!ENV) that a plain YAML load refuses."""
    from scenarios.machinery.docsite.paths import CONFIG

    found = re.search(r"^use_directory_urls:\s*(\w+)", CONFIG.read_text(), re.M)
    return not (found and found[1].lower() == "false")


def box(link_prefix: str) -> str:
    """The box as HTML; `link_prefix` leads from the page it sits on to the scenario pages."""
    return (
        f'<div class="paste-box" data-prefix="{link_prefix}">\n'
        '<label for="paste-input"><strong>Paste your error</strong>: a message, a whole traceback, or what '
        'goes wrong in your own words.</label>\n'
        '<textarea id="paste-input" rows="4" spellcheck="false" '
        'placeholder="ValueError: Input 0 of layer &quot;sequential&quot; is incompatible with the layer: ..."></textarea>\n'
        '<div class="paste-result" aria-live="polite"></div>\n'
        f'<p class="paste-trust">{trust()}</p>\n'
        "</div>\n"
    )


@lru_cache(maxsize=1)
def trust() -> str:
    """How often the matcher is right and wrong on the unseen real texts, measured as this build runs."""
    texts = [text for name in UNSEEN_SETS for text in json.loads((REAL_TEXTS / name).read_text())]
    entries, names = matching.index(), set(registry.names())
    tops = [(found[0].scenario if (found := matching.match(text["text"], entries)) else None) for text in texts]
    covered = [(text, top) for text, top in zip(texts, tops) if text["expected"] in names]

    def right(kind: str | None = None) -> str:
        mine = [(text, top) for text, top in covered if kind in (None, text["kind"])]
        return f"{sum(1 for text, top in mine if top == text['expected'])} of {len(mine)}"

    wrong = sum(1 for text, top in zip(texts, tops) if top and top != text["expected"])
    return (f"How far to trust it: on {len(texts)} texts from public threads that it was never tuned on, it names "
            f"the right lesson for {right()} whose failure a lesson here covers ({right('error')} error texts, "
            f"{right('symptom')} descriptions in words), and a wrong one for {wrong} of the {len(texts)}. Read a match "
            "as a lead to check, and a description in words is rarely enough: paste the numbers or the message.")
