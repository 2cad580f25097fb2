"""The home page's picture: save → load → predict, and where each scenario breaks.

Drawn as inline SVG at build time from the scenarios' declarations (a Raises case breaks at the call
it names; a silent one at the predictions), so a new scenario appears on it by itself. Inline SVG
needs no script and no network, and its colours follow the site's light or dark scheme.
"""

from __future__ import annotations

import textwrap
from html import escape

from scenarios.machinery.declare import NotApplicable, Raises, Scenario

# (stage, title, code lines); a declared `during` call maps to the stage that makes it.
STAGES = (
    ("save", "training", ("fit()", "model.save()")),
    ("file", "saved file", (".keras", ".h5")),
    ("load", "serving", ("load_model()",)),
    ("call", "loaded model", ("predict()", "evaluate()")),
    ("result", "predictions", ("→ decisions",)),
)
DURING = {"save": "save", "load_model": "load", "predict": "call", "evaluate": "call", "fit": "call"}
BOX_W, GAP, BOX_Y, BOX_H = 132, 22, 62, 74
LABEL_CHARS = 17  # scenario names wrap to fit under their box


def stage_of(expect) -> str:
    return DURING.get(expect.during, "call") if isinstance(expect, Raises) else "result"


def breaks(scenarios: list[Scenario]) -> dict[str, list[tuple[Scenario, str]]]:
    """For each stage, the scenarios that break there and how (an exception type or 'silently wrong')."""
    found: dict[str, list[tuple[Scenario, str]]] = {stage: [] for stage, *_ in STAGES}
    for scenario in scenarios:
        for case in scenario.broken_cases:
            expect = case.expect_on("3")
            if isinstance(expect, NotApplicable):  # it fails on tf.keras 2 only: not a Keras 3 break
                continue
            how = expect.exception_for(None) if isinstance(expect, Raises) else "silently wrong"
            entry = (scenario, how)
            if entry not in found[stage_of(expect)]:
                found[stage_of(expect)].append(entry)
    return found


def pipeline_svg(scenarios: list[Scenario], link_prefix: str = "generated/") -> str:
    by_stage = breaks(scenarios)
    labels = {stage: [(s, textwrap.wrap("✗ " + s.title.split(":")[0], LABEL_CHARS), how) for s, how in found]
              for stage, found in by_stage.items()}
    depth = max((sum(17 * (len(lines) + 1) + 8 for _, lines, _ in v) for v in labels.values()), default=0)
    width = len(STAGES) * BOX_W + (len(STAGES) - 1) * GAP + 20
    height = BOX_Y + BOX_H + 12 + depth
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'role="img" aria-labelledby="pipeline-title">',
        '<title id="pipeline-title">Save, load, predict: where each scenario breaks</title>',
        "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
        "markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"currentColor\"/></marker></defs>",
        # What crosses from the training process to the serving one, and what does not.
        '<text x="10" y="18" font-size="14" fill="currentColor">'
        "The file carries the layers, the weights and the compile settings (your functions by name only).</text>",
        '<text x="10" y="38" font-size="14" fill="#c62828">'
        "It does not carry your preprocessing, your reshapes, or the code of your functions.</text>",
    ]
    for i, (stage, title, code) in enumerate(STAGES):
        x = 10 + i * (BOX_W + GAP)
        broken = bool(by_stage[stage])
        stroke = "#c62828" if broken else "currentColor"
        parts += [
            f'<rect x="{x}" y="{BOX_Y}" width="{BOX_W}" height="{BOX_H}" rx="8" '
            f'style="fill:var(--md-code-bg-color,#f5f5f5)" stroke="{stroke}" stroke-width="{2 if broken else 1}"/>',
            f'<text x="{x + BOX_W / 2}" y="{BOX_Y + 24}" text-anchor="middle" font-size="15" '
            f'font-weight="bold" fill="currentColor">{escape(title)}</text>',
        ]
        for n, line in enumerate(code):
            parts.append(
                f'<text x="{x + BOX_W / 2}" y="{BOX_Y + 44 + n * 17}" text-anchor="middle" font-size="13" '
                f'font-family="monospace" fill="currentColor">{escape(line)}</text>'
            )
        if i:
            parts.append(
                f'<line x1="{x - GAP + 1}" y1="{BOX_Y + BOX_H / 2}" x2="{x - 2}" y2="{BOX_Y + BOX_H / 2}" '
                'stroke="currentColor" marker-end="url(#arrow)"/>'
            )
        y = BOX_Y + BOX_H + 26
        for scenario, lines, how in labels[stage]:
            spans = "".join(
                f'<tspan x="{x + 4}" dy="{0 if n == 0 else 17}">{escape(line)}</tspan>' for n, line in enumerate(lines)
            )
            parts += [
                f'<a href="{link_prefix}{scenario.name}/"><text x="{x + 4}" y="{y}" font-size="14" '
                f'fill="#c62828" text-decoration="underline">{spans}</text></a>',
                f'<text x="{x + 18}" y="{y + 17 * len(lines)}" font-size="13" fill="currentColor">{escape(how)}</text>',
            ]
            y += 17 * (len(lines) + 1) + 8
    parts.append("</svg>")
    # One line: Python-Markdown keeps a block of raw HTML intact only while it has no blank line.
    return '<figure class="pipeline">' + "".join(parts) + "</figure>\n"
