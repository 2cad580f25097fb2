"""Finding the lessons: every subpackage of `scenarios` that declares a SCENARIO.

Adding a scenario is adding a folder; nothing here needs to change. `discover()` takes any package,
so the tests can prove that on a package made in a temporary folder.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from types import ModuleType

from scenarios.machinery.declare import Scenario

# The source article's three failures come first, in its order; the rest follow by name.
ARTICLE_ORDER = ("shape_mismatch", "preprocessing_mismatch", "custom_objects")


def discover(package: ModuleType) -> dict[str, ModuleType]:
    """{name: module} of every subpackage of `package` whose __init__ declares a SCENARIO."""
    found = {}
    for info in pkgutil.iter_modules(package.__path__):
        if info.ispkg and info.name != "machinery":
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            if hasattr(module, "SCENARIO"):
                found[info.name] = module
    order = {name: index for index, name in enumerate(ARTICLE_ORDER)}
    return dict(sorted(found.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))


def lessons() -> dict[str, ModuleType]:
    import scenarios

    return discover(scenarios)


def names() -> list[str]:
    return list(lessons())


def get(name: str) -> Scenario:
    found = lessons()
    if name not in found:
        raise KeyError(name)
    return found[name].SCENARIO


def folder(name: str) -> Path:
    """The lesson's folder: its declaration, training, serving code, page and exercises."""
    found = lessons()
    if name not in found:
        raise KeyError(name)
    return Path(found[name].__file__).resolve().parent


def all_scenarios() -> list[Scenario]:
    return [module.SCENARIO for module in lessons().values()]
