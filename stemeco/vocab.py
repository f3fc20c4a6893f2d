"""Shared vocabularies: continuum stages, pillars, stakeholder groups.

Values are stable identifiers stored in YAML; labels are what people read.
Each value has one label, used in every prompt, list, error and document.
Where a person types a value, :func:`resolve` takes the id or the label in
any case, so ``--sector "Government and funders"`` stores ``government``.
"""

from __future__ import annotations

from collections.abc import Mapping

STAGES: dict[str, str] = {
    "early_childhood": "Early childhood / PreK",
    "elementary": "Elementary",
    "middle": "Middle / junior high",
    "high_school": "High school",
    "post_secondary": "Post-secondary, service or technical training",
    "employment": "Employment",
}

PILLARS: dict[str, str] = {
    "partnerships": "Partnerships",
    "systems": "Systems",
    "teaching_learning": "Teaching & Learning",
    "measurement": "Measurement",
    "workforce": "Workforce",
}

STAKEHOLDER_GROUPS: dict[str, str] = {
    "prek12": "PreK-12 schools and districts",
    "out_of_school": "Out-of-school and after-school programs",
    "stem_rich": "STEM-rich institutions (museums, science centres, libraries)",
    "post_secondary": "Colleges, universities and technical training",
    "business": "Business and industry",
    "community": "Community organisations",
    "youth_families": "Youth and families",
    "government": "Government and funders",
}

VOCABULARIES: dict[str, dict[str, str]] = {
    "stages": STAGES,
    "pillars": PILLARS,
    "stakeholder_groups": STAKEHOLDER_GROUPS,
}


def _folded(text: str) -> str:
    return " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()


def resolve(value: str, vocabulary: Mapping[str, str]) -> str | None:
    """The id that ``value`` names, as an id or a label in any case; None when it names none.

    Underscores, dashes and spaces compare alike (``high school`` is ``high_school``).
    """
    wanted = _folded(value)
    if not wanted:
        return None
    for key, label in vocabulary.items():
        if wanted in (_folded(key), _folded(label)):
            return key
    return None


def one_of(vocabulary: Mapping[str, str]) -> str:
    """The accepted values for an error message: ``prek12 (PreK-12 schools ...), ...``."""
    return ", ".join(f"{key} ({label})" for key, label in vocabulary.items())
