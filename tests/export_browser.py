"""Headless Chromium, driven through its DevTools protocol over a pipe.

Debian's ``chromium`` is launched once with ``--remote-debugging-pipe``: commands
are JSON messages ending in a NUL byte written to its file descriptor 3,
answers and events come back on its descriptor 4. No websocket, no package:
the standard library is enough. The page sees no network: the browser is
started with every host name unresolvable and a proxy that does not exist,
and each page is switched offline before it loads; every request it makes is
recorded all the same (``Network.requestWillBeSent``), so a test can say that
there was none.

``python tests/export_browser.py FILE.html`` prints what a page logged and
requested, for a person looking into a failure.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TIMEOUT = 60.0


def find_chromium() -> str | None:
    """Debian's chromium (or a Chrome) on PATH; None when there is none (or no bash)."""
    if shutil.which("bash") is None:
        return None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class PageRun:
    """What one page did: console errors, exceptions, requests, and what a script found."""

    url: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)


class Browser:
    def __init__(self, executable: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="stemeco-chromium-")
        to_child, self._write = os.pipe()
        self._read, from_child = os.pipe()
        args = [
            executable,
            "--headless",
            "--remote-debugging-pipe",
            f"--user-data-dir={self.profile}",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-gpu",
            "--disable-extensions",
            "--disable-sync",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-default-apps",
            "--hide-scrollbars",
            "--mute-audio",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--proxy-server=http://127.0.0.1:9",
            "about:blank",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox

        # Chromium reads fd 3 and writes fd 4: bash moves the pipes there (above 9 first,
        # so that neither lands on the other), no code runs between fork and exec.
        high_in = fcntl.fcntl(to_child, fcntl.F_DUPFD, 10)
        high_out = fcntl.fcntl(from_child, fcntl.F_DUPFD, 10)
        os.close(to_child)
        os.close(from_child)
        script = f'exec "$@" 3<&{high_in} 4>&{high_out} {high_in}<&- {high_out}>&-'
        self.log = Path(self.profile) / "chromium.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                ["bash", "-c", script, "bash", *args],
                pass_fds=(high_in, high_out),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
        os.close(high_in)
        os.close(high_out)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []

    # ---------------------------------------------------------------- protocol

    def call(self, method: str, params: dict[str, Any] | None = None, session: str = "") -> Any:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._receive()
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, session: str) -> dict[str, Any]:
        for event in self.events:
            if event.get("method") == method and event.get("sessionId") == session:
                return event
        while True:
            event = self._receive()
            self.events.append(event)
            if event.get("method") == method and event.get("sessionId") == session:
                return event

    def _receive(self) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._read], [], [], max(left, 0))
            if not ready:
                raise TimeoutError(f"chromium did not answer in {TIMEOUT:.0f} s; see {self.log}")
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise RuntimeError(f"chromium closed its pipe; see {self.log}")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return dict(json.loads(message))

    # ---------------------------------------------------------------- pages

    def open(self, path: Path, width: int = 1280, height: int = 900) -> str:
        """A new tab showing ``path`` (loaded, offline); returns its session id."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = str(
            self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        )
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", session=session)
        offline = {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
        self.call("Network.emulateNetworkConditions", offline, session)
        self.resize(session, width, height)
        self.call("Page.navigate", {"url": path.resolve().as_uri()}, session)
        self.wait_for("Page.loadEventFired", session)
        return session

    def resize(self, session: str, width: int, height: int, *, mobile: bool = False) -> None:
        metrics = {
            "width": width,
            "height": height,
            "deviceScaleFactor": 2 if mobile else 1,
            "mobile": mobile,
        }
        self.call("Emulation.setDeviceMetricsOverride", metrics, session)

    def evaluate(self, session: str, expression: str) -> Any:
        result = self.call(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}, session
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, session: str, clip: dict[str, float] | None = None) -> bytes:
        params: dict[str, Any] = {"format": "png", "captureBeyondViewport": clip is not None}
        if clip is not None:
            params["clip"] = {**clip, "scale": 1}
        return base64.b64decode(self.call("Page.captureScreenshot", params, session)["data"])

    def pdf(self, session: str, width_in: float, height_in: float) -> bytes:
        params = {
            "paperWidth": width_in,
            "paperHeight": height_in,
            "printBackground": True,
            "marginTop": 0,
            "marginBottom": 0,
            "marginLeft": 0,
            "marginRight": 0,
            "preferCSSPageSize": False,
        }
        return base64.b64decode(self.call("Page.printToPDF", params, session)["data"])

    def record(self, session: str, url: str) -> PageRun:
        """Console errors, uncaught exceptions, failed loads and requests of one tab."""
        run = PageRun(url)
        for event in self.events:
            if event.get("sessionId") != session:
                continue
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                run.errors.append(f"console: {params.get('args')}")
            elif method == "Runtime.exceptionThrown":
                run.errors.append(f"exception: {params.get('exceptionDetails')}")
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                run.errors.append(f"log: {params['entry'].get('text')}")
            elif method == "Network.requestWillBeSent":
                run.requests.append(str(params.get("request", {}).get("url")))
        return run

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._write)
        os.close(self._read)
        shutil.rmtree(self.profile, ignore_errors=True)


def pdf_pages(data: bytes) -> int:
    """The number of pages of a PDF that Chromium or LibreOffice wrote."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


if __name__ == "__main__":  # pragma: no cover - a tool for people
    chromium = find_chromium()
    if chromium is None:
        sys.exit("no chromium on PATH")
    browser = Browser(chromium)
    try:
        for name in sys.argv[1:]:
            tab = browser.open(Path(name))
            print(browser.record(tab, name))
    finally:
        browser.close()
