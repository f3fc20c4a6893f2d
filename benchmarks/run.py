"""Measure stemeco at every size, as ratios taken in one run.

    python benchmarks/run.py [--sizes S M L XL] [--runs 3] [--keep DIR]

For each generated project (benchmarks/generate.py) it measures, warm (after
one unmeasured run) and in rounds (the floor and each command once per round, so
that other work on the machine weighs on all alike), the median wall time of
`status`, `check`, `render --check`, `render` and `gaps`, and reports each as a
ratio to the *floor*: one Python process parsing every YAML file of the project
with PyYAML's C loader. `render` renders every document, where `render --check`
and `status` may answer from what they remember; `status*` is `status` right
after a file changed. It also reports the peak memory of `render`, the growth
exponent from L to XL (time ∝ files^k, and ∝ organisations^k), the import of a
5,000-row CSV, and start-up against `python -c "import typer"`. Nothing is
asserted: it measures.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

_BESIDE = Path(sys.executable).parent / "stemeco"  # the stemeco of this Python's venv first
STEMECO = str(_BESIDE) if _BESIDE.exists() else shutil.which("stemeco") or "stemeco"
COMMANDS = {
    "status": ["status"],
    "check": ["check"],
    "render --check": ["render", "--check"],
    "render": ["render"],
    "gaps": ["gaps"],
}
FLOOR = """
import sys, yaml
from pathlib import Path
loader = yaml.CSafeLoader
for path in Path(sys.argv[1]).rglob("*.yaml"):
    yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
"""
PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


# As installed for a user: Python keeps compiled modules (a shell that sets
# PYTHONDONTWRITEBYTECODE would make every run compile stemeco anew, not typer).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def interleaved(
    commands: dict[str, list[str]], cwd: Path, runs: int, touch: dict[str, Path]
) -> dict[str, float]:
    """The median of ``runs`` warm runs of each command, taken in rounds (one run of
    each command per round), so that other work on the machine weighs on the floor and
    on the commands alike. A command named in ``touch`` runs after that file is touched
    (an edit: whatever stemeco remembered of the project as a whole is out of date)."""
    for command in commands.values():
        timed(command, cwd)  # warm: the parse cache, the OS file cache
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            if name in touch:
                touch[name].touch()
            samples[name].append(timed(command, cwd))
    return {name: statistics.median(values) for name, values in samples.items()}


def peak_mib(command: list[str], cwd: Path) -> float:
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *command], cwd=cwd, capture_output=True, text=True, check=True
    )
    return int(done.stdout.strip()) / 1024


def csv_import(folder: Path, rows: int) -> float:
    project = folder / "import"
    shutil.rmtree(project, ignore_errors=True)  # the import of an earlier run (--keep)
    subprocess.run(
        [STEMECO, "init", str(project), "-m", "Importville", "--no-git"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    source = folder / "roster.csv"
    rng = random.Random(7)
    with source.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "sector", "stages", "website"])
        for n in range(rows):
            writer.writerow(
                [
                    f"Organisation {rng.randint(0, 10**9)} number {n}",
                    rng.choice(["prek12", "business", "community", "stem_rich"]),
                    "elementary;middle",
                    f"https://org{n}.example",
                ]
            )
    return timed([STEMECO, "assets", "import", str(source)], project)


def startup(folder: Path, runs: int) -> dict[str, float]:
    commands = {
        "import typer": [sys.executable, "-c", "import typer"],
        "stemeco --version": [STEMECO, "--version"],
        "stemeco --help": [STEMECO, "--help"],
        "stemeco status": [STEMECO, "status"],
    }
    for command in commands.values():
        timed(command, folder)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(max(runs, 10)):
        for name, command in commands.items():
            samples[name].append(timed(command, folder))
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", nargs="+", default=["S", "M", "L", "XL"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--csv-rows", type=int, default=5000, help="0: no import")
    parser.add_argument("--keep", type=Path, help="generate projects here and keep them")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="stemeco-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict[str, float]] = {}
    files: dict[str, int] = {}
    organisations: dict[str, int] = {}
    shown = [*COMMANDS, "status*"]
    print(f"{'size':<4} {'files':>6} {'floor s':>8} " + " ".join(f"{c:>15}" for c in shown))
    for size in args.sizes:
        project = base / size
        if not (project / "stemeco.yaml").exists():
            generate(size, project)
        files[size] = sum(1 for _ in project.rglob("*.yaml"))
        organisations[size] = sum(1 for _ in (project / "assets").glob("*.yaml"))
        commands = {
            "floor": [sys.executable, "-c", FLOOR, str(project)],
            **{name: [STEMECO, *cmd] for name, cmd in COMMANDS.items()},
            # status after an edit: the remembered report is out of date, one file parsed again
            "status*": [STEMECO, "status"],
        }
        times = interleaved(commands, project, args.runs, {"status*": project / "team.yaml"})
        floor = times["floor"]
        times["peak"] = peak_mib([STEMECO, "render"], project)
        results[size] = times
        cells = " ".join(f"{times[c] / floor:>6.2f}x ({times[c]:>5.1f}s)" for c in shown)
        print(f"{size:<4} {files[size]:>6} {floor:>8.2f} {cells}  peak {times['peak']:.0f} MiB")
    if "L" in results and "XL" in results:
        # Against files (L to XL: x2.87), and against organisations (x4.0), which gaps
        # reads alone: work linear in organisations shows 1.32 against files.
        for what, count in (("files", files), ("organisations", organisations)):
            scale = math.log(count["XL"] / count["L"])
            growth = {
                c: math.log(results["XL"][c] / results["L"][c]) / scale
                for c in ("check", "render --check", "render", "gaps")
            }
            print(
                f"growth exponent L->XL against {what}: "
                + ", ".join(f"{c} {k:.2f}" for c, k in growth.items())
            )
    if args.csv_rows:
        seconds = csv_import(base, args.csv_rows)
        print(f"import of a {args.csv_rows}-row CSV: {seconds:.1f} s")
    start = startup(base / args.sizes[0] if args.sizes[0] == "S" else base / "import", args.runs)
    typer_time = start.pop("import typer")
    print(
        "start-up vs import typer: "
        + ", ".join(f"{name} {value / typer_time:.2f}x" for name, value in start.items())
    )
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
