"""Tier 3: Studio I run end to end in Spanish, in a real pseudo-terminal.

A project created with ``--language es`` asks the installed ``stemeco studio
run 1`` in Spanish: the studio's purpose, each question, the choices and the
facilitator's help come from ``studios/i18n/es/studio-1.yaml``; the answers are
saved as typed, under the same ids as in English.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_interactive_pty import ENTER, FINISH, QMARK, SPACE, Terminal, session

from stemeco.project.create import create

pytestmark = pytest.mark.e2e


@pytest.fixture
def spanish_project(tmp_path: Path) -> Path:
    create(tmp_path / "guadalajara", "Guadalajara", country="México", language="es", git=False)
    return tmp_path / "guadalajara"


@pytest.fixture
def terminal() -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for term in opened:
        if term.child.isalive():
            term.child.terminate(force=True)


def test_studio_one_runs_end_to_end_in_spanish(
    spanish_project: Path, terminal: list[Terminal]
) -> None:
    term = Terminal("studio", "run", "1", "--project", str(spanish_project))
    terminal.append(term)
    term.child.expect_exact("Este primer estudio pone los cimientos")
    term.answer("¿Qué campos consideramos STEM aquí?", DOWN_TO_MATHEMATICS + SPACE + "?")
    term.child.expect_exact("Lea la lista en voz alta")  # the facilitator's help, in Spanish
    term.answer("¿Qué campos consideramos STEM aquí?", ENTER)  # asked again, the tick kept
    term.answer(
        "En una o dos oraciones, ¿qué entendemos por STEM?",
        "STEM es cómo Guadalajara pregunta, diseña y construye." + FINISH,
    )
    term.answer(
        "¿Por qué importa STEM para nuestra economía local",
        "Electrónica y software: 300 empresas en el corredor.\nFaltan técnicos." + FINISH,
    )
    term.answer("¿Qué empleadores e industrias de aquí", f"Hospital Civil{ENTER}Flex{FINISH}")
    term.answer(
        "¿Por qué STEM para nuestros estudiantes?", "Pocos conocen a una ingeniera." + FINISH
    )
    term.answer("¿Qué grupos ya están en la mesa?", SPACE + ENTER)  # the first group
    term.answer("¿Quién todavía no está en la mesa y debería estar?", FINISH)  # optional
    term.answer(
        "¿Cuál sería un primer borrador de la misión de nuestro ecosistema?",
        "Cada joven de Guadalajara explora STEM hasta su primer empleo." + FINISH,
    )
    term.child.expect_exact("Innovación por diseño")  # the review screen names the studio
    term.child.expect_exact(QMARK)
    term.child.send(ENTER)
    said, status = term.finish()
    assert status == 0, said

    data = session(spanish_project, "studio-1")
    assert data["status"] == "complete"
    assert data["answers"] == {
        "stem_disciplines": ["mathematics"],
        "stem_definition": "STEM es cómo Guadalajara pregunta, diseña y construye.",
        "local_economy": "Electrónica y software: 300 empresas en el corredor.\nFaltan técnicos.",
        "employers": ["Hospital Civil", "Flex"],
        "learner_needs": "Pocos conocen a una ingeniera.",
        "at_the_table": ["prek12"],
        "missing_voices": None,
        "mission_draft": "Cada joven de Guadalajara explora STEM hasta su primer empleo.",
    }
    shown = "\n".join(term.lines())
    for label in ("Ciencias", "Matemáticas", "Pensamiento computacional", "Otro"):
        assert label in shown  # the choices, in Spanish
    assert "Which fields do we count as STEM here?" not in shown


DOWN_TO_MATHEMATICS = "\x1b[B" * 3
