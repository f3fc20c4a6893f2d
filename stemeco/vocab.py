"""Shared vocabularies: continuum stages, pillars, stakeholder groups.

Values are stable identifiers stored in YAML; labels are what people read.
Each value has one label, used in every prompt, list, error and document, in
the project's language: the dictionaries hold the English, and :func:`label`
gives it translated (the ``stemeco`` catalog). Where a person types a value,
:func:`resolve` takes the id or the label, English or translated, in any case,
so ``--sector "Government and funders"`` (or ``"Gobierno y financiadores"``)
stores ``government``.
"""

from __future__ import annotations

from collections.abc import Mapping

from stemeco.i18n import N_, _

STAGES: dict[str, str] = {
    "early_childhood": N_("Early childhood / PreK"),
    "elementary": N_("Elementary"),
    "middle": N_("Middle / junior high"),
    "high_school": N_("High school"),
    "post_secondary": N_("Post-secondary, service or technical training"),
    "employment": N_("Employment"),
}

PILLARS: dict[str, str] = {
    "partnerships": N_("Partnerships"),
    "systems": N_("Systems"),
    "teaching_learning": N_("Teaching & Learning"),
    "measurement": N_("Measurement"),
    "workforce": N_("Workforce"),
}

STAKEHOLDER_GROUPS: dict[str, str] = {
    "prek12": N_("PreK-12 schools and districts"),
    "out_of_school": N_("Out-of-school and after-school programs"),
    "stem_rich": N_("STEM-rich institutions (museums, science centres, libraries)"),
    "post_secondary": N_("Colleges, universities and technical training"),
    "business": N_("Business and industry"),
    "community": N_("Community organisations"),
    "youth_families": N_("Youth and families"),
    "government": N_("Government and funders"),
}

VOCABULARIES: dict[str, dict[str, str]] = {
    "stages": STAGES,
    "pillars": PILLARS,
    "stakeholder_groups": STAKEHOLDER_GROUPS,
}


def _folded(text: str) -> str:
    return " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()


def label(vocabulary: Mapping[str, str], key: str) -> str:
    """The label of ``key`` in the project's language (``high_school`` -> ``Bachillerato``);
    a key the vocabulary does not have is shown as written."""
    english = vocabulary.get(key)
    return key if english is None else _(english)


def labels(vocabulary: Mapping[str, str]) -> dict[str, str]:
    """Every id of ``vocabulary`` with its label in the project's language, in order."""
    return {key: _(english) for key, english in vocabulary.items()}


def resolve(value: str, vocabulary: Mapping[str, str]) -> str | None:
    """The id that ``value`` names, as an id or a label (English or in the project's
    language) in any case; None when it names none.

    Underscores, dashes and spaces compare alike (``high school`` is ``high_school``).
    """
    wanted = _folded(value)
    if not wanted:
        return None
    for key, english in vocabulary.items():
        if wanted in (_folded(key), _folded(english), _folded(_(english))):
            return key
    return None


def one_of(vocabulary: Mapping[str, str]) -> str:
    """The accepted values for an error message: ``prek12 (PreK-12 schools ...), ...``."""
    return ", ".join(f"{key} ({shown})" for key, shown in labels(vocabulary).items())
