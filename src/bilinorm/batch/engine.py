"""Where a run's tasks execute: in this process, in worker processes, or on Dask.

Every engine has one method, `imap(fn, tasks)`: it takes an iterable of `(key, args)`, calls
`fn(*args)` for each somewhere, and yields `(key, result)` as results arrive (in completion
order). Tasks are pulled from the iterable lazily and only a small window is in flight, so
memory does not grow with the number of inputs. A task that exceeds the time budget, or whose
worker dies, yields a `Lost` result instead of hanging or ending the run.

`fn` must be a module-level function and its arguments picklable: that is what lets the
process and Dask engines run the very same function.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
import time
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait

ENGINES = ("process", "dask", "serial")


@dataclass(frozen=True, slots=True)
class Lost:
    """A task that gave no result: `timeout` (killed at its deadline) or `crashed` (its
    worker process died, e.g. killed by the system for memory)."""

    reason: str
    message: str


Task = tuple[object, tuple]


class SerialEngine:
    """In this process, one task at a time: no isolation and no time budget (for debugging
    and for library callers who do not want processes)."""

    name = "serial"

    def __init__(self, jobs: int = 1, timeout: float | None = None):
        self.jobs = 1

    def imap(self, fn: Callable, tasks: Iterable[Task]) -> Iterator[tuple[object, object]]:
        for key, args in tasks:
            yield key, fn(*args)

    def close(self) -> None:
        pass


class ProcessEngine:
    """`jobs` worker processes, each task with a deadline.

    Each worker holds a few tasks, so that it starts the next one as soon as it sends a
    result instead of waiting for this process to hand it one. When tasks are short, this
    process naps `NAP_SECONDS` between reads and then takes every result that arrived: one
    wake-up for tens of small documents instead of one each, which leaves the CPU to the
    workers. How many tasks a worker holds follows how fast results come (enough for three
    naps, between 2 and `MAX_QUEUE`), so that at the end of a run no worker holds much more
    work than the others. A task's time budget starts when its worker can start it (when it
    is sent to an idle worker, or when the previous result is read, at most a nap after it
    arrived). A result whose task ran longer than the budget (as its worker measured it)
    yields `Lost("timeout")`, and so does the task of a worker past its deadline, which is
    killed and replaced; a worker that dies yields `Lost("crashed")` for the task it was
    running and is replaced; the tasks queued behind either are handed out again. Workers
    ignore Ctrl-C (the run stops them) and exit when this process goes away, however it goes.
    """

    name = "process"
    NAP_SECONDS = 0.01
    MAX_QUEUE = 32

    def __init__(self, jobs: int, timeout: float | None = None):
        self.jobs = max(1, jobs)
        self.timeout = timeout if timeout and timeout > 0 else None
        self._context = _context()
        _open_engines.add(self)
        # Started now: the fork server loads the pipeline while the run sets itself up.
        self._workers: list[_Worker] = [_Worker(self._context) for _ in range(self.jobs)]

    def imap(self, fn: Callable, tasks: Iterable[Task]) -> Iterator[tuple[object, object]]:
        pending = iter(tasks)
        retry: deque[Task] = deque()
        while len(self._workers) < self.jobs:
            self._workers.append(_Worker(self._context))
        queued: dict[_Worker, deque[Task]] = {w: deque() for w in self._workers}
        deadline: dict[_Worker, float] = {}
        exhausted = False
        pace = _Pace(self.NAP_SECONDS, self.MAX_QUEUE, len(self._workers))
        while True:
            depth = pace.depth()
            outgoing: dict[_Worker, list[tuple]] = {}
            while retry or not exhausted:  # fill the shortest queue first: work spreads evenly
                worker = min(self._workers, key=lambda w: len(queued[w]))
                queue = queued[worker]
                if len(queue) >= depth:
                    break
                if retry:
                    task = retry.popleft()
                else:
                    try:
                        task = next(pending)
                    except StopIteration:
                        exhausted = True
                        break
                outgoing.setdefault(worker, []).append(task[1])
                queue.append(task)
                if len(queue) == 1:
                    deadline[worker] = self._deadline(worker)
            for worker, batch in outgoing.items():
                worker.send(fn, batch)
            busy = [w for w in self._workers if queued[w]]
            if not busy:
                return
            nearest = min(deadline[w] for w in busy)
            wait_for = None if nearest == float("inf") else max(0.0, nearest - time.monotonic())
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], wait_for))
            for worker in busy:
                queue = queued[worker]
                if worker.conn in ready:
                    while queue:  # every result that has arrived
                        try:
                            result = worker.conn.recv()
                        except (EOFError, OSError):
                            note = worker.death_note()
                            retry.extend(list(queue)[1:])
                            self._replace(worker, queued, deadline)
                            yield queue.popleft()[0], Lost("crashed", note)
                            break
                        deadline[worker] = self._deadline(worker)
                        if isinstance(result, str) and result == _READY:  # started: the budget starts now
                            worker.ready = True
                        else:
                            result, seconds = result
                            pace.result()
                            if self.timeout and seconds > self.timeout:  # done, but over its budget
                                result = Lost("timeout", f"took {seconds:.3g} s, longer than "
                                                         f"{self.timeout:g} s")
                            yield queue.popleft()[0], result
                        if not worker.conn.poll():
                            break
                elif worker.process.sentinel in ready:
                    note = worker.death_note()
                    retry.extend(list(queue)[1:])
                    self._replace(worker, queued, deadline)
                    yield queue.popleft()[0], Lost("crashed", note)
                elif time.monotonic() >= deadline[worker]:
                    retry.extend(list(queue)[1:])
                    self._replace(worker, queued, deadline)
                    if not worker.ready:
                        yield queue.popleft()[0], Lost("crashed", "a worker process did not start "
                                                                  f"within {STARTUP_SECONDS} s")
                        continue
                    yield queue.popleft()[0], Lost("timeout", f"took longer than {self.timeout:g} s; "
                                                              "its worker was stopped and replaced")
            if pace.can_nap(min(len(queued[w]) for w in self._workers)):
                time.sleep(self.NAP_SECONDS)

    def _deadline(self, worker: _Worker) -> float:
        if not worker.ready:
            return time.monotonic() + STARTUP_SECONDS
        return time.monotonic() + self.timeout if self.timeout else float("inf")

    def _replace(self, worker: _Worker, queued: dict, deadline: dict) -> None:
        worker.kill()
        fresh = _Worker(self._context)
        self._workers[self._workers.index(worker)] = fresh
        queued.pop(worker, None)  # the caller still holds its queue
        queued[fresh] = deque()
        deadline.pop(worker, None)

    def close(self) -> None:
        for worker in self._workers:
            worker.stop()
        self._workers = []
        _open_engines.discard(self)
        if not _open_engines and self._context.get_start_method() == "forkserver":
            stop_fork_server()


class _Pace:
    """How fast results come, and from it how many tasks a worker should hold to stay busy
    through three naps."""

    def __init__(self, nap: float, most: int, workers: int):
        self.nap, self.most, self.workers = nap, most, workers
        self.seconds = 0.0  # a worker's seconds per task: a moving average, 0 until measured
        self._last: float | None = None

    def result(self) -> None:
        now = time.monotonic()
        if self._last is not None:
            gap = (now - self._last) * self.workers  # results of all workers interleave
            self.seconds = gap if not self.seconds else 0.95 * self.seconds + 0.05 * gap
        self._last = now

    def depth(self) -> int:
        if not self.seconds:
            return 2
        return max(2, min(self.most, math.ceil(3 * self.nap / self.seconds)))

    def can_nap(self, shortest_queue: int) -> bool:
        """True when every worker holds work for longer than a nap and a half."""
        return bool(self.seconds) and shortest_queue * self.seconds > 1.5 * self.nap


STARTUP_SECONDS = 120  # importing bilinorm takes about 0.1 s; this is for a machine in trouble
_READY = "bilinorm-worker-ready"


class _Worker:
    def __init__(self, context):
        parent, child = context.Pipe()
        self.conn = parent
        self.ready = False
        self.process = context.Process(target=_worker_loop, args=(child,), daemon=True)
        self.process.start()
        child.close()

    def send(self, fn: Callable, batch: list[tuple]) -> None:
        """Hand over tasks (their arguments) in one message: one pickling and one write for
        all of them, and the configuration they share is pickled once."""
        self.conn.send((fn, batch))

    def death_note(self) -> str:
        self.process.join(1)
        code = self.process.exitcode
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            return f"the worker process was killed ({name}) while reading this input"
        return f"the worker process exited (code {code}) while reading this input"

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(2)
        self.kill()


def _worker_loop(conn) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the run's to handle
    try:
        conn.send(_READY)
    except (EOFError, OSError):
        return
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return  # the run is gone
        if message is None:
            return
        fn, batch = message
        for args in batch:  # a result each, as soon as it is ready
            started = time.monotonic()
            try:
                result = fn(*args)
            except BaseException as exc:  # the task functions never raise; this is a last resort
                result = Lost("crashed", f"{type(exc).__name__}: {exc}")
            try:
                conn.send((result, time.monotonic() - started))
            except (EOFError, OSError):
                return


def _context():
    # forkserver: workers are forked from a small single-threaded server process, which is
    # safe whatever threads this process runs (a progress bar, a Dask client). The server
    # imports bilinorm once, through this process's sys.path, so every worker runs the same
    # code as the run that started it and starts without importing anything itself.
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([PRELOAD])
    return context


PRELOAD = "bilinorm.batch.preload"
_open_engines: weakref.WeakSet[ProcessEngine] = weakref.WeakSet()  # the server is shared


def start_fork_server() -> None:
    """Start the server that workers are forked from, now: it loads the pipeline (about 0.2 s)
    while the caller goes on setting up the run, instead of after. The command line calls it
    first thing for a run on worker processes; the run's engine stops it at the end."""
    context = _context()
    if context.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def stop_fork_server() -> None:
    """Stop the fork server (the last engine using it does, when it closes), so that no process
    outlives the run and the CPU time of the server and its workers is accounted to this
    process (the rusage of its children)."""
    from multiprocessing import forkserver

    stop = getattr(forkserver._forkserver, "_stop", None)  # noqa: SLF001 - no public way
    if stop is not None:
        stop()


