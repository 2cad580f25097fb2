"""What the page notebooks call: run a scenario for real, check it, and render what happened.

Every message, number and version on a scenario page comes out of a `runner.run()` made while the
page was built; nothing is typed in by hand. The helpers that show a failure assert its verdict
first, so a declared failure that stops happening (or a fix that stops matching) raises inside the
notebook, and nbclient turns that into a failed build.

Each helper returns IPython's Markdown, which nbconvert exports as it is, so the tabs and
admonitions written here are rendered by mkdocs-material like any hand-written page.
"""

from __future__ import annotations

import ast
import difflib
import json
import math
import os
import re
import shutil
from pathlib import Path

from scenarios.machinery import generation, registry, runner, scratch
from scenarios.machinery.artifacts import FORMATS, PROBE, model_path
from scenarios.machinery.declare import (
    AccuracyBelowBaseline,
    DriftsFromOracle,
    MatchesOracle,
    NotApplicable,
    Raises,
    RunsCodeFromTheFile,
)
from scenarios.machinery.docsite.paths import ROOT
from scenarios.machinery.quiet import key_message
from scenarios.machinery.runner import Run
from scenarios.machinery.verdict import Verdict

# Error text is plain text in a wrapping block (see docs/stylesheets/extra.css).
ERROR_FENCE = "``` { .text .keras-error }"
# Serving code shown on a page: the very function a fresh process ran, above what it did.
SERVING_CLASS = "serving-code"
# How fast a reader gets through a page: prose, and code or error output (read line by line).
WORDS_PER_MINUTE = 200
CODE_LINES_PER_MINUTE = 20
# An exercise's time, estimated from its files (see exercise_minutes()).
MINUTES_PER_SOLUTION_LINE, MINUTES_TO_CHECK = 1, 5
# Filled in by notebooks.render() once the whole page exists: a header cannot count what follows it.
READING_MINUTES, READING_WORDS = "@@reading-minutes@@", "@@reading-words@@"
READING_CODE_LINES = "@@reading-code-lines@@"
LIBRARIES = (("tensorflow", "TensorFlow"), ("keras", "Keras"), ("numpy", "NumPy"), ("scikit-learn", "scikit-learn"))


def Markdown(text: str):  # noqa: N802  a display object, named like the one it returns
    from IPython.display import Markdown as _Markdown

    return _Markdown(text)


def out_dir() -> Path:
    """Where this page's figures and run records go (set by the build; a scratch dir otherwise)."""
    if "DOCSITE_OUT" not in os.environ:
        os.environ["DOCSITE_OUT"] = str(scratch.make("docsite-"))
    return Path(os.environ["DOCSITE_OUT"])


# --- running ---------------------------------------------------------------------------------------


# The same scenario's runs on tf.keras 2, by scenario name and format: shown beside the Keras 3 ones.
KERAS2: dict[str, dict[str, Run]] = {}


def run_scenario(name: str) -> dict[str, Run]:
    """Run every case of scenario `name` in every save format, on Keras 3 (returned) and on tf.keras 2
    (kept in KERAS2 for symptom() and checked here); record each run for the index pages."""
    by_generation: dict[str, dict[str, Run]] = {}
    for keras in generation.GENERATIONS:
        runs = by_generation.setdefault(keras, {})
        for fmt in FORMATS:
            workdir = out_dir() / "work" / f"{name}-{fmt}-keras{keras}"
            shutil.rmtree(workdir, ignore_errors=True)
            # A run recorded for this very code and these library versions is reused, not repeated.
            runs[fmt] = runner.run(name, fmt, workdir, reuse=True, keras=keras)
            record = out_dir() / "runs" / f"{name}-{fmt}-keras{keras}.json"
            record.parent.mkdir(parents=True, exist_ok=True)
            record.write_text(json.dumps(runs[fmt].to_json(), indent=1))
    KERAS2[name] = by_generation["2"]
    check(KERAS2[name])
    return by_generation["3"]


