"""mkdocs hooks (listed in mkdocs.yml): the scenario nav from the registry, and regeneration while serving.

The Scenarios section of the nav is filled from `registry.names()`, so a new scenario appears in the
nav without editing mkdocs.yml. While `python -m scenarios.docsite serve` runs, every rebuild first
re-runs generate(): an edited page notebook or scenario file is re-executed (only that page) and
the browser reloads with the new outputs.
"""

from __future__ import annotations

import logging
import os

from mkdocs.structure.files import File

from scenarios import registry

log = logging.getLogger("mkdocs.plugins.scenarios")
PLACEHOLDER = "Scenarios"
EXERCISES_STAND_IN = (
    "# Exercises\n\nFix each scenario's broken serving code yourself: `python -m scenarios.exercises start`.\n"
)


def on_config(config):
    for item in config["nav"] or []:
        if isinstance(item, dict) and PLACEHOLDER in item:
            # The short name ("Input shape mismatch"), the page's own title says the rest.
            item[PLACEHOLDER] = [
                {scenario.title.split(":")[0]: f"generated/{scenario.name}.md"} for scenario in registry.all_scenarios()
            ]
    return config


def on_files(files, config):
    # docs/exercises.md is written by the exercises' author; until it exists, a stand-in keeps the
    # nav and the links to it valid under --strict.
    if files.get_file_from_path("exercises.md") is None:
        files.append(File.generated(config, "exercises.md", content=EXERCISES_STAND_IN))
    return files


def on_pre_build(config):
    if os.environ.get("DOCSITE_SERVING"):
        from scenarios.docsite import build

        build.generate(say=log.info)
