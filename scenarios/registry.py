"""Finding the scenarios: every subpackage of `scenarios` that declares a SCENARIO.

Adding a scenario is adding a package; nothing here needs to change.
"""

from __future__ import annotations

import importlib
import pkgutil

import scenarios
from scenarios.declare import Scenario


def names() -> list[str]:
    found = []
    for module in pkgutil.iter_modules(scenarios.__path__):
        if module.ispkg and hasattr(importlib.import_module(f"scenarios.{module.name}"), "SCENARIO"):
            found.append(module.name)
    return sorted(found, key=_article_order)


def _article_order(name: str) -> tuple[int, str]:
    # The source article's three failures come first, in its order.
    article = ["shape_mismatch", "preprocessing_mismatch", "custom_objects"]
    return (article.index(name) if name in article else len(article), name)


def get(name: str) -> Scenario:
    if name not in names():
        raise KeyError(name)
    return importlib.import_module(f"scenarios.{name}").SCENARIO


def all_scenarios() -> list[Scenario]:
    return [get(name) for name in names()]
