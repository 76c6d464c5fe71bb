"""A pool of worker processes that run queries under a time limit, for the server.

Why processes: rdflib evaluates SPARQL in pure Python, holding the GIL, and a thread cannot be
stopped from outside.  A runaway query (a cartesian product, say) would keep a thread busy until
it finished, and slow every other request.  Each worker here is a process that opens the store
itself (:class:`kg.store.StoreSpec`) and answers tasks (:func:`kg.serve.tasks.handle`) over a pipe.
When a task overruns the time limit, its worker is killed (SIGKILL) and a fresh one is started in
the background; the other workers keep serving meanwhile.  The event loop never blocks: it waits
on the pipes with ``add_reader``.

Each worker also runs under an address-space limit (``memory_mb``), so a query that would eat
the machine's memory fails with MemoryError in its worker instead; that worker is replaced.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import time
from dataclasses import dataclass

from kg.errors import KGError


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
    handle = getattr(importlib.import_module(module), name)
    try:
        store = spec.open()
    except Exception as exc:  # reported once, by the server, as a one-line error
        conn.send({"ready": False, "error": f"{type(exc).__name__}: {exc}".splitlines()[0]})
        return
    conn.send({"ready": True, "pid": os.getpid()})
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = handle(store, task)
        except MemoryError:
            reply = error(503, "the query needed more memory than the server allows a query; "
                               "narrow it")
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
        workers: number of worker processes.
        timeout: seconds a task may run before its worker is killed and replaced.
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
        self._idle: asyncio.Queue | None = None
        self._background: set[asyncio.Task] = set()
        self._closed = False

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Start every worker and wait until each has opened the store.

        Raises:
            KGError: a worker could not open the store (the message says why).
        """
        self._idle = asyncio.Queue()
        started = await asyncio.gather(*(self._start_worker() for _ in range(self.size)),
                                       return_exceptions=True)
        failure = next((w for w in started if isinstance(w, BaseException)), None)
        for worker in started:
            if isinstance(worker, _Worker):
                self._idle.put_nowait(worker)
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

    def pids(self) -> list[int]:
        """Process ids of the live workers."""
        return [w.process.pid for w in self.workers if w.process.pid]

    # ------------------------------------------------------------------ running tasks

    async def run(self, task: dict, *, timeout: float | None = None) -> dict:
        """Run ``task`` on a free worker and return its answer.

        ``timeout`` overrides the pool's time limit for this task.

        Raises:
            PoolError: 503 when no worker became free in time, or the task overran the time
                limit (its worker is replaced); 500 when the worker died.
        """
        if self._closed or self._idle is None:
            raise PoolError(503, "the server is shutting down")
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.queue_timeout)
        except (asyncio.TimeoutError, TimeoutError):
            raise PoolError(503, f"the server is busy: no query worker became free within "
                                 f"{self.queue_timeout:g} s; try again") from None
        started = time.monotonic()
        try:
            worker.conn.send(task)
            worker.tasks += 1
            reply = await self._receive(worker, timeout or self.timeout)
        except (asyncio.TimeoutError, TimeoutError):
            self._replace(worker)
            raise PoolError(503, f"the query ran longer than the server's time limit of "
                                 f"{timeout or self.timeout:g} s (kg serve --timeout) and was "
                                 "stopped; narrow it") from None
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise PoolError(500, "the query worker died while running the query") from None
        except BaseException:  # cancelled mid-task: the worker's state is unknown
            self._replace(worker)
            raise
        if reply.pop("retire", False):
            self._replace(worker)
        else:
            self._idle.put_nowait(worker)
        reply["elapsed"] = time.monotonic() - started
        return reply

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
                if self._closed:
                    self._stop(fresh)
                else:
                    self._idle.put_nowait(fresh)
                return

        task = asyncio.get_running_loop().create_task(replacement())
        self._background.add(task)
        task.add_done_callback(self._background.discard)
