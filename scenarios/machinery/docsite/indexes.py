"""The pages made from every scenario page's recorded runs: troubleshooting and environment.

Each scenario notebook records its runs (Run.to_json()) beside its exported page. These pages read
those records, so every message here is one Keras printed during the build, and every version is
one that produced the outputs shown.
"""

from __future__ import annotations

from scenarios.machinery import registry
from scenarios.machinery.docsite import paste
from scenarios.machinery.docsite.paths import ROOT
from scenarios.machinery.quiet import key_message

LIBRARIES = (("tensorflow", "TensorFlow"), ("numpy", "NumPy"), ("scikit-learn", "scikit-learn"), ("h5py", "h5py"),
             ("python", "Python"))


def _formats(fmts: list[str]) -> str:
    return " and ".join(f"`.{fmt}`" for fmt in fmts)


def _heading(text: str, limit: int = 75) -> str:
    # Braces would be read as an attribute list; very long headings crowd the search results.
    text = text.replace("{", "(").replace("}", ")").replace("`", "'")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def troubleshooting(runs: list[dict]) -> str:
    """Every error message and silent symptom the broken cases produced, each linking to its page."""
    errors: dict[tuple, dict] = {}
    silent: dict[tuple, dict] = {}
    for run in runs:
        for case in run["cases"]:
            if not case.get("applicable", True):
                continue
            # Every failure a run showed as declared: a broken case's, and a fix that fails on the
            # other generation (a Keras 3 file on tf.keras 2, say).
            if case["kind"] != "broken" and not (case["raised"] and case["passed"]):
                continue
            keras = _keras_name(run)
            if case["raised"]:
                raised = case["raised"]
                message = f"{raised['type']}: {key_message(raised['message'], limit=2000)}"
                entry = errors.setdefault((run["scenario"], case["case"], message), {"run": run, "case": case, "fmts": []})
            else:
                entry = silent.setdefault((run["scenario"], case["case"]), {"run": run, "case": case, "fmts": [], "summaries": []})
                entry["summaries"].append(f"`.{run['format']}` on {keras}: {case['summary']}")
            entry["fmts"].append(f"`.{run['format']}` on {keras}")

    lines = [
        "# Troubleshooting",
        "",
        "Paste the error you got into the search box (press ++s++ or ++slash++), or find it below. Each "
        "message here is the one Keras printed while this site was built, from serving code run in a "
        "fresh process, on Keras 3 and on tf.keras 2 (`TF_USE_LEGACY_KERAS=1`, the wording most threads "
        "quote); the [environment](environment.md) page lists the versions. Both often wrap the cause in a "
        "longer message: what is shown is the part that names the cause.",
        "",
        paste.box("../"),
        "## Error messages",
        "",
    ]
    for number, ((scenario, case_name, message), entry) in enumerate(errors.items(), 1):
        raised, run = entry["case"]["raised"], entry["run"]
        lines += [
            f"### {_heading(message)} {{ #error-{number} }}",
            "",
            "``` { .text .keras-error }",
            message,
            "```",
            "",
            *_wrapped_in(raised, message),
            f"Seen with {' and '.join(dict.fromkeys(entry['fmts']))}, raised by `{raised['line']}` in a serving script that "
            f"did this: *{entry['case']['title']}*.",
            "",
            f"**[{run['title'].split(':')[0]}: what it means and how to fix it]({scenario}.md#{case_name})**",
            "",
        ]
    lines += [
        "## Silent symptoms",
        "",
        "No exception at all, only wrong answers. These are found by measuring, never by reading a log.",
        "",
    ]
    for (scenario, case_name), entry in silent.items():
        case, run = entry["case"], entry["run"]
        lines += [
            f"### {_heading(_silent_heading(case['declared']))}: "
            f"{_heading(case['title'], 60)} {{ #{scenario}-{case_name} }}",
            "",
            *(f"- {summary}" for summary in entry["summaries"]),
            "",
            f"**[{run['title'].split(':')[0]}: what it means and how to fix it]({scenario}.md#{case_name})**",
            "",
        ]
    return "\n".join(lines)


def _keras_name(run: dict) -> str:
    from scenarios.machinery.generation import name

    return name(run.get("keras", "3"), run["versions"])


def _wrapped_in(raised: dict, message: str) -> list[str]:
    """When Keras wrapped the cause, the line it starts with: the one a traceback ends on."""
    first = f"{raised['type']}: {raised['message'].splitlines()[0]}" if raised["message"] else ""
    if not first or message.startswith(first):
        return []
    return [f"Keras prints this inside a longer message that begins `{first.replace('`', '')}`", ""]


