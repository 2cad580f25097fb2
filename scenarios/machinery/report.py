"""The human-readable report of a run: what ran, what it raised, why, the fix, the proof."""

from __future__ import annotations

import textwrap

from scenarios.machinery.quiet import key_message
from scenarios.machinery.runner import Run
from scenarios.machinery.verdict import Verdict

WIDTH = 100
def versions_line(run: Run) -> str:
    v = run.versions
    return (
        f"Format .{run.fmt} · {run.keras_name} · TensorFlow {v['tensorflow']} · NumPy {v['numpy']} · "
        f"scikit-learn {v['scikit-learn']} · Python {v['python']}"
    )


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def _case_lines(verdict: Verdict, run: Run) -> list[str]:
    if not verdict.applicable:
        return [f"  - {verdict.case.name}: {verdict.case.title}",
                _wrap(f"not applicable on {run.keras_name}: {verdict.expect.why}", "      ")]
    mark = "✓" if verdict.passed else "✗"
    lines = [f"  {mark} {verdict.case.name}: {verdict.case.title}"]
    raised = verdict.raised
    if raised:
        lines.append(f"      {raised['file']}:{raised['lineno']}  {raised['line']}")
        lines.append(_wrap(f"{raised['type']}: {key_message(raised['message'])}", "      "))
    if not verdict.passed and verdict.case.broken:
        lines.append(_wrap(f"no longer reproduces on {run.keras_name}: {verdict.summary}", "      "))
    else:
        lines.append(_wrap(verdict.summary, "      "))
    if verdict.measured.get("allclose") and "quality" in verdict.measured:
        m = verdict.measured
        lines.append(f"      {m['quality_name']} {m['quality']:.3f} (the original model: {m['oracle_quality']:.3f})")
    lines.append(_wrap("Why: " + verdict.case.why, "      "))
    if run.keras == "2" and verdict.case.keras2_why:
        lines.append(_wrap("On tf.keras 2: " + verdict.case.keras2_why, "      "))
    return lines


def render(run: Run) -> str:
    scenario = run.scenario
    trained = run.trained
    how = {
        "cached": "reused from the cache",
        "recorded": "a recorded run, reused",
    }.get(run.training, f"trained now in {trained['seconds']:.1f} s")
    lines = [
        f"{scenario.name}: {scenario.title}",
        versions_line(run),
        _wrap(f"Model: {trained['model']}, on {trained['data']}, {trained['train_rows']} training rows ({how}).", ""),
        "",
        "Broken: served the way people first write it, in a fresh process",
    ]
    for verdict in run.verdicts:
        if verdict.case.broken:
            lines += _case_lines(verdict, run)
    lines += ["", "Fixed: each must reproduce the original model's predictions"]
    for verdict in run.verdicts:
        if not verdict.case.broken:
            lines += _case_lines(verdict, run)
    lines += ["", outcome_line(run)]
    return "\n".join(lines)


def outcome_line(run: Run) -> str:
    if run.passed:
        return (
            f"PASS {run.scenario.name} (.{run.fmt}, {run.keras_name}): every broken case failed as declared and "
            f"every fix matched the original model ({run.seconds:.1f} s)."
        )
    failed = ", ".join(v.case.name for v in run.verdicts if not v.passed)
    return f"FAIL {run.scenario.name} (.{run.fmt}, {run.keras_name}): {failed} did not behave as declared ({run.seconds:.1f} s)."


def summary_table(runs: list[Run]) -> str:
    rows = [("scenario", "format", "keras", "broken as declared", "fixes matched", "seconds", "result")]
    for run in runs:
        broken = [v for v in run.verdicts if v.case.broken and v.applicable]
        fixes = [v for v in run.verdicts if not v.case.broken and v.applicable]
        rows.append(
            (
                run.scenario.name,
                f".{run.fmt}",
                run.keras_name,
                f"{sum(v.passed for v in broken)}/{len(broken)}",
                f"{sum(v.passed for v in fixes)}/{len(fixes)}",
                f"{run.seconds:.1f}",
                "PASS" if run.passed else "FAIL",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    out.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(out)
