"""mkdocs hooks (listed in mkdocs.yml): the scenario nav from the registry, and regeneration while serving.

The Scenarios section of the nav is filled from `registry.names()`, so a new scenario appears in the
nav without editing mkdocs.yml. While `python -m scenarios.machinery.docsite serve` runs, every rebuild first
re-runs generate(): an edited page notebook or scenario file is re-executed (only that page) and
the browser reloads with the new outputs.
"""

from __future__ import annotations

import logging
import os

from scenarios.machinery import registry

log = logging.getLogger("mkdocs.plugins.scenarios")
PLACEHOLDER = "Scenarios"


def on_config(config):
    for item in config["nav"] or []:
        if isinstance(item, dict) and PLACEHOLDER in item:
            # The short name ("Input shape mismatch"), the page's own title says the rest.
            item[PLACEHOLDER] = [
                {scenario.title.split(":")[0]: f"generated/{scenario.name}.md"} for scenario in registry.all_scenarios()
            ]
    return config


def on_pre_build(config):
    if os.environ.get("DOCSITE_SERVING"):
        from scenarios.machinery.docsite import build

        build.generate(say=log.info)
