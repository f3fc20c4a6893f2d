"""Mermaid's own parser, run headless with node, for tests/test_docs_mermaid.py.

``mermaid`` and ``jsdom`` are installed with npm into a cache folder outside the
repository (``$STEMECO_MERMAID_DIR``, else ``~/.cache/stemeco-tests/...``), once;
``.ci/run`` installs them before the tests when node is there:

    python tests/docs_mermaid_node.py install

Standard library only: CI runs this before stemeco's test extra matters.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

MERMAID = "11.17.2"
JSDOM = "29.1.1"
SCRIPT = Path(__file__).with_name("mermaid_dump.mjs")


def folder() -> Path:
    chosen = os.environ.get("STEMECO_MERMAID_DIR")
    if chosen:
        return Path(chosen)
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "stemeco-tests" / f"mermaid-{MERMAID}-jsdom-{JSDOM}"


def installed() -> bool:
    return (folder() / "node_modules" / "mermaid" / "package.json").is_file() and (
        folder() / "node_modules" / "jsdom" / "package.json"
    ).is_file()


def missing_tool() -> str | None:
    """Why Mermaid's parser cannot run here, or None."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not installed() and shutil.which("npm") is None:
        return "npm is not installed (needed once to install mermaid and jsdom)"
    return None


def install() -> str | None:
    """Install mermaid and jsdom unless they are there; why Mermaid cannot run, if so."""
    reason = missing_tool()
    if reason or installed():
        return reason
    target = folder()
    target.mkdir(parents=True, exist_ok=True)
    (target / "package.json").write_text('{"private": true}\n', encoding="utf-8")
    npm = str(shutil.which("npm"))
    command = [npm, "install", "--no-audit", "--no-fund", "--loglevel=error"]
    try:
        result = subprocess.run(
            [*command, f"mermaid@{MERMAID}", f"jsdom@{JSDOM}"],
            cwd=target,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return "npm install of mermaid and jsdom did not finish in 15 minutes"
    if result.returncode != 0 or not installed():
        lines = (result.stderr or result.stdout).strip().splitlines()
        return "npm could not install mermaid and jsdom: " + " / ".join(lines[-3:])
    return None


def parse(diagrams: list[str]) -> list[dict[str, Any]]:
    """What Mermaid reads in each diagram (see mermaid_dump.mjs)."""
    node = str(shutil.which("node"))
    result = subprocess.run(
        [node, str(SCRIPT), str(folder())],
        input=json.dumps(diagrams),
        capture_output=True,
        text=True,
        env={**os.environ, "TZ": "UTC"},
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"mermaid_dump.mjs failed: {result.stderr.strip()}")
    dumps: list[dict[str, Any]] = json.loads(result.stdout)
    return dumps


if __name__ == "__main__":
    if sys.argv[1:] != ["install"]:
        sys.exit("usage: python tests/docs_mermaid_node.py install")
    problem = install()
    print(problem or f"Mermaid's parser is ready in {folder()}")
    sys.exit(1 if problem else 0)
