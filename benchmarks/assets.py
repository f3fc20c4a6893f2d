"""Benchmark: import a large asset map and run the gap analysis on it.

Generates a project in a temporary folder with N organisations and M programs
(CSV files shaped like a real ecosystem's export, with near-duplicate names and
unmatched partners mixed in), then times the installed command:

    python benchmarks/assets.py [--organisations 3000] [--programs 10000]
                                [--san-diego PATH_TO_DATA_FOLDER]

Prints wall-clock seconds for each step. Nothing is asserted: it measures.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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
STAGES = [
    "early_childhood",
    "elementary",
    "middle",
    "high_school",
    "post_secondary",
    "employment",
    "family",
]
AREAS = [
    "Biology",
    "Coding",
    "Engineering",
    "Mathematics",
    "Chemistry",
    "Physics",
    "Earth science",
    "Robotics",
    "Health",
    "Manufacturing",
]
WORDS = [
    "River",
    "Valley",
    "North",
    "Harbor",
    "Cedar",
    "Summit",
    "Lake",
    "Pine",
    "Bay",
    "Mesa",
    "Canyon",
    "Prairie",
    "Coast",
    "Bridge",
    "Granite",
    "Maple",
    "Eagle",
    "Oak",
]
KINDS = [
    "Science Center",
    "Youth Club",
    "Academy",
    "Foundation",
    "Library",
    "College",
    "Robotics League",
    "Makerspace",
    "Industries",
    "Learning Lab",
]


def stemeco() -> str:
    return shutil.which("stemeco") or str(Path(sys.executable).with_name("stemeco"))


def generate(folder: Path, organisations: int, programs: int, seed: int = 7) -> tuple[Path, Path]:
    rng = random.Random(seed)
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < organisations:
        name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(KINDS)} {len(names) + 1}"
        if name not in seen:
            seen.add(name)
            names.append(name)
    orgs = folder / "organisations.csv"
    with orgs.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Name", "Sector", "Location", "Website"])
        for name in names:
            writer.writerow(
                [
                    name,
                    rng.choice(SECTORS),
                    f"{rng.randint(1, 999)} Main Street",
                    f"https://{name.lower().replace(' ', '')}.example",
                ]
            )
    progs = folder / "programs.csv"
    with progs.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Program", "Partner", "Stages", "Areas", "Cost", "Type"])
        for number in range(programs):
            partner = rng.choice(names)
            if number % 500 == 0:
                partner = partner + " Inc"  # an unmatched partner name now and then
            writer.writerow(
                [
                    f"Program {number}",
                    partner,
                    ";".join(sorted(rng.sample(STAGES, rng.randint(1, 3)))),
                    ";".join(rng.sample(AREAS, rng.randint(1, 3))),
                    rng.choice(["Free", "Less than $50", "Greater than $200"]),
                    rng.choice(["Camp", "Club", "Field trip", "Internship"]),
                ]
            )
    return orgs, progs


def timed(label: str, *args: str, cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run([stemeco(), *args], cwd=cwd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{label} failed: {done.stderr.strip()}")
    summary = [line for line in done.stdout.splitlines() if line.startswith(("Created", "Would"))]
    print(f"{label:<44} {seconds:7.2f} s  {summary[0] if summary else ''}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--organisations", type=int, default=3000)
    parser.add_argument("--programs", type=int, default=10000)
    parser.add_argument(
        "--san-diego",
        type=Path,
        default=None,
        help="the folder holding partners.csv and programs.csv",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        if args.san_diego is not None:
            sd = base / "sd"
            subprocess.run(
                [stemeco(), "init", str(sd), "-m", "San Diego", "--no-git"],
                check=True,
                capture_output=True,
            )
            print("San Diego (153 partners, 330 programs)")
            timed(
                "  import partners.csv",
                "assets",
                "import",
                str(args.san_diego / "partners.csv"),
                "--map",
                "san-diego",
                cwd=sd,
            )
            timed(
                "  import programs.csv",
                "assets",
                "import",
                str(args.san_diego / "programs.csv"),
                "--map",
                "san-diego",
                cwd=sd,
            )
            timed(
                "  re-import programs.csv (no change)",
                "assets",
                "import",
                str(args.san_diego / "programs.csv"),
                "--map",
                "san-diego",
                cwd=sd,
            )
            timed("  gaps --json", "gaps", "--json", cwd=sd)
            timed("  render", "render", cwd=sd)
        project = base / "big"
        subprocess.run(
            [stemeco(), "init", str(project), "-m", "Bigtown", "--no-git"],
            check=True,
            capture_output=True,
        )
        orgs, progs = generate(base, args.organisations, args.programs)
        print(f"Generated: {args.organisations} organisations, {args.programs} programs")
        timed("  import organisations", "assets", "import", str(orgs), cwd=project)
        timed("  import programs", "assets", "import", str(progs), cwd=project)
        timed("  re-import programs (no change)", "assets", "import", str(progs), cwd=project)
        timed("  gaps --json", "gaps", "--json", cwd=project)
        timed("  gaps (table)", "gaps", cwd=project)
        timed("  status", "status", cwd=project)
        timed("  render", "render", cwd=project)


if __name__ == "__main__":
    main()
