"""Module-level task functions for the engine tests (worker processes import them by name)."""

import os
import signal
import time


def square_after(x: int, seconds: float) -> int:
    time.sleep(seconds)
    return x * x


def die(x: int) -> int:
    os.kill(os.getpid(), signal.SIGKILL)
    return x
