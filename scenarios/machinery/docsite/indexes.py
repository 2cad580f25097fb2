"""The pages made from every scenario page's recorded runs: troubleshooting and environment.

Each scenario notebook records its runs (Run.to_json()) beside its exported page. These pages read
those records, so every message here is one Keras printed during the build, and every version is
one that produced the outputs shown.
"""

from __future__ import annotations

import re

from scenarios.machinery import registry
from scenarios.machinery.declare import AccuracyBelowBaseline, DriftsFromOracle, RunsCodeFromTheFile
from scenarios.machinery.docsite import hygiene, page, paste
from scenarios.machinery.docsite.paths import DOCS, GENERATED, ROOT
from scenarios.machinery.quiet import key_message

LIBRARIES = (("tensorflow", "TensorFlow"), ("numpy", "NumPy"), ("scikit-learn", "scikit-learn"), ("h5py", "h5py"),
             ("python", "Python"))


def _formats(fmts: list[str]) -> str:
    return " and ".join(f"`.{fmt}`" for fmt in fmts)


def _heading(text: str, limit: int = 75) -> str:
    # Braces would be read as an attribute list; very long headings crowd the search results, so a
    # long one is cut, between words (a word cut in two, "np" of "np.argmax", reads as another word).
    text = text.replace("{", "(").replace("}", ")").replace("`", "'")
    if len(text) <= limit:
        return text
    whole_words = re.match(rf"(.{{0,{limit - 2}}}\S)(?=\s)", text)
    cut = whole_words.group(1) if whole_words else text[: limit - 1]
    return cut.rstrip(" ,;:(-") + "…"


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
            expect = _expectation(run, case)
            if case["raised"]:
                raised = case["raised"]
                message = hygiene.elide_run_folders(f"{raised['type']}: {key_message(raised['message'], limit=2000)}")
                entry = errors.setdefault((run["scenario"], case["case"], message), {"run": run, "case": case, "fmts": []})
            else:
                entry = silent.setdefault((run["scenario"], case["case"]),
                                          {"run": run, "case": case, "expect": expect, "fmts": [], "summaries": []})
                sentence = page.said(expect, None, case["measured"], case["kind"] == "broken")
                entry["summaries"].append(f"With `.{run['format']}` on {keras}: {sentence}.")
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
        # From generated/troubleshooting.html the scenario pages are its neighbours; from
        # generated/troubleshooting/ (directory URLs) they are one level up.
        paste.box("../" if paste.directory_urls() else ""),
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
            f"### {_heading(_silent_heading(entry['expect']) + ': ' + case['title'], 110)} {{ #{scenario}-{case_name} }}",
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


def _expectation(run: dict, case: dict):
    """What the case declares for this run's generation and format."""
    return registry.get(run["scenario"]).case(case["case"]).expect_on(run.get("keras", "3"), run["format"])


