"""The project's language: ``language:`` of ``stemeco.yaml`` (``stemeco language``).

Changing it rewrites that one line, under the project lock, with every comment
of the manifest kept; the answers stay as typed, and the documents follow the
new language at the next ``stemeco render``.
"""

from __future__ import annotations

from stemeco.errors import UsageError
from stemeco.i18n import SUPPORTED, language_problem, set_language
from stemeco.project.folder import Project, read_manifest
from stemeco.storage.lock import writes


def check_code(code: str) -> str:
    """``code`` as a supported language; a UsageError naming the choices otherwise."""
    problem = language_problem(code)
    if problem is not None:
        raise UsageError(problem)
    return code


@writes
def change_language(project: Project, code: str) -> bool:
    """Make ``code`` the project's language; False when it already was (nothing written)."""
    from stemeco.storage.roundtrip import edit_yaml

    check_code(code)
    current = read_manifest(project.manifest_path)  # re-read under the lock
    if current.language == code and code in SUPPORTED:
        return False
    with edit_yaml(project.manifest_path) as doc:
        doc["language"] = code
    project.manifest = read_manifest(project.manifest_path)
    set_language(code)
    return True
