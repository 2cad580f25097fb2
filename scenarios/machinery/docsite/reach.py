"""What a reader arriving from a search engine sees first: each page's <title> and meta description,
written from the scenario declarations, so a page is found by the error it explains.

A scenario page's title carries its headline failure: the error Keras 3 raises for its first broken
case, or, for a failure that raises nothing, the symptom in a user's words. The declared message is a
regex; `readable()` turns it into the text it requires, with "…" where the run's own value goes (a
layer name, a path, a batch size). The build checks that each piece of that text is on the page,
where it was printed by a real run (`missing_from()`), so a title never promises an error the page
does not show.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

try:  # Python 3.11 moved the regex parser; it is what `re` itself compiles patterns with
    import re._constants as sre_constants
    import re._parser as sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants
    import sre_parse

from scenarios.machinery import declare

ELLIPSIS = "…"
# Search engines show about this much of a description; the rest is cut at a word.
DESCRIPTION_CHARS = 300
# A title keeps the error's head: the words people paste, not a whole config dump.
TITLE_ERROR_CHARS = 110


def readable(pattern: str) -> str:
    """The text a message matching `pattern` must contain, "…" for what varies between runs."""
    return re.sub(f"(?:{ELLIPSIS}\\s*)+", ELLIPSIS, _render(sre_parse.parse(pattern))).strip()


def _render(parsed) -> str:
    out = []
    for op, value in parsed:
        if op is sre_constants.LITERAL:
            out.append(chr(value))
        elif op is sre_constants.SUBPATTERN:
            out.append(_render(value[-1]))
        elif op is sre_constants.BRANCH:  # one of several wordings: the first one declared
            out.append(_render(value[1][0]))
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            low, high, item = value
            inner = _render(item)
            # "(real )?number": the fuller wording; "\d+", ".*": a value of the run's own.
            out.append(inner if ELLIPSIS not in inner and high in (1, low) else ELLIPSIS)
        elif op is sre_constants.AT:  # ^, $, \b: no text
            continue
        else:  # a class, any character, a back reference: the run's own value
            out.append(ELLIPSIS)
    return "".join(out)


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,.;:")
    return cut + ELLIPSIS


def error_text(expectation: declare.Raises, fmt: str = "keras") -> str:
    """'ValueError: Expected shape (None, 28, 28, 1), but input has incompatible shape …'"""
    return f"{expectation.exception_for(fmt)}: {readable(expectation.pattern_for(fmt))}".rstrip(f" {ELLIPSIS}")


def headline_case(scenario: declare.Scenario) -> declare.Case:
    return scenario.broken_cases[0]


def short_name(scenario: declare.Scenario) -> str:
    """'Input shape mismatch', as the nav shows it."""
    return scenario.title.split(":")[0]


def symptom(scenario: declare.Scenario, case: declare.Case) -> str:
    """A silent failure in a user's words (the first declared symptom), or the case's own title."""
    words = scenario.symptoms[0] if scenario.symptoms else case.title
    return words[0].lower() + words[1:].rstrip(".")


def headline(scenario: declare.Scenario) -> str:
    """The headline failure: Keras 3's error for the first broken case, else its symptom."""
    case = headline_case(scenario)
    expectation = case.expect_on("3", "keras")
    if isinstance(expectation, declare.Raises):
        return error_text(expectation)
    return f"no error, but {symptom(scenario, case)}"


def title(scenario: declare.Scenario) -> str:
    return f"{short_name(scenario)}: {_shorten(headline(scenario), TITLE_ERROR_CHARS)}"


def description(scenario: declare.Scenario) -> str:
    case = headline_case(scenario)
    on3, on2 = case.expect_on("3", "keras"), case.expect_on("2", "keras")
    if isinstance(on3, declare.Raises):
        said = f"Keras 3 raises {error_text(on3)} in {on3.during}()"
        if isinstance(on2, declare.Raises) and readable(on2.pattern_for("keras")) != readable(on3.pattern_for("keras")):
            said += f"; tf.keras 2 says {error_text(on2)}"
    else:
        said = f"No error, but {symptom(scenario, case)}"
    fixes = len(scenario.fixes)
    proof = f"the cause, and {fixes} fix{'es' if fixes != 1 else ''} checked against the original model's predictions"
    return _shorten(f"{said}. {scenario.summary} On this page: {proof}.", DESCRIPTION_CHARS)


def shown_text(scenario: declare.Scenario) -> list[str]:
    """The pieces of the title's error text that the page must show (none for a symptom)."""
    expectation = headline_case(scenario).expect_on("3", "keras")
    if not isinstance(expectation, declare.Raises):
        return []
    return [piece.strip() for piece in readable(expectation.pattern_for("keras")).split(ELLIPSIS) if piece.strip()]


def missing_from(scenario: declare.Scenario, page_text: str) -> list[str]:
    return [piece for piece in shown_text(scenario) if piece not in page_text]


def _exception_names(scenarios) -> list[str]:
    names = set()
    for scenario in scenarios:
        for case in scenario.broken_cases:
            for generation in ("3", "2"):
                for fmt in ("keras", "h5"):
                    expectation = case.expect_on(generation, fmt)
                    if isinstance(expectation, declare.Raises):
                        names.add(expectation.exception_for(fmt))
    return sorted(names)


def other_pages(scenarios, exercises) -> dict[str, dict[str, str]]:
    """Title and description of the pages that are not a scenario's, by source path."""
    silent = [short_name(s).lower() for s in scenarios if not isinstance(headline_case(s).expect_on("3", "keras"), declare.Raises)]
    return {
        "generated/troubleshooting.md": {
            "title": "Troubleshooting Keras load_model() and predict() errors, message by message",
            "description": _shorten(
                f"The messages Keras 3 and tf.keras 2 printed for {len(scenarios)} ways a saved model fails to "
                f"load or predict ({', '.join(_exception_names(scenarios))}), each linked to its cause and fix; "
                f"and the failures that raise nothing: {', '.join(silent)}.", DESCRIPTION_CHARS),
        },
        "exercises.md": {
            "title": f"Exercises: {len(exercises)} broken Keras serving functions to fix, checked on held-back data",
            "description": _shorten(
                f"{len(exercises)} exercises, each a serving function with one failure in it ("
                + "; ".join(exercise.title for exercise in exercises)
                + "), judged by a checker on held-back data against the trained model's predictions.", DESCRIPTION_CHARS),
        },
        "generated/environment.md": {
            "title": "Environment: the TensorFlow and Keras versions behind every output",
            # No version numbers here: the page reads them from the runs, this text is written before.
            "description": (
                "The TensorFlow, Keras 3, tf.keras 2, NumPy, scikit-learn, h5py and Python versions each scenario "
                "ran with while this site was built, read from the runs: Keras words its messages differently "
                "between releases."),
        },
    }


def first_paragraph(markdown: str) -> str | None:
    """A page's first paragraph of prose as plain text: the description of a page no declaration
    describes (one another part of the build adds)."""
    body = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    for block in re.split(r"\n\s*\n", body):
        block = block.strip()
        if not block or re.match(r"(#|[-*+] |\d+\. |<|!!!|\?\?\?|```|~~~|\||--8<--|\{)", block):
            continue
        text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", block)  # links and images: their words
        text = re.sub(r"(\*\*|__|\*|`|\+\+)", "", text)
        return _shorten(" ".join(text.split()), DESCRIPTION_CHARS)
    return None


def site_root_path(site_url: str | None) -> str:
    """The path the site is served under ("/" or "/docs/"), from site_url."""
    return urlsplit(site_url or "/").path or "/"
