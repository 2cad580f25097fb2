"""What the page notebooks call: run a scenario for real, check it, and render what happened.

Every message, number and version on a scenario page comes out of a `runner.run()` made while the
page was built; nothing is typed in by hand. The helpers that show a failure assert its verdict
first, so a declared failure that stops happening (or a fix that stops matching) raises inside the
notebook, and nbclient turns that into a failed build.

Each helper returns IPython's Markdown, which nbconvert exports as it is, so the tabs and
admonitions written here are rendered by mkdocs-material like any hand-written page.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from scenarios.machinery import generation, registry, runner
from scenarios.machinery.artifacts import FORMATS
from scenarios.machinery.declare import RunsCodeFromTheFile
from scenarios.machinery.docsite.paths import ROOT
from scenarios.machinery.quiet import key_message
from scenarios.machinery.runner import Run
from scenarios.machinery.verdict import Verdict

# Error text is plain text in a wrapping block (see docs/stylesheets/extra.css).
ERROR_FENCE = "``` { .text .keras-error }"
LIBRARIES = (("tensorflow", "TensorFlow"), ("keras", "Keras"), ("numpy", "NumPy"), ("scikit-learn", "scikit-learn"))


def Markdown(text: str):  # noqa: N802  a display object, named like the one it returns
    from IPython.display import Markdown as _Markdown

    return _Markdown(text)


def out_dir() -> Path:
    """Where this page's figures and run records go (set by the build; a scratch dir otherwise)."""
    if "DOCSITE_OUT" not in os.environ:
        os.environ["DOCSITE_OUT"] = tempfile.mkdtemp(prefix="docsite-")
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
    """The page title and one-line summary, from the scenario's declaration, then the stamp."""
    scenario = next(iter(runs.values())).scenario
    return Markdown(f"# {scenario.title}\n\n{scenario.summary}\n\n" + stamp(runs).data)


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


def symptom(runs: dict[str, Run], case_name: str, level: int = 3) -> object:
    """A broken case as its user meets it: the error Keras printed, or the wrong numbers."""
    check(runs, case_name)
    by_format = verdicts(runs, case_name)
    case = next(iter(by_format.values())).case
    lines = [f"{'#' * level} {case.title} {{ #{case.name} }}", ""]
    if any(v.raised for v in by_format.values()):
        lines += _error_blocks({fmt: v for fmt, v in by_format.items() if v.raised})
        # A format in which the same code raised nothing: say what happened there instead.
        lines += [f"With `.{fmt}`, nothing was raised: {v.summary}." for fmt, v in by_format.items() if not v.raised]
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
        if not verdict.applicable:
            said = f"does not apply: {verdict.expect.why}"
        elif verdict.raised:
            said = f"{verdict.raised['type']}: {key_message(verdict.raised['message'], limit=2000)}"
        else:
            said = verdict.summary if verdict.summary.startswith("no error") else "no error: " + verdict.summary
        groups.setdefault(said, []).append(fmt)
    lines = []
    for said, fmts in groups.items():
        raised = by_format[fmts[0]].raised
        if raised:
            lines += [f"On **{keras_name}** the same mistake reads, with {_formats(fmts)}:", "",
                      ERROR_FENCE, said, "```", ""]
        else:
            lines += [f"On **{keras_name}**, with {_formats(fmts)}: {said}", ""]
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
            f"With {_formats(fmts)}, `{raised['file']}` line {raised['lineno']}, `{raised['line']}`, raised:",
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


def _silent_table(by_format: dict[str, Verdict]) -> list[str]:
    first = next(iter(by_format.values())).measured
    name = first["quality_name"]
    lines = [
        "Nothing was raised. The numbers, on the held-back rows:",
        "",
        f"| format | {name} served | {name} of the original model | always the majority class | "
        "largest difference from the original's prediction |",
        "|---|---|---|---|---|",
    ]
    for fmt, verdict in by_format.items():
        m = verdict.measured
        lines.append(
            f"| `.{fmt}` | **{m['quality']:.3f}** | {m['oracle_quality']:.3f} | {m['baseline']:.3f} | {m['max_abs_diff']:.3f} |"
        )
    lines += ["", f"The check: {next(iter(by_format.values())).expect.describe()}."]
    return lines


def _code_ran_table(runs: dict[str, Run], by_format: dict[str, Verdict]) -> list[str]:
    """The unsafe route: what the load left in the serving directory, and how ordinary the
    predictions looked while it did."""
    first = next(iter(by_format.values()))
    evidence = first.expect.evidence
    name = first.measured["quality_name"]
    lines = [
        "Nothing was raised. What the serving process found in its own directory afterwards, and what "
        "it predicted on the held-back rows:",
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
    lines += ["", f"The check: {first.expect.describe()}."]
    return lines


def proof(runs: dict[str, Run]) -> object:
    """Each fix against the original model: np.allclose, the largest difference, the quality."""
    scenario = next(iter(runs.values())).scenario
    check(runs, *(case.name for case in scenario.fixes))
    lines = [
        "| fix | format | `np.allclose` to the original | largest difference | quality (original) |",
        "|---|---|---|---|---|",
    ]
    for case in scenario.fixes:
        for fmt, run in runs.items():
            m = run.verdict(case.name).measured
            lines.append(
                f"| [{case.title}](#{case.name}) | `.{fmt}` | {'yes' if m['allclose'] else 'no'} | "
                f"{m['max_abs_diff']:.1e} | {m['quality_name']} {m['quality']:.3f} ({m['oracle_quality']:.3f}) |"
            )
    rule = scenario.fixes[0].expect_on("3").describe() if scenario.fixes else ""
    return Markdown("\n".join(lines) + f"\n\nThe rule every fix must meet: {rule}.\n")


def fixes(runs: dict[str, Run], level: int = 3) -> object:
    """One short section per fix: what it does, why it works, where its code is."""
    scenario = next(iter(runs.values())).scenario
    lines = []
    for case in scenario.fixes:
        module, function = case.serve.split(":")
        lines += [
            f"{'#' * level} {case.title} {{ #{case.name} }}",
            "",
            f"{case.why} Runs `{function}` in `{_source(module)}`"
            + (f", against the model saved as `{case.model}`." if case.model != "model" else "."),
            "",
        ]
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
            lines.append(f"    - `{case.serve.split(':')[1]}`, *{case.title}*: {_outcome(runs, case.name)}")
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
    parts = []
    for fmt, verdict in verdicts(runs, case_name).items():
        mark = "✓" if verdict.passed else "✗"
        parts.append(f"`.{fmt}` {mark} {verdict.summary}")
    return "; ".join(parts)


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
