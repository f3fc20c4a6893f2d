"""The areas of the process beyond the studios, each in its own module.

Importing a feature module registers its status items (``stemeco.status.CHECKS``),
project checks (``stemeco.validate.CHECKS``), documents and render context
(``stemeco.render.DOCUMENTS`` / ``CONTEXT_HOOKS``), scaffolding
(``stemeco.scaffold.SCAFFOLDERS``) and providers. Feature modules keep heavy
imports (ruamel.yaml, Jinja, questionary) inside functions so that
``stemeco status`` stays fast.
"""

from __future__ import annotations

import importlib

FEATURE_MODULES: tuple[str, ...] = ("stemeco.team_providers",)

_loaded = False


def load() -> None:
    global _loaded
    if _loaded:
        return
    for name in FEATURE_MODULES:
        importlib.import_module(name)
    _loaded = True
