"""Start-up time of `stemeco --version`, `--help` and `status`, against `import typer`.

Run:  python benchmarks/startup.py [--runs N]

Each command is run N times in fresh processes, interleaved, and the median
wall time is reported with its ratio to `python -c "import typer"` measured in
the same run. The goal is at most 1.3x. The processor time (user + system) of each
command is reported beside it: on a machine shared with other work, wall times
stretch with the load while processor times stay close to an idle machine's.
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


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and processor seconds of one run of ``command``."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, command)
    return wall, usage.ru_utime + usage.ru_stime


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
            "stemeco --help": [stemeco, "--help"],
            "stemeco status": [stemeco, "status"],
            "stemeco status --json": [stemeco, "status", "--json"],
        }
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(3):  # warm the file cache
            for command in commands.values():
                timed(command, project)
        for _ in range(args.runs):
            for name, command in commands.items():
                samples[name].append(timed(command, project))
    typer = samples["python -c 'import typer'"]
    base = statistics.median(w for w, _ in typer), statistics.median(c for _, c in typer)
    print(f"{'command':<28} {'median ms':>10} {'ratio':>7} {'cpu ms':>8} {'ratio':>7}")
    for name, values in samples.items():
        wall = statistics.median(w for w, _ in values)
        cpu = statistics.median(c for _, c in values)
        print(
            f"{name:<28} {wall * 1000:>10.1f} {wall / base[0]:>6.2f}x"
            f" {cpu * 1000:>8.1f} {cpu / base[1]:>6.2f}x"
        )


if __name__ == "__main__":
    main()
