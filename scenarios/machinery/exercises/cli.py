"""python -m scenarios.exercises list | start [DIR] | check [NAME] | hint NAME | solution NAME | watch

Exit status: 0 when everything asked for went well (for `check`: every checked exercise passed),
1 when a check failed or a solution is withheld, 2 on bad input (one line on stderr).
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
import time
from pathlib import Path

from scenarios.machinery import generation, scratch
from scenarios.machinery.exercises import catalog, workspace
from scenarios.machinery.runner import ChildFailed
from scenarios.machinery.exercises.workspace import NoWorkspace

MARKS = {"done": "✓", "not done": "✗", "not started": "·", "changed since last check": "?", "missing": "!"}


class BadInput(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message):  # one readable line instead of argparse's usage block
        raise BadInput(message)


def parser() -> Parser:
    top = Parser(prog="python -m scenarios.exercises", description=__doc__.splitlines()[0])
    commands = top.add_subparsers(dest="command", parser_class=Parser)
    commands.required = True

    def with_workspace(command):
        command.add_argument("--workspace", metavar="DIR", help="the workspace (default: the one you are in, "
                             f"else ./{workspace.DEFAULT})")
        return command

    with_workspace(commands.add_parser("list", help="every exercise with its status, and your progress"))
    start = commands.add_parser("start", help="write the exercises and their models into a workspace")
    start.add_argument("dir", nargs="?", default=workspace.DEFAULT)
    start.add_argument("--keras", choices=["3", "2"], default="3",
                       help="work in Keras 3 (default) or tf.keras 2 (the tf_keras package)")
    check = with_workspace(commands.add_parser("check", help="check one exercise, or all of them"))
    check.add_argument("name", nargs="?")
    hint = with_workspace(commands.add_parser("hint", help="reveal the next hint for an exercise"))
    hint.add_argument("name")
    solution = with_workspace(commands.add_parser("solution", help="show the reference solution once it passes"))
    solution.add_argument("name")
    solution.add_argument("--force", action="store_true", help="show it even if your version does not pass yet")
    watch = with_workspace(commands.add_parser("watch", help="re-check an exercise every time you save it"))
    watch.add_argument("name", nargs="?")
    books = commands.add_parser("notebooks", help="write the exercises as Jupyter notebooks into DIR")
    books.add_argument("dir")
    return top


def exercise_named(name: str) -> catalog.Exercise:
    try:
        return catalog.get(name)
    except KeyError:
        raise BadInput(f"unknown exercise {name!r}; the exercises are: {', '.join(catalog.names())}") from None


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
        scratch.sweep()  # what a check killed mid-way left behind; cheap, and never fails
        return COMMANDS[args.command](args)
    except (BadInput, NoWorkspace) as problem:
        print(f"scenarios.exercises: {problem}", file=sys.stderr)
        return 2
    except OSError as problem:  # a folder that cannot be written, a file where a folder should be
        if isinstance(problem, BrokenPipeError):  # output piped into `head`, say: stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
        print(f"scenarios.exercises: {problem.strerror or problem}: {problem.filename}", file=sys.stderr)
        return 2
    except ChildFailed as problem:  # training the models failed: not the learner's doing
        print(f"scenarios.exercises: could not prepare the trained models: {problem}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


# --- commands -----------------------------------------------------------------------------------


def cmd_list(args) -> int:
    try:
        folder = workspace.find(args.workspace)
    except NoWorkspace:
        if args.workspace is not None:
            raise
        folder = None
    done = 0
    print(f"Exercises (workspace: {folder if folder else 'none yet'})")
    for exercise in catalog.EXERCISES:
        state = workspace.status(folder, exercise) if folder else "not started"
        done += state == "done"
        print(f"  {MARKS[state]} {exercise.number:02d} {exercise.name:22} {exercise.scenario:24} {state}")
    print(f"Progress: {done}/{len(catalog.EXERCISES)} done")
    if folder is None:
        print("Start with: python -m scenarios.exercises start")
    return 0


def cmd_start(args) -> int:
    folder = Path(args.dir)
    try:
        generation.check_available(args.keras)
    except generation.Unavailable as error:
        raise BadInput(str(error)) from None
    workspace.start(folder, keras=args.keras)
    print(f"Next: open {folder / catalog.EXERCISES[0].filename}, then run: "
          f"python -m scenarios.exercises check {catalog.EXERCISES[0].name} --workspace {folder}")
    return 0


def check_one(folder: Path, exercise: catalog.Exercise) -> bool | None:
    """True or False for a checked exercise; None for one this workspace's Keras generation lacks."""
    from scenarios.machinery.exercises import checker

    keras = workspace.generation_of(folder)
    if keras not in exercise.generations:
        print(f"- {exercise.name}: Keras 3 only, not in this tf.keras {keras} workspace: {exercise.keras3_only_why}.")
        return None
    source_file, code, shown_as = workspace.source_to_check(folder, exercise)
    if source_file.suffix == ".ipynb":
        # The notebook's exercise cell, written to a scratch file outside the workspace.
        with scratch.folder("exercise-notebook-") as scratch_folder:
            extracted = scratch_folder / exercise.filename
            extracted.write_text(code)
            result = checker.check_file(exercise, extracted, keras=keras)
    else:
        result = checker.check_file(exercise, source_file, keras=keras)
    if keras != generation.DEFAULT:
        shown_as = f"{shown_as}, tf.keras {keras}"
    print(checker.report(exercise, result, shown_as))
    workspace.record_result(folder, exercise, code, result["passed"])
    if not result["passed"]:
        hints = len(exercise.hints)
        print(f"  Stuck? python -m scenarios.exercises hint {exercise.name}  ({hints} hints)")
    return result["passed"]