def check(runs: dict[str, Run], *case_names: str) -> None:
    """Assert that the named cases (all when none are named) behaved as declared, in every format."""
    for fmt, run in runs.items():
        for verdict in run.verdicts:
            if case_names and verdict.case.name not in case_names:
                continue
            if verdict.passed:
                continue
            if verdict.case.broken:
                raise AssertionError(
                    f"{run.scenario.name}/{verdict.case.name} no longer reproduces on {run.keras_name} "
                    f"(.{fmt}): declared {verdict.expect.describe(fmt)}; got: {verdict.summary}"
                )
            raise AssertionError(f"{run.scenario.name}/{verdict.case.name} (.{fmt}, {run.keras_name}) is no fix: "
                                 f"{verdict.summary}")


def verdicts(runs: dict[str, Run], case_name: str) -> dict[str, Verdict]:
    return {fmt: run.verdict(case_name) for fmt, run in runs.items()}


# --- rendering -------------------------------------------------------------------------------------


def header(runs: dict[str, Run]) -> object:
    """The page title and one-line summary, from the scenario's declaration; what the reader will
    be able to do afterwards and how long it takes; then the stamp."""
    scenario = next(iter(runs.values())).scenario
    return Markdown(f"# {scenario.title}\n\n{scenario.summary}\n\n{objectives(scenario)}\n" + stamp(runs).data)


def objectives(scenario) -> str:
    """What a reader can do after the page, from the declaration: recognise each broken case by how
    it shows on Keras 3, fix it each declared way, practise in its exercises; and the time it takes
    (the reading time is counted on the finished page by notebooks.render())."""
    ways: dict[str, list[str]] = {}
    for case in scenario.broken_cases:
        ways.setdefault(_how_it_shows(case), []).append(f"*{case.title}*")
    broken, fixes = len(scenario.broken_cases), len(scenario.fixes)
    lines = [
        '!!! abstract "After this page you will be able to"',
        "",
        f"    - **recognise** {_count(broken, 'way')} this goes wrong, by what Keras does:",
        *(f"        - {how}: {'; '.join(titles)}" for how, titles in ways.items()),
        "    - **explain** why each one happens;",
        f"    - **fix** it ({_count(fixes, 'way')}), and prove each fix by matching the original model's predictions: "
        + "; ".join(f"*{case.title}*" for case in scenario.fixes) + ";",
    ]
    exercises = _exercises_of(scenario.name)
    if exercises:
        lines.append("    - **practise** the fix yourself: " + "; ".join(
            f"exercise {exercise.number}, `{exercise.function}()`" for exercise in exercises) + ".")
    lines[-1] = lines[-1].rstrip(";") + ("" if lines[-1].endswith(".") else ".")
    practice = sum(exercise_minutes(exercise) for exercise in exercises)
    lines += [
        "",
        f'    **Time:** about <span class="reading-time" data-minutes="{READING_MINUTES}">{READING_MINUTES} minutes'
        f"</span> to read ({READING_WORDS} words, and {READING_CODE_LINES} lines of code and output)"
        + (f", and about {practice} minutes for the {_count(len(exercises), 'exercise')}" if exercises else "")
        + ".",
        "",
    ]
    return "\n".join(lines)


def _count(n: int, noun: str) -> str:
    words = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}
    return f"{words.get(n, n)} {noun}{'' if n == 1 else 's'}"


def _how_it_shows(case) -> str:
    """How a broken case shows itself on Keras 3, in each format where it fails."""
    shows = dict.fromkeys(filter(None, (_shows(case.expect_on("3", fmt), fmt) for fmt in FORMATS)))
    return " or ".join(shows) or "no failure on Keras 3, only on tf.keras 2"


def _shows(expect, fmt: str) -> str | None:
    if isinstance(expect, Raises):
        return f"a `{expect.exception_for(fmt)}` from `{expect.during}()`"
    if isinstance(expect, AccuracyBelowBaseline):
        return "no error, only an accuracy worse than always answering the most common class"
    if isinstance(expect, DriftsFromOracle):
        return "no error, only predictions that drift from the original model's"
    if isinstance(expect, RunsCodeFromTheFile):
        return "no error, while code stored in the model file runs"
    return None  # matches, or does not apply: no failure to recognise in this format


def _exercises_of(name: str) -> list:
    from scenarios.machinery.exercises import catalog

    return [exercise for exercise in catalog.EXERCISES if exercise.scenario == name]


