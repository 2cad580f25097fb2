"""`make bench`: what a learner waits for, measured in one run on this machine.

For each scenario: wall time and peak memory (of its largest process) of `python -m
scenarios.<name>` with an empty model cache (cold: trains, then serves) and again with the trained
files reused (warm), next to a bare `python -c "import tensorflow"`, as ratios. Then the wall time
of the whole test suite (which keeps its own cache in .cache/, so it is warm if run before).
Targets: cold at most 2.5× the bare import, warm at most 1.3×, the suite under 120 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scenarios.machinery import registry
from scenarios.machinery.quiet import child_environment

ROOT = Path(__file__).resolve().parents[2]
# Runs the command and reports the peak resident memory of the largest process it started.
_MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)\n"
)


def measure(command: list[str], env: dict) -> tuple[float, float, int]:
    out = subprocess.run([sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, env=env, cwd=ROOT)
    seconds, kilobytes, code = out.stdout.split()
    return float(seconds), int(kilobytes) / 1024, int(code)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m scenarios.machinery.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="measurements per figure; the median is shown")
    parser.add_argument("--no-tests", action="store_true", help="skip timing the test suite")
    parser.add_argument("--scenarios", help="comma-separated scenario names to measure (default: all)")
    options = parser.parse_args(argv)

    bare_command = [sys.executable, "-c", "import tensorflow"]
    # This machine's speed drifts from minute to minute, so every scenario measurement is paired
    # with a bare import taken right before it, and ratios use the medians of all of them.
    bare: list[tuple[float, float, int]] = []
    results = {}
    names = options.scenarios.split(",") if options.scenarios else registry.names()
    for name in names:
        command = [sys.executable, "-m", f"scenarios.{name}", "--quiet"]
        cold, warm = [], []
        for _ in range(options.repeat):
            with tempfile.TemporaryDirectory() as cache:
                env = {**child_environment(), "SCENARIOS_CACHE_DIR": cache, "PYTHONPATH": str(ROOT)}
                bare.append(measure(bare_command, env))
                cold.append(measure(command, env))
                bare.append(measure(bare_command, env))
                warm.append(measure(command, env))
        results[name] = (cold, warm)

    # What a learner waits for at every `check`: a solved exercise checked against a warm cache.
    checks = []
    with tempfile.TemporaryDirectory() as scratch:
        env = {**child_environment(), "SCENARIOS_CACHE_DIR": str(Path(scratch) / "cache"), "PYTHONPATH": str(ROOT)}
        folder = Path(scratch) / "ws"
        subprocess.run([sys.executable, "-m", "scenarios.exercises", "start", str(folder)], env=env, cwd=ROOT,
                       capture_output=True, check=True)
        from scenarios.machinery.exercises import catalog

        first = catalog.EXERCISES[0]
        (folder / first.filename).write_text(first.solution())
        check_command = [sys.executable, "-m", "scenarios.exercises", "check", first.name, "--workspace", str(folder)]
        for _ in range(options.repeat):
            bare.append(measure(bare_command, env))
            checks.append(measure(check_command, env))

    bare_seconds = statistics.median(b[0] for b in bare)
    bare_memory = statistics.median(b[1] for b in bare)
    rows = [("scenario", "cold s", "cold ×", "warm s", "warm ×", "peak MB cold", "peak MB warm", "exits")]
    rows.append(("import tensorflow", f"{bare_seconds:.1f}", "1.00", "", "", f"{bare_memory:.0f}", "", ""))
    worst_cold = worst_warm = 0.0
    for name, (cold, warm) in results.items():
        cold_s, warm_s = statistics.median(c[0] for c in cold), statistics.median(w[0] for w in warm)
        worst_cold, worst_warm = max(worst_cold, cold_s / bare_seconds), max(worst_warm, warm_s / bare_seconds)
        exits = ",".join(str(m[2]) for m in cold + warm)
        rows.append(
            (name, f"{cold_s:.1f}", f"{cold_s / bare_seconds:.2f}", f"{warm_s:.1f}", f"{warm_s / bare_seconds:.2f}",
             f"{max(c[1] for c in cold):.0f}", f"{max(w[1] for w in warm):.0f}", exits)
        )
    check_s = statistics.median(c[0] for c in checks)
    rows.append((f"exercises check {first.name}", "", "", f"{check_s:.1f}", f"{check_s / bare_seconds:.2f}", "",
                 f"{max(c[1] for c in checks):.0f}", ",".join(str(c[2]) for c in checks)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    print(f"\nmedians of {options.repeat} runs each, {len(bare)} bare imports interleaved; "
          f"worst: cold {worst_cold:.2f}× (target ≤ 2.5×), warm {worst_warm:.2f}× (target ≤ 1.1×), "
          f"exercises check {check_s / bare_seconds:.2f}× (target ≤ 1.1×)")

    if not options.no_tests:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=ROOT,
                              capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        seconds = time.perf_counter() - started
        last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "no output"
        print(f"test suite: {seconds:.0f} s (target < 120 s), exit {done.returncode}: {last}")
        for line in done.stdout.splitlines():
            if line.startswith(("FAILED", "ERROR")):
                print("  " + line)


if __name__ == "__main__":
    main()
