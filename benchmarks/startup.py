"""Start-up time of `stemeco --version` and `stemeco status`, against `import typer`.

Run:  python benchmarks/startup.py [--runs N]

Each command is run N times in fresh processes, interleaved, and the median
wall time is reported with its ratio to `python -c "import typer"` measured in
the same run. The goal is at most 1.3x.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# As installed for a user: Python keeps compiled modules (a shell that sets
# PYTHONDONTWRITEBYTECODE would make every run compile stemeco anew, not typer).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    stemeco = shutil.which("stemeco") or str(Path(sys.executable).parent / "stemeco")
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "millbrook"
        subprocess.run(
            [stemeco, "init", str(project), "-m", "Millbrook", "--example", "--no-git"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        commands = {
            "python -c 'import typer'": [sys.executable, "-c", "import typer"],
            "stemeco --version": [stemeco, "--version"],
            "stemeco status": [stemeco, "status"],
            "stemeco status --json": [stemeco, "status", "--json"],
        }
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(3):  # warm the file cache
            for command in commands.values():
                timed(command, project)
        for _ in range(args.runs):
            for name, command in commands.items():
                samples[name].append(timed(command, project))
    base = statistics.median(samples["python -c 'import typer'"])
    print(f"{'command':<28} {'median ms':>10} {'ratio':>7}")
    for name, values in samples.items():
        median = statistics.median(values)
        print(f"{name:<28} {median * 1000:>10.1f} {median / base:>6.2f}x")


if __name__ == "__main__":
    main()
