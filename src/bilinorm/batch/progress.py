"""Progress on stderr: a tqdm bar on a terminal, a plain line every few seconds otherwise,
nothing with `--quiet`. Never anything on stdout."""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

STATUSES = ("written", "merged", "skipped", "failed")


class Progress:
    """Live counts of inputs by status. `merged` here counts inputs whose article was already
    seen in this run; the final figures (after merging) are in the summary."""

    def __init__(self, total: int | None = None):
        self.total = total
        self.counts = dict.fromkeys(STATUSES, 0)
        self.started = time.monotonic()

    def add(self, status: str) -> None:
        self.counts[status] = self.counts.get(status, 0) + 1
        self.show()

    @property
    def done(self) -> int:
        return sum(self.counts.values())

    def rate(self) -> float:
        return self.done / max(1e-9, time.monotonic() - self.started)

    def show(self) -> None:
        pass

    def phase(self, text: str) -> None:
        pass

    def close(self) -> None:
        pass


class PlainProgress(Progress):
    """One line every `every` seconds: for logs and pipes, where a bar would be noise."""

    def __init__(self, total: int | None = None, stream: TextIO | None = None, every: float = 10.0):
        super().__init__(total)
        self.stream = stream or sys.stderr
        self.every = every
        self._last = self.started

    def show(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < self.every:
            return
        self._last = now
        of = f"/{self.total}" if self.total is not None else ""
        counts = ", ".join(f"{n} {s}" for s, n in self.counts.items())
        print(f"bilinorm: {self.done}{of} inputs: {counts}; {self.rate():.0f} docs/s",
              file=self.stream, flush=True)

    def phase(self, text: str) -> None:
        if time.monotonic() - self.started >= self.every:  # a short run needs no narration
            print(f"bilinorm: {text}", file=self.stream, flush=True)


class BarProgress(Progress):
    """A tqdm bar. Its total comes from `count` (a walk of the inputs), run in a thread so that
    the work starts at once; until it is known the bar shows counts and rate only."""

    def __init__(self, count=None, stream: TextIO | None = None):
        super().__init__(None)
        from tqdm import tqdm

        self._bar = tqdm(total=None, unit="doc", file=stream or sys.stderr, dynamic_ncols=True,
                         mininterval=0.25, smoothing=0.1, desc="bilinorm")
        self._shown = self.started
        if count is not None:
            self._counter = threading.Thread(target=self._count, args=(count,), daemon=True)
            self._counter.start()

    def _count(self, count) -> None:
        try:
            total = count()
        except OSError:
            return
        self.total = self._bar.total = total

    def add(self, status: str) -> None:
        self.counts[status] = self.counts.get(status, 0) + 1
        self._bar.update(1)
        now = time.monotonic()
        if now - self._shown > 0.25:
            self._shown = now
            self._bar.set_postfix_str(", ".join(f"{s} {n}" for s, n in self.counts.items()), refresh=False)

    def phase(self, text: str) -> None:
        self._bar.set_description_str(f"bilinorm: {text}")

    def close(self) -> None:
        if hasattr(self, "_counter"):
            self._counter.join(1)
        self._bar.set_postfix_str(", ".join(f"{s} {n}" for s, n in self.counts.items()), refresh=False)
        self._bar.close()


def make_progress(mode: str, total_hint=None, stream: TextIO | None = None) -> Progress:
    """`mode`: `auto` (a bar on a terminal, plain lines otherwise), `bar`, `plain` or `none`.
    `total_hint` is called (in a thread) for the number of inputs only when a bar shows it."""
    stream = stream or sys.stderr
    if mode == "auto":
        mode = "bar" if _is_terminal(stream) else "plain"
    if mode == "bar":
        return BarProgress(total_hint, stream)
    if mode == "plain":
        return PlainProgress(None, stream)
    return Progress()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
