"""Shared vocabularies: continuum stages, pillars, stakeholder groups.

Values are stable identifiers stored in YAML; labels are what people read.
"""

from __future__ import annotations

STAGES: dict[str, str] = {
    "early_childhood": "Early childhood / PreK",
    "elementary": "Elementary",
    "middle": "Middle / junior high",
    "high_school": "High school",
    "post_secondary": "Post-secondary, service or technical training",
    "employment": "Employment / workforce",
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
