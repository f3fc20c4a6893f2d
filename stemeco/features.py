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
import sys

FEATURE_MODULES: tuple[str, ...] = (
    "stemeco.team_providers",
    "stemeco.community",
    "stemeco.business_plan",
    "stemeco.indicators",
    "stemeco.launches",
    "stemeco.assessment",
    "stemeco.approval",
    "stemeco.plan_checks",
)

# Modules that register documents and render context (they import stemeco.render,
# hence Jinja): loaded only once stemeco.render itself is, so `status` stays light.
RENDER_MODULES: tuple[str, ...] = ("stemeco.community_render", "stemeco.plan_render")

_loaded = False
_render_loaded = False


def load() -> None:
    global _loaded, _render_loaded
    if not _loaded:
        for name in FEATURE_MODULES:
            importlib.import_module(name)
        _loaded = True
    if not _render_loaded and "stemeco.render" in sys.modules:
        for name in RENDER_MODULES:
            importlib.import_module(name)
        _render_loaded = True