def cmd_check(args) -> int:
    chosen = [exercise_named(args.name)] if args.name else list(catalog.EXERCISES)  # before the workspace: a typo is the news
    folder = workspace.find(args.workspace)
    results = [r for r in (check_one(folder, exercise) for exercise in chosen) if r is not None]
    if len(chosen) > 1:
        print(f"Progress: {sum(results)}/{len(results)} done")
    return 0 if all(results) else 1


def cmd_hint(args) -> int:
    exercise = exercise_named(args.name)
    folder = workspace.find(args.workspace)
    number, text = workspace.next_hint(folder, exercise)
    print(f"Hint {number} of {len(exercise.hints)} for {exercise.name}:")
    print(textwrap.fill(text, width=96, initial_indent="  ", subsequent_indent="  "))
    if number < len(exercise.hints):
        print("  (run the same command again for the next one)")
    else:
        print(f"  That was the last hint. The reference solution: python -m scenarios.exercises solution {exercise.name}"
              " (once your version passes)")
    return 0


def cmd_solution(args) -> int:
    exercise = exercise_named(args.name)
    folder = workspace.find(args.workspace)
    state = workspace.status(folder, exercise)
    if state in ("changed since last check", "not done") and not args.force:
        # Judge the current version now rather than refuse on stale information.
        print(f"Checking {exercise.name} first...")
        check_one(folder, exercise)
        state = workspace.status(folder, exercise)
    if state != "done" and not args.force:
        print(f"The solution to {exercise.name} is shown once your version passes its check "
              f"(status: {state}). To see it anyway: python -m scenarios.exercises solution {exercise.name} --force")
        return 1
    print(exercise.solution(), end="")
    return 0


def cmd_watch(args) -> int:
    chosen = [exercise_named(args.name)] if args.name else list(catalog.EXERCISES)
    folder = workspace.find(args.workspace)
    print(f"Watching {folder}: every save re-checks that exercise. Ctrl+C to stop.")
    seen: dict[str, str] = {}
    while True:
        for exercise in chosen:
            try:
                _, code, _ = workspace.source_to_check(folder, exercise)
            except NoWorkspace:
                continue
            fingerprint = workspace.fingerprint(code)
            if seen.get(exercise.name) != fingerprint:
                first = exercise.name not in seen
                seen[exercise.name] = fingerprint
                if first and code == exercise.stub():
                    continue  # untouched stubs are known to fail; wait for the learner's edits
                print(f"\n[{time.strftime('%H:%M:%S')}]")
                check_one(folder, exercise)
        time.sleep(1.0)


def cmd_notebooks(args) -> int:
    from scenarios.machinery.exercises import notebooks

    folder = Path(args.dir)
    for exercise in catalog.EXERCISES:
        state = workspace.write_unless_edited(folder / exercise.notebook, notebooks.text(exercise))
        print(f"  {folder / exercise.notebook}  {state}")
    return 0


COMMANDS = {
    "list": cmd_list, "start": cmd_start, "check": cmd_check, "hint": cmd_hint,
    "solution": cmd_solution, "watch": cmd_watch, "notebooks": cmd_notebooks,
}