def exercise_minutes(exercise) -> int:
    """An estimate, not a measurement: reading the stub's instructions, a minute for each line of code
    the reference solution writes or changes, and a few for running the check and reading it."""
    instructions = ast.get_docstring(ast.parse(exercise.stub())) or ""
    changed = [line for line in difflib.ndiff(_code_lines(exercise.stub()), _code_lines(exercise.solution()))
               if line.startswith("+ ")]
    minutes = len(instructions.split()) / WORDS_PER_MINUTE + MINUTES_PER_SOLUTION_LINE * len(changed)
    return math.ceil(minutes + MINUTES_TO_CHECK)


def _code_lines(source: str) -> list[str]:
    """The statements of a file, without its docstrings, comments and blank lines."""
    tree = ast.parse(source)
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            value = getattr(first, "value", None)
            if isinstance(first, ast.Expr) and isinstance(value, ast.Constant) and isinstance(value.value, str):
                skipped.update(range(first.lineno, first.end_lineno + 1))
    return [line.strip() for number, line in enumerate(source.splitlines(), 1)
            if number not in skipped and line.strip() and not line.strip().startswith("#")]


def reading_time(markdown: str) -> dict[str, int]:
    """Words of prose and lines of code or output on a page (code embedded from files counted by
    their lines), and the minutes a reader needs for them."""
    words = code = 0
    fence = None
    for line in markdown.splitlines():
        stripped = line.strip()
        embedded = re.match(r'--8<-- "([^"]+)"', stripped)
        if embedded:
            code += len((ROOT / embedded.group(1)).read_text().splitlines())
        elif stripped.startswith("```"):
            fence = None if fence else stripped
        elif fence:
            code += 1
        elif not stripped.startswith(("<", "|---")):  # raw HTML, table rules
            words += len(re.findall(r"[A-Za-z0-9][\w'’.,-]*", re.sub(r"\(([^)]*\.md|#)[^)]*\)|\{[^}]*\}", "", line)))
    minutes = max(1, math.ceil(words / WORDS_PER_MINUTE + code / CODE_LINES_PER_MINUTE))
    return {"minutes": minutes, "words": words, "code_lines": code}


def fill_reading_time(markdown: str) -> str:
    counted = reading_time(markdown)
    return (markdown.replace(READING_MINUTES, str(counted["minutes"]))
            .replace(READING_WORDS, f"{counted['words']:,}").replace(READING_CODE_LINES, f"{counted['code_lines']:,}"))


def stamp(runs: dict[str, Run]) -> object:
    """The versions that produced this page's outputs, and the model they came from."""
    run = next(iter(runs.values()))
    versions = " · ".join(f"{label} **{run.versions[key]}**" for key, label in LIBRARIES)
    formats = " and ".join(f"`.{fmt}`" for fmt in runs)
    trained = run.trained
    second = next(iter(KERAS2.get(run.scenario.name, {}).values()), None)
    also = f" The same cases ran on **{second.keras_name}** too (`TF_USE_LEGACY_KERAS=1`)." if second else ""
    return Markdown(
        f'!!! info "Outputs on this page come from a real run"\n\n'
        f"    {versions} · Python {run.versions['python']}. Saved as {formats}, loaded in fresh processes.{also}\n"
        f"    Model: {trained['model']}, trained on {trained['data']} ({trained['train_rows']} rows). "
        f"[Environment](environment.md)\n"
    )


# --- what happened, in sentences -------------------------------------------------------------------


