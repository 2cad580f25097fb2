"""python -m scenarios.explain [TEXT ...] [--file PATH] [--json]: which scenario explains this error?

Give it an error message, a whole traceback or a sentence describing a symptom (as arguments, from
a file, or on stdin) and it names the scenario and case that match, the cause, the fix, the
command that reproduces it and the docs page. Without TensorFlow: it answers in well under a second.

Exit status: 0 with a match, 1 without one, 2 for bad usage (one line on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

WIDTH = 96


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        raise SystemExit(_usage_error(f"{message} (see --help)"))


def _usage_error(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m scenarios.explain", description=__doc__.splitlines()[0])
    parser.add_argument("text", nargs="*", help="the error text (else --file, else stdin)")
    parser.add_argument("--file", type=Path, help="read the text from this file")
    parser.add_argument("--json", action="store_true", help='print {"matches": [...]}, best first')
    try:
        options = parser.parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0)
    if options.text and options.file:
        return _usage_error("give the text or --file, not both")
    if options.file:
        try:
            text = options.file.read_text(errors="replace")
        except OSError as problem:
            return _usage_error(f"--file {options.file}: {problem.strerror or problem}")
    elif options.text:
        text = " ".join(options.text)
    else:
        if sys.stdin.isatty():
            print("Paste the error or describe the symptom, then press Ctrl-D:", file=sys.stderr)
        text = sys.stdin.read()
    if not text.strip():
        return _usage_error("no text to explain: pass it as arguments, with --file, or on stdin")

    from scenarios.machinery import matching, registry

    entries = matching.index()
    if not options.json and not any(entry.kind == "message" for entry in entries):
        # The messages of real runs are most of the index: say so rather than answer from half of it.
        print("note: no scenario has run on this machine yet, so only the declared wordings are matched; "
              "make run (or python -m scenarios.<name>) records the real messages", file=sys.stderr)
    found = [m for m in matching.match(text, entries) if m.scenario in registry.names()]
    diagnosis = matching.diagnose_text(text)
    if options.json:
        print(json.dumps({"matches": [_as_json(m) for m in found]}, indent=1))
        return 0 if found else 1
    if not found:
        print(_no_match(diagnosis, matching.suggestions(text)))
        return 1
    print(_explanation(found[0], diagnosis))
    others = [m.scenario for m in found[1:]]
    if others:
        print(f"\nAlso close: {', '.join(others)}")
    return 0


def page_of(scenario: str) -> str:
    return f"generated/{scenario}.md"


def _built(scenario: str) -> str:
    """Where `make docs` puts the scenario's page, as mkdocs.yml's URL style has it."""
    from scenarios.machinery.docsite.paste import directory_urls

    stem = f"site/{page_of(scenario)[:-3]}"
    return f"{stem}/index.html" if directory_urls() else f"{stem}.html"


def _as_json(match) -> dict:
    from scenarios.machinery import registry

    scenario = registry.get(match.scenario)
    return {"scenario": match.scenario, "case": match.case, "title": scenario.title, "page": page_of(match.scenario),
            "score": match.score}


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def _explanation(match, diagnosis) -> str:
    from scenarios.machinery import registry

    scenario = registry.get(match.scenario)
    case = scenario.case(match.case) if match.case else None
    lines = [f"{scenario.title}", ""]
    if case:
        lines += [f"Case: {case.title}", _wrap("Cause: " + case.why, "  ")]
    else:
        lines += [_wrap("What happens: " + scenario.summary, "  ")]
    if diagnosis and diagnosis.scenario == match.scenario:
        said = "Your shapes: " if diagnosis.expected or diagnosis.got else "What your own text says: "
        lines += [_wrap(said + diagnosis.sentence, "  ")]
    evidence = match.evidence
    if evidence.kind == "pattern" and evidence.source:
        lines += [_wrap(f"Matched an older wording seen in {evidence.source}", "  ")]
    elif evidence.kind == "symptom":
        # A symptom is weaker evidence than a message: say what was matched, so the reader can judge.
        said = evidence.text if evidence.text.startswith("its symptoms") else f"the symptom '{evidence.text}'"
        lines += [_wrap(f"Matched on {said}", "  ")]
    lines += ["", "The fixes, each proved by matching the original model's predictions:"]
    lines += [_wrap(f"- {fix.title}: {fix.why}", "  ") for fix in scenario.fixes]
    lines += ["", f"Reproduce it: python -m scenarios.{scenario.name}  (add --keras 2 for tf.keras 2)",
              f"Read more:    docs page {page_of(scenario.name)} (make docs, then open {_built(scenario.name)})"]
    return "\n".join(lines)


def _no_match(diagnosis, leads: list[str]) -> str:
    from scenarios.machinery import registry

    lines = ["No scenario here explains this text, and a wrong guess would cost you more than none."]
    if diagnosis:
        lines.append(_wrap("What your own text says: " + diagnosis.sentence, ""))
    if leads:
        # Not matches: lessons whose symptoms use some of the same telling words, for the reader to judge.
        lines.append("Not a match, but their symptoms share words with yours:")
        lines += [textwrap.fill(f"python -m scenarios.{name}  ({registry.get(name).title})", WIDTH, initial_indent="  ",
                                subsequent_indent="    ") for name in leads]
    lines += [
        "Try: the whole traceback rather than one line; the troubleshooting page of the docs "
        "(generated/troubleshooting.md); or python -m scenarios for the list of failures covered.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
