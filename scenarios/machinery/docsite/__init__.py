"""The documentation site: scenario pages made from executed notebooks, then `mkdocs build --strict`.

`python -m scenarios.machinery.docsite build` executes the text notebooks (each lesson's `page.py`) (cached under
.cache/docs/, keyed on their source, the scenario's code and the installed library versions),
exports them to markdown in docs/generated/, writes the troubleshooting and environment pages from
the recorded verdicts, and builds site/. `python -m scenarios.machinery.docsite serve` does the same and then
serves the site with live reload.

This package is not a scenario: it declares no SCENARIO, so the registry passes it by.
"""