def said(expect, raised: dict | None, measured: dict, broken: bool) -> str:
    """One outcome as a sentence for a reader, from what was measured (verdict summaries are the
    test harness's words: "✓ raised ValueError from predict(), as declared")."""
    if isinstance(expect, NotApplicable):
        return f"this case does not apply: {expect.why}"
    if raised:
        call = f"`{expect.during}()`" if isinstance(expect, Raises) else f"`{raised['line']}`"
        return f"{call} raised `{raised['type']}`"
    m = measured
    if not m.get("same_shape"):
        return (f"no error, but the predictions came back in shape `{tuple(m['shape'])}`, not the original "
                f"model's `{tuple(m['oracle_shape'])}`")
    on = _on_rows(m)
    if isinstance(expect, AccuracyBelowBaseline):
        return (f"no error, yet the accuracy {on} was {m['quality']:.3f}: below the {m['baseline']:.3f} that always "
                f"answering the most common class scores (the original model: {m['oracle_quality']:.3f})")
    if isinstance(expect, DriftsFromOracle):
        return (f"no error, yet predictions moved up to {m['max_abs_diff']:.3f} away from the original model's "
                f"({m['quality_name']} {on}: {m['quality']:.3f}, the original model's {m['oracle_quality']:.3f})")
    if isinstance(expect, RunsCodeFromTheFile):
        text = f"no error, yet loading the file ran code stored in it, which wrote `{expect.evidence}`"
        return text + (", and the predictions look perfect" if m["max_abs_diff"] < 1e-5 else "")
    if m.get("allclose") is False:
        return f"the predictions differ from the original model's by up to {m['max_abs_diff']:.3g}"
    within = "exactly" if m["max_abs_diff"] == 0 else f"to within {m['max_abs_diff']:.1e}"
    return (("no error, and " if broken else "") + f"the predictions matched the original model's {within} "
            f"({m['quality_name']} {on}: {m['quality']:.3f}, the original model's {m['oracle_quality']:.3f})")


def verdict_said(verdict: Verdict) -> str:
    return said(verdict.expect, verdict.raised, verdict.measured, verdict.case.broken)


def _on_rows(measured: dict) -> str:
    """The set a number was measured on: the held-back rows this call was sent."""
    rows = (measured.get("oracle_shape") or measured.get("shape") or [0])[0]
    return "on the one held-back row" if rows == 1 else f"on the {rows} held-back rows"


def _by_sentence(sentences: dict[str, str]) -> list[tuple[str, list[str]]]:
    """Formats that had the same outcome, said once."""
    groups: dict[str, list[str]] = {}
    for fmt, sentence in sentences.items():
        groups.setdefault(sentence, []).append(fmt)
    return [(sentence, fmts) for sentence, fmts in groups.items()]


# --- the serving code that ran ----------------------------------------------------------------------


def _definitions(path: str) -> dict[str, ast.AST]:
    tree = ast.parse((ROOT / path).read_text())
    return {node.name: node for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}


def _span(node) -> tuple[int, int]:
    return min([node.lineno, *(d.lineno for d in node.decorator_list)]), node.end_lineno


def _code_block(path: str, first: int, last: int, marked=()) -> list[str]:
    """Lines first..last of a repository file, numbered as in the file, the `marked` ones highlighted."""
    source = (ROOT / path).read_text().splitlines()[first - 1:last]
    options = f'title="{path}" linenums="{first}"'
    highlighted = [str(n - first + 1) for n in marked if first <= n <= last]
    if highlighted:
        options += f' hl_lines="{" ".join(highlighted)}"'
    return [f"``` {{ .python .{SERVING_CLASS} {options} }}", *source, "```"]


def serving_code(case, marked=(), helpers: bool = False) -> list[str]:
    """The function a case ran, from its file, numbered as there; with `helpers`, preceded by the
    functions of the same file that it calls."""
    module, function = case.serve.split(":")
    path = _source(module)
    definitions = _definitions(path)
    node = definitions[function]
    shown = [node]
    if helpers:
        called = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} | {
            n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)}
        shown = [definitions[name] for name in definitions if name in called and name != function] + shown
    lines = []
    for shown_node in sorted(shown, key=lambda n: n.lineno):
        lines += [*_code_block(path, *_span(shown_node), marked=marked), ""]
    return lines


def _call(runs: dict[str, Run], case) -> str:
    """How the fresh process called the serving function: the model file and the request it got."""
    module, function = case.serve.split(":")
    node = _definitions(_source(module))[function]
    names = [argument.arg for argument in node.args.args] + ["model_path", "request"]
    files = " or ".join(f"`{model_path(run.workdir, case.model, fmt).name}`" for fmt, run in runs.items())
    request = _request(runs, case)
    text = (f"A fresh process that never ran the training script called `{function}({names[0]}, {names[1]})`, "
            f"with `{names[0]}` the saved {files}")
    if request:
        text += f" and `{names[1]}` {request}"
    if case.batch_size:
        text += f", {case.batch_size} rows per call"
    return text + ":"