def _silent_heading(expect) -> str:
    """The symptom a reader sees, in a reader's words."""
    if isinstance(expect, AccuracyBelowBaseline):
        return "No error, but worse than always answering the most common class"
    if isinstance(expect, DriftsFromOracle):
        return "No error, but the predictions drift from the original model's"
    if isinstance(expect, RunsCodeFromTheFile):
        return "No error, but loading the file runs code stored in it"
    return "No error, and nothing looks wrong"  # a mistake that goes unnoticed in this format


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
    ]
    # Usually every run used the same versions: then they are said once (a table a phone can show),
    # with the runs they cover counted; otherwise each run gets its own row.
    shared = {key: {run["versions"].get(key, "?") for run in runs} for key, _ in LIBRARIES}
    if runs and all(len(found) == 1 for found in shared.values()):
        scenarios = {run["scenario"] for run in runs}
        generations = sorted({_keras_name(run) for run in runs}, key=lambda n: not n.startswith("Keras"))
        formats = sorted({run["format"] for run in runs})
        lines += [
            f"All {len(runs)} runs ({len(scenarios)} scenarios, in {' and '.join(f'`.{f}`' for f in formats)}, on "
            f"{' and on '.join(generations)}) used:",
            "",
            "| library | version |",
            "|---|---|",
            *(f"| {label} | {next(iter(shared[key]))} |" for key, label in LIBRARIES),
            *(f"| {'Keras' if g.startswith('Keras') else 'tf_keras (the tf.keras 2 runs)'} | {g.split()[-1]} |"
              for g in generations),
        ]
    else:
        lines += [
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
        "Each model is measured twice, on two different sets of rows it never trained on: by the training "
        "script on its whole test split, and by the scenario page on the held-back rows its serving code "
        "is sent. The page's tables and its proof use the second, so a page may show a slightly different "
        "number from the one here.",
        "",
        "| scenario | Keras | model | data | training rows | the original model on its test split | "
        "on the rows its page sends |",
        "|---|---|---|---|---|---|---|",
    ]
    seen = set()
    for run in runs:
        if (run["scenario"], run.get("keras")) in seen:
            continue
        seen.add((run["scenario"], run.get("keras")))
        trained = run["trained"]
        quality = _first_number(trained, ("test_accuracy", "test_loss"))
        if quality != "?" and trained.get("test_rows"):
            quality += f" on {trained['test_rows']} rows"
        lines.append(
            f"| [{run['title'].split(':')[0]}]({run['scenario']}.md) | {_keras_name(run)} | {trained.get('model', '?')} | "
            f"{trained.get('data', '?')} | {trained.get('train_rows', '?')} | {quality} | {_on_page_rows(run)} |"
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


def _on_page_rows(run: dict) -> str:
    """The original model's quality on the request its page sends most (the whole held-back set, not
    a single row), as measured by the run."""
    scenario = registry.get(run["scenario"])
    measured = [case["measured"] for case in run["cases"] if case["measured"].get("oracle_quality") is not None
                and scenario.case(case["case"]).request == "request"]
    if not measured:
        return "—"
    m = max(measured, key=lambda m: m["oracle_shape"][0])
    return f"{m['quality_name']} {m['oracle_quality']:.3f} on {m['oracle_shape'][0]} rows"


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




def page_minutes(name: str) -> int | None:
    """The reading time a generated scenario page states (counted on the page by notebooks.render())."""
    path = GENERATED / f"{name}.md"
    found = re.search(r'class="reading-time" data-minutes="(\d+)"', path.read_text()) if path.exists() else None
    return int(found.group(1)) if found else None


def exercise_list(prefix: str = "generated/") -> str:
    """The exercises in order, each with its scenario's page (to read first, with its reading time),
    a time estimate, and the stub a learner gets, embedded from the exercise's own folder. `prefix`
    leads from the including page to the generated pages."""
    from scenarios.machinery.exercises import catalog

    titles = {scenario.name: scenario.title.split(":")[0] for scenario in registry.all_scenarios()}
    lines = ["| # | Exercise | Read first | What is wrong | Time |", "|---|---|---|---|---|"]
    read, reading, working = set(), 0, 0
    for exercise in catalog.EXERCISES:
        minutes = page.exercise_minutes(exercise)
        working += minutes
        first = f"[{titles[exercise.scenario]}]({prefix}{exercise.scenario}.md)"
        page_time = page_minutes(exercise.scenario)
        if exercise.scenario in read:
            first += " (read for the exercise above)"
        elif page_time:
            first += f", {page_time} min"
            reading += page_time
        read.add(exercise.scenario)
        lines.append(f"| {exercise.number} | `{exercise.function}()` | {first} | {exercise.title} | about {minutes} min |")
    lines += [
        "",
        f"Taken in this order, the {len(catalog.EXERCISES)} exercises take about {_hours(working)}, and reading "
        f"their {len(read)} scenario pages first about {_hours(reading)} more. A page's reading time is counted on "
        f"the page ({page.WORDS_PER_MINUTE} words of prose or {page.CODE_LINES_PER_MINUTE} lines of code and output a "
        "minute). An exercise's time is an estimate from its files: reading its instructions, "
        f"{_count_minutes(page.MINUTES_PER_SOLUTION_LINE)} for each line of code the reference solution writes, and "
        f"{_count_minutes(page.MINUTES_TO_CHECK)} for running the check.",
        "",
    ]
    for exercise in catalog.EXERCISES:
        stub = (exercise.folder / "stub.py").relative_to(ROOT)
        lines += [f'??? example "{exercise.filename}"', "    ```python", f'    --8<-- "{stub}"', "    ```", ""]
    return "\n".join(lines)


def _count_minutes(minutes: int) -> str:
    return "a minute" if minutes == 1 else f"{minutes} minutes"


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{minutes} minutes"
    return f"{hours} h {rest:02d} min"


def course(names: list[str]) -> str:
    """The whole course on one printable page: every scenario page in order, then the exercises.

    Each page's headings move one level down under its own title, and its anchors get the page's
    name in front, so that the same case name on two pages still leads to its own section."""
    pages = [(name, (GENERATED / f"{name}.md").read_text()) for name in names]
    minutes = sum(page_minutes(name) or 0 for name in names)
    lines = [
        # Everything here is on its own page too: searched there, not twice (and not indexed twice).
        "---",
        "search:",
        "  exclude: true",
        "---",
        "",
        "# The whole course on one page",
        "",
        f"Every scenario page, in the order of the site, then the exercises: about {_hours(minutes)} of reading, "
        "before the exercises. To hand it out, print this page, or save it as a PDF from the browser's print "
        "dialog.",
        "",
        *(f"{number}. [{registry.get(name).title}](#{name})" for number, name in enumerate(names, 1)),
        f"{len(pages) + 1}. [Exercises](#exercises)",
        "",
    ]
    for name, text in pages:
        lines += [_demoted(text, name), ""]
    exercises = (DOCS / "exercises.md").read_text()
    # The exercises page includes generated snippets whose links lead from docs/ into generated/.
    exercises = re.sub(r'^--8<-- "docs/generated/snippets/exercise-list.md"$', lambda _: exercise_list(prefix=""),
                       exercises, flags=re.MULTILINE)
    exercises = re.sub(r'^--8<-- "(docs/generated/snippets/[^"]+)"$', lambda m: (ROOT / m.group(1)).read_text(),
                       exercises, flags=re.MULTILINE)
    exercises = exercises.replace("](generated/", "](")
    lines.append(_demoted(exercises, "exercises"))
    return "\n".join(lines) + "\n"


def _demoted(markdown: str, name: str) -> str:
    """A page as a part of the course: its title anchored as `name`, every heading one level down,
    and its own anchors and links to them given the page's name (code blocks left as they are)."""
    out, fence = [], None
    for line in markdown.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            fence = None if fence else stripped[:3]
        elif not fence and re.match(r"#{1,5} ", line):
            if line.startswith("# "):
                line = f"#{line} {{ #{name} }}"
            else:
                line = "#" + re.sub(r"\{ #([\w-]+) \}$", rf"{{ #{name}-\1 }}", line)
        if not fence:
            line = re.sub(r"\]\(#([\w-]+)\)", rf"](#{name}-\1)", line)
        out.append(line)
    return "\n".join(out)