def _silent_heading(declared: str) -> str:
    if declared.startswith("predictions np.allclose"):  # a load that succeeds where it should not
        return "No error, and the predictions look right"
    return "No error, yet " + _lower_first(declared.replace("no error, and ", ""))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def environment(runs: list[dict]) -> str:
    """The versions that produced the outputs, per scenario page, beside the versions each scenario
    declares it was verified on."""
    lines = [
        "# Environment",
        "",
        "Every output on the scenario pages (error messages, accuracies, differences from the original "
        "model) was produced while this site was built, by the library versions below. They are read from "
        "the runs themselves, not typed in. Keras changes its messages between releases, so an error you "
        "see may be worded differently on other versions.",
        "",
        "| scenario | format | Keras | " + " | ".join(label for _, label in LIBRARIES) + " |",
        "|---|---|---|" + "---|" * len(LIBRARIES),
    ]
    for run in runs:
        versions = run["versions"]
        lines.append(
            f"| [{run['title'].split(':')[0]}]({run['scenario']}.md) | `.{run['format']}` | {_keras_name(run)} | "
            + " | ".join(versions.get(key, "?") for key, _ in LIBRARIES)
            + " |"
        )
    lines += [
        "",
        "## Verified on",
        "",
        "Each scenario declares the versions on which its failures were first observed. When a declared "
        "failure stops happening on the installed versions, the page does not build.",
        "",
        "| scenario | declared verified on |",
        "|---|---|",
    ]
    for scenario in registry.all_scenarios():
        declared = ", ".join(f"{name} {version}" for name, version in scenario.verified_on.items()) or "(none)"
        lines.append(f"| [{scenario.title.split(':')[0]}]({scenario.name}.md) | {declared} |")
    lines += [
        "",
        "## The models",
        "",
        "| scenario | Keras | model | data | training rows | test quality of the original model |",
        "|---|---|---|---|---|---|",
    ]
    seen = set()
    for run in runs:
        if (run["scenario"], run.get("keras")) in seen:
            continue
        seen.add((run["scenario"], run.get("keras")))
        trained = run["trained"]
        quality = _first_number(trained, ("test_accuracy", "test_loss"))
        lines.append(
            f"| [{run['title'].split(':')[0]}]({run['scenario']}.md) | {_keras_name(run)} | {trained.get('model', '?')} | "
            f"{trained.get('data', '?')} | {trained.get('train_rows', '?')} | {quality} |"
        )
    lines += [
        "",
        "## Rebuilding",
        "",
        "`make docs` executes each scenario page's notebook, caches the result under `.cache/docs/` keyed "
        "on the notebook's text, the scenario's code, the shared machinery and the installed TensorFlow, "
        "Keras, tf_keras, NumPy, scikit-learn and h5py versions, and then runs `mkdocs build --strict`. Upgrading a "
        "library re-runs every page; editing one scenario re-runs only its page. `make serve` serves the "
        "site locally with live reload.",
        "",
    ]
    return "\n".join(lines)


def _first_number(trained: dict, keys: tuple[str, ...]) -> str:
    for key in keys:
        if isinstance(trained.get(key), (int, float)):
            return f"{key.removeprefix('test_').replace('_', ' ')} {trained[key]:.3f}"
    return "?"


def scenario_list() -> str:
    """The home page's list of scenarios, from their declarations."""
    lines = []
    for scenario in registry.all_scenarios():
        name, rest = (scenario.title.split(":", 1) + [""])[:2]
        lines.append(f"- **[{name}](generated/{scenario.name}.md)**{' —' if rest else ''}{rest}. {scenario.summary} "
                     f"Run it: `python -m scenarios.{scenario.name}`")
    return "\n".join(lines) + "\n"




def exercise_list() -> str:
    """The exercises in order, each with its scenario's page and the stub a learner gets, embedded
    from the exercise's own folder."""
    from scenarios.machinery.exercises import catalog

    titles = {scenario.name: scenario.title.split(":")[0] for scenario in registry.all_scenarios()}
    lines = ["| # | Exercise | Scenario | What is wrong |", "|---|---|---|---|"]
    for exercise in catalog.EXERCISES:
        lines.append(f"| {exercise.number} | `{exercise.function}()` | "
                     f"[{titles[exercise.scenario]}](generated/{exercise.scenario}.md) | {exercise.title} |")
    lines.append("")
    for exercise in catalog.EXERCISES:
        stub = (exercise.folder / "stub.py").relative_to(ROOT)
        lines += [f'??? example "{exercise.filename}"', "    ```python", f'    --8<-- "{stub}"', "    ```", ""]
    return "\n".join(lines)