def _request(runs: dict[str, Run], case) -> str | None:
    import numpy as np

    run = next(iter(runs.values()))
    try:
        with np.load(run.workdir / PROBE) as probe:
            request = probe[case.request]
            return f"a `{request.dtype}` array of shape `{request.shape}`"
    except (OSError, KeyError, ValueError):  # no probe kept, or a request numpy cannot describe safely
        return None


# --- the page's parts --------------------------------------------------------------------------------


def symptom(runs: dict[str, Run], case_name: str, level: int = 3) -> object:
    """A broken case as its user meets it: the serving code that ran, then the error Keras printed,
    or the wrong numbers."""
    check(runs, case_name)
    by_format = verdicts(runs, case_name)
    case = next(iter(by_format.values())).case
    path = _source(case.serve.split(":")[0])
    raised_lines = {v.raised["lineno"] for v in by_format.values()
                    if v.raised and v.raised.get("file") == Path(path).name}
    lines = [f"{'#' * level} {case.title} {{ #{case.name} }}", "", _call(runs, case), "",
             *serving_code(case, marked=raised_lines)]
    if any(v.raised for v in by_format.values()):
        lines += _error_blocks({fmt: v for fmt, v in by_format.items() if v.raised})
        # A format in which the same code raised nothing: say what happened there instead.
        lines += [f"With `.{fmt}`, the same code raised nothing: {verdict_said(v)}." for fmt, v in by_format.items()
                  if not v.raised]
    elif isinstance(case.expect_on("3"), RunsCodeFromTheFile):
        lines += _code_ran_table(runs, by_format)
    else:
        lines += _silent_table(by_format)
    lines += ["", f"**Why.** {case.why}", ""]
    lines += _on_keras2(next(iter(runs.values())).scenario.name, case)
    return Markdown("\n".join(lines))


def _on_keras2(name: str, case) -> list[str]:
    """The same broken case on tf.keras 2, from its own run: the message a Keras 2 user pastes, or
    what happens instead."""
    runs = KERAS2.get(name)
    if not runs:
        return []
    keras_name = next(iter(runs.values())).keras_name
    by_format = {fmt: run.verdict(case.name) for fmt, run in runs.items()}
    groups: dict[str, list[str]] = {}
    for fmt, verdict in by_format.items():
        if verdict.raised:
            text = f"{verdict.raised['type']}: {key_message(verdict.raised['message'], limit=2000)}"
        else:
            text = verdict_said(verdict)
        groups.setdefault(text, []).append(fmt)
    lines = []
    for text, fmts in groups.items():
        raised = by_format[fmts[0]].raised
        if raised:
            lines += [f"On **{keras_name}** the same mistake reads, with {_formats(fmts)}:", "",
                      ERROR_FENCE, text, "```", ""]
        else:
            lines += [f"On **{keras_name}**, with {_formats(fmts)}: {text}.", ""]
    if case.keras2_why:
        lines += [f"*On tf.keras 2:* {case.keras2_why}", ""]
    return lines


def _formats(fmts: list[str]) -> str:
    return " and ".join(f"`.{fmt}`" for fmt in fmts)


def _error_blocks(by_format: dict[str, Verdict]) -> list[str]:
    # Formats that failed with the same cause are shown once.
    groups: dict[str, list[str]] = {}
    for fmt, verdict in by_format.items():
        raised = verdict.raised
        groups.setdefault(f"{raised['type']}: {key_message(raised['message'], limit=2000)}", []).append(fmt)
    lines = []
    for headline, fmts in groups.items():
        raised = by_format[fmts[0]].raised
        whole = f"{raised['type']}: {raised['message']}"
        lines += [
            f"With {_formats(fmts)}, line {raised['lineno']} of `{raised['file']}`, `{raised['line']}`, raised:",
            "",
            ERROR_FENCE,
            headline,
            "```",
            "",
        ]
        if whole.strip() != headline:  # Keras wrapped the cause: offer the message as printed
            lines += [
                '??? quote "The whole message, as Keras printed it"',
                "",
                "    " + ERROR_FENCE,
                *("    " + line for line in whole.splitlines()),
                "    ```",
                "",
            ]
    return lines


def _failure_measured(expect) -> str:
    """What makes a silent outcome a failure, as the page measures it."""
    if isinstance(expect, AccuracyBelowBaseline):
        return "the model answers worse than a rule that always gives the most common class"
    if isinstance(expect, DriftsFromOracle):
        return f"some prediction lands at least {expect.by} away from the original model's"
    if isinstance(expect, RunsCodeFromTheFile):
        return f"`{expect.evidence}` appears in the serving directory, written by code stored in the model file"
    return "nothing but the numbers"


