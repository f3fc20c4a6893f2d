"""Generate stemeco projects of four sizes for the benchmarks.

    python benchmarks/generate.py SIZE PATH      # SIZE: S, M, L or XL

S is the shipped example. The larger ones start from it and add, as plain YAML
files a real project would hold:

| size | organisations | programs each | interviews | indicators x measurements | actions |
|------|---------------|---------------|------------|---------------------------|---------|
| M    | 500           | 3             | 200        | 100 x 24                  | 100     |
| L    | 5,000         | 3             | 2,000      | 500 x 60                  | 1,000   |
| XL   | 20,000        | 3             | 2,000      | 500 x 60                  | 1,000   |

Names repeat words the way real rosters do (and a few near-duplicates are
mixed in), so the duplicate search has real work. The output is the same for
the same size (a fixed random seed). Nothing here is timed.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

SECTORS = [
    "prek12",
    "out_of_school",
    "stem_rich",
    "post_secondary",
    "business",
    "community",
    "youth_families",
    "government",
]
STAGES = ["early_childhood", "elementary", "middle", "high_school", "post_secondary", "employment"]
PILLARS = ["partnerships", "systems", "teaching_learning", "measurement", "workforce"]
AREAS = ["Biology", "Coding", "Engineering", "Mathematics", "Chemistry", "Physics", "Robotics"]
WORDS = [
    "River", "Valley", "North", "Harbor", "Cedar", "Eastgate", "Summit", "Prairie", "Lake",
    "Pine", "Bridge", "Union", "Liberty", "Oak", "Granite", "Maple", "Canyon", "Mesa",
]  # fmt: skip
KINDS = [
    "Science Center", "Robotics Club", "Library", "Middle School", "Youth League",
    "Community College", "Makerspace", "Foundation", "Engineering Inc", "Learning Lab",
]  # fmt: skip


@dataclass(frozen=True)
class Size:
    organisations: int
    interviews: int
    indicators: int
    measurements: int
    actions: int


SIZES = {
    "M": Size(500, 200, 100, 24, 100),
    "L": Size(5_000, 2_000, 500, 60, 1_000),
    "XL": Size(20_000, 2_000, 500, 60, 1_000),
}


def _dump(path: Path, data: object) -> None:
    path.write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096), encoding="utf-8"
    )


def _name(rng: random.Random, number: int) -> str:
    return f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(KINDS)} {number}"


def generate(size: str, path: Path) -> Path:
    beside = Path(sys.executable).parent / "stemeco"  # the stemeco of this Python's venv first
    stemeco = str(beside) if beside.exists() else shutil.which("stemeco") or "stemeco"
    subprocess.run(
        [stemeco, "init", str(path), "-m", "Millbrook", "--example", "--no-git"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    if size == "S":
        return path
    spec = SIZES[size]
    rng = random.Random(f"stemeco-{size}")
    names: list[str] = []
    for number in range(1, spec.organisations + 1):
        name = _name(rng, number)
        if number % 97 == 0 and names:  # a near-duplicate of an earlier name
            name = "The " + names[-1].replace(" Inc", "")
        names.append(name)
        stages = sorted(rng.sample(STAGES, rng.randint(1, 3)), key=STAGES.index)
        _dump(
            path / "assets" / f"gen-{number:05d}.yaml",
            {
                "name": name,
                "sector": rng.choice(SECTORS),
                "stages": stages,
                "pillars": [rng.choice(PILLARS)],
                "location": f"{rng.choice(WORDS)} district",
                "website": f"https://org{number}.example",
                "programs": [
                    {
                        "name": f"{rng.choice(AREAS)} program {p}",
                        "stages": [rng.choice(stages)],
                        "areas": rng.sample(AREAS, 2),
                        "cost": "Free",
                    }
                    for p in range(1, 4)
                ],
                "provenance": {"source": "generated.csv", "row": number + 1},
                "needs_review": False,
            },
        )
    for number in range(1, spec.interviews + 1):
        _dump(
            path / "interviews" / f"2026-01-01-gen-{number:05d}.yaml",
            {
                "who": f"Person {number}",
                "organisation": rng.choice(names),
                "date": "2026-01-01",
                "interviewer": "Naomi Fischer",
                "notes": "Wants one shared calendar. " * 5,
                "themes": rng.sample(["transport", "teacher time", "east side", "mentors"], 2),
            },
        )
    (path / "indicators").mkdir(exist_ok=True)
    for number in range(1, spec.indicators + 1):
        ident = f"gen-indicator-{number:04d}"
        _dump(
            path / "indicators" / f"{ident}.yaml",
            {
                "name": f"Generated indicator {number}",
                "pillar": rng.choice(PILLARS),
                "definition": "A count, reported each month.",
                "baseline": "10",
                "target": "100",
                "target_date": "2030-12-31",
                "data_source": "Partner reports",
                "frequency": "monthly",
                "owner": "Backbone",
            },
        )
        _dump(
            path / "measurements" / f"{ident}.yaml",
            {
                "indicator": ident,
                "measurements": [
                    {
                        "date": f"{2021 + m // 12}-{m % 12 + 1:02d}-28",
                        "value": 10 + m,
                        "note": "monthly report",
                    }
                    for m in range(spec.measurements)
                ],
            },
        )
    studio4 = path / "sessions" / "studio-4.yaml"
    data = yaml.safe_load(studio4.read_text(encoding="utf-8"))
    first = data["answers"]["actions"][0]
    data["answers"]["actions"] = [
        {**first, "action": f"Generated action {n}"} for n in range(1, spec.actions + 1)
    ]
    _dump(studio4, data)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("size", choices=["S", *SIZES])
    parser.add_argument("path", type=Path)
    args = parser.parse_args()
    generate(args.size, args.path)
    files = sum(1 for p in args.path.rglob("*.yaml"))
    mb = sum(p.stat().st_size for p in args.path.rglob("*.yaml")) / 1e6
    print(f"{args.size}: {files} YAML files, {mb:.1f} MB in {args.path}")


if __name__ == "__main__":
    main()
