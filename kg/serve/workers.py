"""A pool of worker processes that run queries under a time limit, for the server.

Why processes: rdflib evaluates SPARQL in pure Python, holding the GIL, and a thread cannot be
stopped from outside.  A runaway query (a cartesian product, say) would keep a thread busy until
it finished, and slow every other request.  Each worker here is a process that opens the store
itself (:class:`kg.store.StoreSpec`) and answers tasks (:func:`kg.serve.tasks.handle`) over a pipe.
When a worker does not stop an overrunning task itself (below), it is killed (SIGKILL) and a
fresh one is started in the background; the other workers keep serving meanwhile.  The event loop never blocks: it waits
on the pipes with ``add_reader``.

Each worker also runs under an address-space limit (``memory_mb``), so a query that would eat
the machine's memory fails with MemoryError in its worker instead; that worker is replaced.

A task's time limit is kept first by the worker itself: a timer signal (SIGALRM) stops the
query at its next Python step, and the worker goes on serving, with no process to replace.
Only a worker that does not answer within a second after that (stuck in C code) is killed.

One worker (of two or more) is kept for short tasks: a task it runs may take ``SHORT_BUDGET``
seconds there; one that takes longer is stopped and run again, from the start, on the other
workers (its time limit counted from its first start).  So however many runaway queries are
sent, a short query waits for at most one short slice, never for a runaway.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import time
from dataclasses import dataclass

from kg.errors import KGError


#: seconds a task may run on the worker kept for short tasks before it moves to the others
SHORT_BUDGET = 1.0
#: seconds a worker has to answer after its own timer stopped the task, before it is killed
GRACE = 1.0
#: seconds a client whose task overran the time limit runs its tasks on the other workers only
HEAVY_SECONDS = 60.0


MEMORY_MESSAGE = "the query needed more memory than the server allows a query; narrow it"
#: exit codes of a worker that ran out of memory: aborted by a native allocation that failed
#: (Rust's "memory allocation of N bytes failed"), or killed by the kernel's OOM killer
_OUT_OF_MEMORY = (-signal.SIGABRT, -signal.SIGKILL)


class Overrun(BaseException):
    """Raised in a worker by its timer when a task overruns its budget (a BaseException: the
    ``except Exception`` of a task's own code must not catch it)."""


def _overrun(signum, frame) -> None:
    raise Overrun


def _in_import(trace) -> bool:
    """Whether a traceback passes through the import machinery (an import was cut short)."""
    while trace is not None:
        if trace.tb_frame.f_code.co_filename.startswith("<frozen importlib"):
            return True
        trace = trace.tb_next
    return False


class PoolError(Exception):
    """A task could not be run: ``status`` is the HTTP status that says why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class _Worker:
    process: multiprocessing.Process
    conn: object  # multiprocessing.connection.Connection
    tasks: int = 0
    short: bool = False  # kept for short tasks


def worker_main(conn, spec, memory_mb: int | None, handler: str = "kg.serve.tasks:handle") -> None:
    """Body of a worker process: open the store, then answer tasks until the pipe closes.

    ``handler`` ("module:function", called with the store and a task) answers each task.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    if memory_mb:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    import importlib

    from kg.serve.tasks import error

    module, _, name = handler.partition(":")
    tasks = importlib.import_module(module)
    handle = getattr(tasks, name)
    try:
        store = spec.open()
        # what tasks import lazily is imported now, before the first timer can interrupt it
        getattr(tasks, "warm", lambda: None)()
    except Exception as exc:  # reported once, by the server, as a one-line error
        conn.send({"ready": False, "error": f"{type(exc).__name__}: {exc}".splitlines()[0]})
        return
    conn.send({"ready": True, "pid": os.getpid()})
    signal.signal(signal.SIGALRM, _overrun)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        budget = task.pop("_budget", None)
        try:
            try:
                if budget:
                    signal.setitimer(signal.ITIMER_REAL, budget)
                reply = handle(store, task)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        except Overrun as exc:
            reply = {"overrun": True}
            if _in_import(exc.__traceback__):
                reply["retire"] = True  # a module left half-initialised would fail every task
        except MemoryError:
            reply = error(503, MEMORY_MESSAGE)
            reply["retire"] = True
        except RecursionError:
            reply = error(400, "query nested too deeply")
        except Exception as exc:  # a bug or a store failure: one line to the client
            reply = error(500, f"internal error: {type(exc).__name__}: {exc}".splitlines()[0])
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


class QueryPool:
    """Worker processes that run :mod:`kg.serve.tasks` tasks with a per-task time limit.

    Args:
        spec: how each worker opens the store.
        workers: number of worker processes (of two or more, one is kept for short tasks).
        timeout: seconds a task may run before it is stopped (its worker replaced if it must).
        queue_timeout: seconds a task may wait for a free worker before it is refused (503).
        memory_mb: address-space limit of each worker, in MiB (None: no limit).
        start_timeout: seconds a worker may take to open the store.
        handler: "module:function" that answers a task in a worker (tests pass their own).
    """

    def __init__(self, spec, *, workers: int = 2, timeout: float = 5.0,
                 queue_timeout: float | None = None, memory_mb: int | None = 2048,
                 start_timeout: float = 120.0, handler: str = "kg.serve.tasks:handle") -> None:
        self.spec, self.handler = spec, handler
        self.size = max(1, int(workers))
        self.timeout = float(timeout)
        self.queue_timeout = float(queue_timeout if queue_timeout is not None else
                                   max(10.0, 3 * self.timeout))
        self.memory_mb = memory_mb
        self.start_timeout = start_timeout
        self.ctx = multiprocessing.get_context("spawn")
        self.workers: list[_Worker] = []
        self.killed = 0
        self.moved = 0  # tasks moved off the short-task worker
        self._heavy: dict = {}  # client -> until when its tasks skip the short-task worker
        self._free: list[_Worker] = []
        self._waiting: list[tuple[asyncio.Future, bool]] = []  # (future, any worker but short)
        self._background: set[asyncio.Task] = set()
        self._closed = False
        self._started = False

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Start every worker and wait until each has opened the store.

        Raises:
            KGError: a worker could not open the store (the message says why).
        """
        started = await asyncio.gather(*(self._start_worker() for _ in range(self.size)),
                                       return_exceptions=True)
        failure = next((w for w in started if isinstance(w, BaseException)), None)
        self._started = True
        ready = [w for w in started if isinstance(w, _Worker)]
        if len(ready) > 1:
            ready[-1].short = True
        for worker in ready:
            self._release(worker)
        if failure is not None:
            await self.close()
            raise failure

    async def close(self) -> None:
        """Stop every worker (kill what does not exit at once)."""
        self._closed = True
        for task in list(self._background):
            task.cancel()
        for worker in list(self.workers):
            self._stop(worker)
        self.workers.clear()
        self._free.clear()
        for future, _ in self._waiting:
            if not future.done():
                future.cancel()

    def pids(self) -> list[int]:
        """Process ids of the live workers."""
        return [w.process.pid for w in self.workers if w.process.pid]

    # ------------------------------------------------------------------ scheduling

    def _release(self, worker: _Worker) -> None:
        """Give a free worker to a task waiting that may use it, else keep it free.

        The other workers take the oldest task waiting; the short-task worker the newest, so
        a burst of runaway tasks sent at once holds a short one back for one slice only, not
        one slice per runaway (old tasks still get the other workers, in order)."""
        order = range(len(self._waiting))
        for i in (reversed(order) if worker.short else order):
            future, long_only = self._waiting[i]
            if future.done() or (long_only and worker.short):
                continue
            del self._waiting[i]
            future.set_result(worker)
            return
        self._free.append(worker)

    async def _acquire(self, long_only: bool, deadline: float) -> _Worker:
        """A free worker (the short-task one last, never when ``long_only``)."""
        usable = [w for w in self._free if not (long_only and w.short)]
        if usable:
            worker = min(usable, key=lambda w: w.short)
            self._free.remove(worker)
            return worker
        future = asyncio.get_running_loop().create_future()
        self._waiting.append((future, long_only))
        try:
            # a result set before a timeout or a cancellation is returned, never lost
            return await asyncio.wait_for(future, max(0.0, deadline - time.monotonic()))
        except (asyncio.TimeoutError, TimeoutError):
            raise PoolError(503, f"the server is busy: no query worker became free within "
                                 f"{self.queue_timeout:g} s; try again") from None
        finally:
            self._waiting = [(f, o) for f, o in self._waiting if f is not future]

    # ------------------------------------------------------------------ running tasks

    async def run(self, task: dict, *, timeout: float | None = None,
                  client: object = None) -> dict:
        """Run ``task`` on a free worker and return its answer.

        Args:
            task: what the worker does (:func:`kg.serve.tasks.handle`).
            timeout: overrides the pool's time limit for this task (such a task never runs on
                the worker kept for short tasks).
            client: who asked (a connection): a client whose task overran the time limit has
                its tasks run on the other workers for ``HEAVY_SECONDS``, so it cannot hold the
                short-task worker one slice at a time either.

        Raises:
            PoolError: 503 when no worker became free in time, or the task overran the time
                limit (its running time: waiting does not count); 500 when the worker died.
        """
        if self._closed or not self._started:
            raise PoolError(503, "the server is shutting down")
        limit = timeout or self.timeout
        queued = time.monotonic()
        long_only = (timeout is not None and timeout > self.timeout) or self._is_heavy(client)
        used = 0.0  # seconds run so far, on the short-task worker
        while True:
            worker = await self._acquire(long_only, queued + self.queue_timeout)
            left = limit - used
            budget = min(left, SHORT_BUDGET) if worker.short else left
            reply = await self._run_on(worker, task, max(0.01, budget), limit)
            if reply is not None:
                reply["elapsed"] = time.monotonic() - queued
                return reply
            used += budget
            if not worker.short or used >= limit:
                self._mark_heavy(client)
                raise PoolError(503, f"the query ran longer than the server's time limit of "
                                     f"{limit:g} s (kg serve --timeout) and was stopped; "
                                     "narrow it")
            self.moved += 1  # too long for the short-task worker: again, on another
            long_only = True

    def _is_heavy(self, client: object) -> bool:
        expiry = self._heavy.get(client) if client is not None else None
        if expiry is None:
            return False
        if expiry < time.monotonic():
            del self._heavy[client]
            return False
        return True

    def _mark_heavy(self, client: object) -> None:
        if client is None:
            return
        self._heavy.pop(client, None)
        self._heavy[client] = time.monotonic() + HEAVY_SECONDS
        while len(self._heavy) > 4096:  # the oldest marks go first
            del self._heavy[next(iter(self._heavy))]

    async def _run_on(self, worker: _Worker, task: dict, budget: float,
                      limit: float) -> dict | None:
        """``task`` on ``worker`` within ``budget`` seconds; None when it overran (the worker
        stopped it, or was killed for not doing so)."""
        try:
            worker.conn.send({**task, "_budget": budget})
            worker.tasks += 1
            reply = await self._receive(worker, budget + GRACE)
        except (asyncio.TimeoutError, TimeoutError):
            self._replace(worker)  # stuck where its timer cannot reach: killed
            return None
        except (EOFError, OSError, BrokenPipeError):
            worker.process.join(timeout=2)
            code = worker.process.exitcode
            self._replace(worker)
            if code in _OUT_OF_MEMORY:
                # native code (Oxigraph) aborts when an allocation fails under the worker's
                # memory limit, where Python would raise MemoryError: the same answer
                raise PoolError(503, MEMORY_MESSAGE) from None
            raise PoolError(500, "the query worker died while running the query") from None
        except BaseException:  # cancelled mid-task: the worker's state is unknown
            self._replace(worker)
            raise
        if reply.pop("retire", False):
            self._replace(worker)
        else:
            self._release(worker)
        return None if reply.get("overrun") else reply

    async def _receive(self, worker: _Worker, timeout: float):
        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        fd = worker.conn.fileno()

        def on_readable() -> None:
            if not ready.done():
                ready.set_result(None)

        loop.add_reader(fd, on_readable)
        try:
            await asyncio.wait_for(ready, timeout)
        finally:
            loop.remove_reader(fd)
        return worker.conn.recv()

    # ------------------------------------------------------------------ workers

    async def _start_worker(self) -> _Worker:
        parent, child = self.ctx.Pipe()
        process = self.ctx.Process(target=worker_main, args=(child, self.spec, self.memory_mb,
                                                          self.handler),
                                   daemon=True, name="kg-serve-worker")
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self.workers.append(worker)
        try:
            hello = await self._receive(worker, self.start_timeout)
        except (asyncio.TimeoutError, TimeoutError):
            self._stop(worker)
            raise KGError(f"a query worker did not open the store within "
                          f"{self.start_timeout:g} s") from None
        except (EOFError, OSError):
            self._stop(worker)
            raise KGError("a query worker exited while opening the store") from None
        if not hello.get("ready"):
            self._stop(worker)
            raise KGError(f"could not open the store: {hello.get('error')}")
        return worker

    def _stop(self, worker: _Worker) -> None:
        if worker in self.workers:
            self.workers.remove(worker)
        try:
            worker.conn.close()
        except OSError:
            pass
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5)

    def _replace(self, worker: _Worker) -> None:
        self.killed += 1
        self._stop(worker)
        if self._closed:
            return

        async def replacement() -> None:
            while not self._closed:
                try:
                    fresh = await self._start_worker()
                except KGError:
                    await asyncio.sleep(1.0)
                    continue
                fresh.short = worker.short
                if self._closed:
                    self._stop(fresh)
                else:
                    self._release(fresh)
                return

        task = asyncio.get_running_loop().create_task(replacement())
        self._background.add(task)
        task.add_done_callback(self._background.discard)