def _silent_table(by_format: dict[str, Verdict]) -> list[str]:
    first = next(iter(by_format.values()))
    name = first.measured["quality_name"]
    lines = [
        f"Nothing was raised. The numbers, {_on_rows(first.measured)} it was sent:",
        "",
        f"| format | {name} served | {name} of the original model | always answering the most common class | "
        "largest difference from the original's prediction |",
        "|---|---|---|---|---|",
    ]
    for fmt, verdict in by_format.items():
        m = verdict.measured
        lines.append(
            f"| `.{fmt}` | **{m['quality']:.3f}** | {m['oracle_quality']:.3f} | {m['baseline']:.3f} | "
            f"{m['max_abs_diff']:.3f} |"
        )
    lines += ["", f"No log line says so; only measuring shows it: {_failure_measured(first.expect)}."]
    return lines


def _code_ran_table(runs: dict[str, Run], by_format: dict[str, Verdict]) -> list[str]:
    """The unsafe route: what the load left in the serving directory, and how ordinary the
    predictions looked while it did."""
    first = next(iter(by_format.values()))
    evidence = first.expect.evidence
    name = first.measured["quality_name"]
    lines = [
        "Nothing was raised. What the serving process found in its own directory afterwards, and what "
        f"it predicted {_on_rows(first.measured)} it was sent:",
        "",
        f"| format | files the serving call wrote | {name} served | {name} of the original model | "
        "largest difference from the original's prediction |",
        "|---|---|---|---|---|",
    ]
    for fmt, verdict in by_format.items():
        m = verdict.measured
        written = []
        for filename in m["new_files"]:
            shown = f"**`{filename}`**" if filename == evidence else f"`{filename}`"
            path = runs[fmt].workdir / filename
            if path.is_file() and path.stat().st_size <= 80:  # a short note: show what it says
                shown += f" (it contains `{path.read_text().strip()}`)"
            written.append(shown)
        served, diff = (f"**{m['quality']:.3f}**", f"{m['max_abs_diff']:.1e}") if m["same_shape"] else (
            f"shape {m['shape']}", "—")
        lines.append(f"| `.{fmt}` | {', '.join(written) or 'none'} | {served} | {m['oracle_quality']:.3f} | {diff} |")
    lines += ["", f"No log line says so; only looking shows it: {_failure_measured(first.expect)}."]
    return lines


def tolerance(expect: MatchesOracle) -> str:
    return f"rtol {expect.rtol:g}, atol {expect.atol:g}"


def proof(runs: dict[str, Run]) -> object:
    """Each fix against the original model: its own np.allclose tolerance, the largest difference,
    and the quality on the rows it was sent (formats with the same numbers share a row)."""
    scenario = next(iter(runs.values())).scenario
    check(runs, *(case.name for case in scenario.fixes))
    quality = " or ".join(sorted({v.measured["quality_name"] for run in runs.values() for v in run.verdicts
                                  if v.measured.get("quality_name")})) or "quality"
    lines = [
        "| fix | format | largest difference from the original | allowed (`np.allclose`) | "
        f"{quality}: served (original), rows |",
        "|---|---|---|---|---|",
    ]
    skipped = []
    for case in scenario.fixes:
        cells: dict[str, str] = {}
        for fmt, run in runs.items():
            verdict = run.verdict(case.name)
            if not verdict.applicable:
                skipped.append(f"*{case.title}* does not apply to `.{fmt}`: {verdict.expect.why}")
                continue
            m = verdict.measured
            rows = (m.get("oracle_shape") or [0])[0]
            cells[fmt] = (f"{m['max_abs_diff']:.1e} | {tolerance(verdict.expect)} | {m['quality']:.3f} "
                          f"({m['oracle_quality']:.3f}), {rows} held-back row{'' if rows == 1 else 's'}")
        for row, fmts in _by_sentence(cells):
            lines.append(f"| [{case.title}](#{case.name}) | {_formats(fmts)} | {row} |")
    return Markdown(
        "\n".join(lines) + "\n\n" + "".join(f"{line}\n\n" for line in skipped)
        + "A fix passes when `np.allclose(served, original, rtol, atol)` holds, with the tolerance of its own row. "
        "Each row's numbers are measured on the rows that fix was sent, held back from training; the "
        "[environment](environment.md) page gives each model's accuracy on its whole test split.\n"
    )