class DaskEngine:
    """Tasks on a Dask cluster: the scheduler at `scheduler`, or a local cluster of `jobs`
    single-threaded worker processes. Workers must see the input files and the output folder
    at the same paths (a shared file system). The time budget is counted from submission and
    a late task is given up (Dask cannot stop a running task); its worker keeps running it."""

    name = "dask"

    def __init__(self, jobs: int, timeout: float | None = None, scheduler: str | None = None,
                 processes: bool = True):
        try:
            from distributed import Client, LocalCluster
        except ImportError:  # pragma: no cover - depends on the installation
            raise EngineUnavailable(
                "the dask engine needs Dask: pip install 'bilinorm[dask]'") from None
        import logging

        logging.getLogger("distributed").setLevel(logging.ERROR)
        self.timeout = timeout if timeout and timeout > 0 else None
        self._cluster = None
        try:
            if scheduler:
                self._client = Client(scheduler, set_as_default=False)
            else:
                self._cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1,
                                             processes=processes, dashboard_address=None)
                self._client = Client(self._cluster, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            where = f"the Dask scheduler at {scheduler}" if scheduler else "a local Dask cluster"
            raise EngineUnavailable(f"cannot reach {where}: {exc}") from None
        self.jobs = max(1, sum(self._client.nthreads().values()))

    def imap(self, fn: Callable, tasks: Iterable[Task]) -> Iterator[tuple[object, object]]:
        pending = iter(tasks)
        window = 2 * self.jobs
        flying: dict = {}  # future -> (key, deadline)
        exhausted = False
        while True:
            while not exhausted and len(flying) < window:
                try:
                    key, args = next(pending)
                except StopIteration:
                    exhausted = True
                    break
                future = self._client.submit(fn, *args, pure=False)
                flying[future] = (key, time.monotonic() + self.timeout if self.timeout else float("inf"))
            if not flying:
                return
            done = [f for f in flying if f.done()]  # a small window: polling is cheap
            if not done:
                time.sleep(0.002)
            for future in done:
                key, _ = flying.pop(future)
                try:
                    result = future.result()
                except Exception as exc:  # a worker lost, or an error inside Dask itself
                    result = Lost("crashed", f"the Dask task failed: {type(exc).__name__}: {exc}")
                yield key, result
            now = time.monotonic()
            for future, (key, deadline) in list(flying.items()):
                if now >= deadline:
                    del flying[future]
                    future.cancel()
                    yield key, Lost("timeout", f"took longer than {self.timeout:g} s; given up")

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


class EngineUnavailable(RuntimeError):
    pass


def make_engine(name: str, jobs: int, timeout: float | None = None, scheduler: str | None = None):
    if name == "serial":
        return SerialEngine()
    if name == "process":
        return ProcessEngine(jobs, timeout)
    if name == "dask":
        return DaskEngine(jobs, timeout, scheduler)
    raise ValueError(f"unknown engine {name!r} (choose from {', '.join(ENGINES)})")


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
