"""Headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`):
no extra Python package, no browser download, no network port.

`find_or_install()` returns Debian's chromium, installing it (with CJK fonts) through apt-get
when it is missing and this is root; otherwise it says why it cannot.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
PACKAGES = ("chromium", "fonts-noto-cjk", "fonts-open-sans")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--hide-scrollbars", "--force-color-profile=srgb", "--lang=en-US",
    "--no-default-browser-check", "--disable-extensions",
)


class BrowserUnavailable(Exception):
    pass


def find_or_install(timeout: float = 900) -> str:
    """The chromium executable; installs it with apt-get if absent (root only)."""
    if not Path(CHROMIUM).exists() or not _has_cjk_font():
        if os.geteuid() != 0 or not shutil.which("apt-get"):
            raise BrowserUnavailable(
                f"{CHROMIUM} or a CJK font is missing and cannot be installed here "
                f"(apt-get install {' '.join(PACKAGES)} needs root)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        steps = (["apt-get", "update", "-qq"],
                 ["apt-get", "install", "-y", "-q", "--no-install-recommends", *PACKAGES])
        for step in steps:
            try:
                done = subprocess.run(step, env=env, capture_output=True, text=True, timeout=timeout)
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise BrowserUnavailable(f"{' '.join(step)} failed: {exc}") from None
            if done.returncode != 0 and step[1] == "install":
                tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
                raise BrowserUnavailable(f"{' '.join(step)} exited {done.returncode}: {' | '.join(tail)}")
    if not Path(CHROMIUM).exists():
        raise BrowserUnavailable(f"{CHROMIUM} is still missing after apt-get install")
    return CHROMIUM


def _has_cjk_font() -> bool:
    if not shutil.which("fc-list"):
        return False
    listed = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True)
    return bool(listed.stdout.strip())


def _above_nine(fd: int) -> int:
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return moved


class ProtocolError(Exception):
    pass


class Chromium:
    """One headless browser with one page. Use as a context manager."""

    def __init__(self, executable: str = CHROMIUM, width: int = 1400, height: int = 900):
        self.profile = tempfile.mkdtemp(prefix="bilinorm-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # The protocol pipe is the child's fds 3 (commands in) and 4 (messages out); the ends
        # are first moved above 9 so that the shell's redirections cannot overwrite them.
        to_browser_r, from_browser_w = (_above_nine(to_browser_r), _above_nine(from_browser_w))
        script = f'exec "$0" "$@" 3<&{to_browser_r} 4>&{from_browser_w} {to_browser_r}<&- {from_browser_w}>&-'
        self.process = subprocess.Popen(
            ["/bin/bash", "-c", script, executable, *FLAGS, f"--user-data-dir={self.profile}",
             "--remote-debugging-pipe", f"--window-size={width},{height}", "about:blank"],
            pass_fds=(to_browser_r, from_browser_w), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._events: list[dict] = []
        self._next_id = 0
        self.session = None
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.send("Page.enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- protocol ----------------------------------------------------------------------------

    def send(self, method: str, params: dict | None = None, timeout: float = 30) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if self.session and not method.startswith(("Target.", "Browser.")):
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read(timeout)
            if reply.get("id") == message["id"]:
                if "error" in reply:
                    raise ProtocolError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            if "method" in reply:
                self._events.append(reply)

    def wait_for(self, event: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            for i, seen in enumerate(self._events):
                if seen["method"] == event:
                    return self._events.pop(i)
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {event} within {timeout}s")
            reply = self._read(left)
            if "method" in reply:
                self._events.append(reply)

    def _read(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._from_browser], [], [], max(0.0, left))
            if not ready:
                raise TimeoutError(f"the browser said nothing for {timeout}s")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise ProtocolError("the browser closed the protocol pipe")
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(raw)

    # --- page ----------------------------------------------------------------------------------

    def open(self, url: str, timeout: float = 60) -> None:
        """Load `url` as a new document (by way of about:blank, so that a URL differing from
        the current one only by its #fragment loads afresh too) and wait for its load event."""
        for address in ("about:blank", url):
            self._events = [e for e in self._events if e["method"] != "Page.loadEventFired"]
            self.send("Page.navigate", {"url": address})
            self.wait_for("Page.loadEventFired", timeout)

    def evaluate(self, expression: str, timeout: float = 30):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True}, timeout)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise ProtocolError(f"{expression[:80]}: {details.get('exception', {}).get('description') or details}")
        return result.get("result", {}).get("value")

    def hover(self, selector: str) -> None:
        x, y = self._middle(selector)
        self.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})

    def click(self, selector: str) -> None:
        """A real mouse click (move, press, release) on the element's first box."""
        x, y = self._middle(selector)
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y,
                                                   "button": "left" if kind != "mouseMoved" else "none",
                                                   "clickCount": 1})

    def _middle(self, selector: str) -> tuple[float, float]:
        """A point inside the element's first box (scrolled into view), near its start."""
        self.evaluate(f"document.querySelector({json.dumps(selector)}).scrollIntoView({{block: 'center'}})")
        box = self.evaluate(
            f"(() => {{ const r = document.querySelector({json.dumps(selector)}).getClientRects()[0];"
            " return {x: r.left + Math.min(r.width / 2, 40), y: r.top + r.height / 2}; })()")
        return box["x"], box["y"]

    def screenshot(self, path: Path, full_page: bool = False, clip: dict | None = None) -> bytes:
        params: dict = {"format": "png"}
        if full_page:
            size = self.send("Page.getLayoutMetrics")["cssContentSize"]
            clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"]}
        if clip:
            params.update(clip={**clip, "scale": 1}, captureBeyondViewport=True)
        data = base64.b64decode(self.send("Page.captureScreenshot", params, timeout=60)["data"])
        Path(path).write_bytes(data)
        return data

    def close(self) -> None:
        try:
            if self.process.poll() is None:
                self.send("Browser.close", timeout=5)
        except (ProtocolError, TimeoutError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self._to_browser, self._from_browser):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)