def fixes(runs: dict[str, Run], level: int = 3) -> object:
    """One short section per fix: what it does, why it works, and its code (each function once)."""
    scenario = next(iter(runs.values())).scenario
    lines = []
    shown: set[str] = set()
    for case in scenario.fixes:
        module, function = case.serve.split(":")
        lines += [f"{'#' * level} {case.title} {{ #{case.name} }}", "", case.why, ""]
        against = f", against the model saved as `{case.model}`" if case.model != "model" else ""
        if case.serve in shown:
            lines += [f"The same `{function}` as above{against}.", ""]
        else:
            lines += [f"`{function}` in `{_source(module)}`{against}:", "", *serving_code(case, helpers=True)]
            shown.add(case.serve)
    return Markdown("\n".join(lines))


def code_tabs(runs: dict[str, Run]) -> object:
    """Broken and fixed serving code side by side: the very files that ran, embedded by snippets,
    each with the outcome of the cases that ran it."""
    scenario = next(iter(runs.values())).scenario
    modules: dict[str, list] = {}
    for case in scenario.cases:
        modules.setdefault(case.serve.split(":")[0], []).append(case)
    lines = []
    for module, cases in modules.items():
        path = _source(module)
        lines += [f'=== "{_tab_label(module, cases)}"', ""]
        for extra in [path, *_sibling_imports(path, scenario.name)]:
            lines += [
                f'    ```python title="{extra}"',
                f'    --8<-- "{extra}"',
                "    ```",
                "",
            ]
        for case in cases:
            lines.append(f"    - `{case.serve.split(':')[1]}`, *{case.title}*: {_outcome(runs, case.name)}.")
        lines.append("")
    return Markdown("\n".join(lines))


def _source(module: str) -> str:
    return module.replace(".", "/") + ".py"


def _tab_label(module: str, cases: list) -> str:
    stem = module.rsplit(".", 1)[1]
    if stem == "serve_broken":
        return "Broken"
    if stem == "serve_fixed":
        return "Fixed"
    return ("Broken" if cases[0].broken else "Fixed") + f": {stem}.py"


def _sibling_imports(path: str, scenario_name: str) -> list[str]:
    """Modules of the same scenario that a serving file imports (a registered loss, say)."""
    text = (ROOT / path).read_text()
    found = re.findall(rf"^\s*(?:import|from)\s+(scenarios\.{scenario_name}\.\w+)", text, re.MULTILINE)
    return [_source(module) for module in dict.fromkeys(found)]


def _outcome(runs: dict[str, Run], case_name: str) -> str:
    sentences = {fmt: verdict_said(verdict) for fmt, verdict in verdicts(runs, case_name).items()}
    return "; ".join(f"with {_formats(fmts)}, {sentence}" for sentence, fmts in _by_sentence(sentences))


def exercise_link(name: str) -> object:
    """The way to the exercises, for a scenario that has one; nothing at all for one that has none
    yet (an exercise is a separate piece of work, and a page must not promise one)."""
    from scenarios.machinery.exercises import catalog

    scenario = registry.get(name)
    if not any(exercise.scenario == name for exercise in catalog.EXERCISES):
        return Markdown("")
    return Markdown(
        f'!!! tip "Fix it yourself"\n\n'
        f"    The [exercises](../exercises.md) start from this page's broken serving code: "
        f"`python -m scenarios.exercises start`. The checks load your code in a fresh process and compare "
        f"its predictions with the original model's, as this page did for *{scenario.title.split(':')[0]}*.\n"
    )


def figure(fig, filename: str, alt: str) -> object:
    """Save a matplotlib figure as SVG beside the page and show it."""
    import matplotlib.pyplot as plt

    target = out_dir() / "figures" / filename
    target.parent.mkdir(parents=True, exist_ok=True)
    # No date and a fixed hash salt: the same figure gives the same file.
    fig.savefig(target, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    return Markdown(f"![{alt}](figures/{filename})\n")
