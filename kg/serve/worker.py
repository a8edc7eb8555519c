"""Query workers: child processes that hold the store, so an overrunning query can be
stopped.

pyoxigraph has no way to cancel a running query, and a thread cannot be killed, so each
query runs in a worker process (``multiprocessing`` "spawn" context: no fork of a
threaded server, no RocksDB handle shared across a fork). The server waits for the
answer with a deadline; past it the worker is killed (SIGKILL) and started again on its
next use, and the client gets a 503. Costs (measured by benchmarks/serve_overhead.py):
a round trip to the worker adds well under a millisecond to a small query; a timeout
costs the restart of a worker (a fresh interpreter that imports kg and opens or loads
the store).

A worker opens a persistent store read-only, or bulk-loads a build folder's graph.trig
into memory. Only the parent process talks to it, one query at a time.
"""
from __future__ import annotations

import multiprocessing
import queue
import threading
from dataclasses import dataclass, field

_CTX = multiprocessing.get_context("spawn")


@dataclass
class Job:
    """One query for a worker. ``accept``: media ranges, best first."""

    query: str
    accept: list[str]
    max_rows: int
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    """What a worker answers: an HTTP status, a body and its type, and whether the row
    limit cut the result."""

    status: int
    content_type: str
    body: bytes
    truncated: bool = False


def _open(source: tuple[str, str]):
    import pyoxigraph as ox

    kind, path = source
    if kind == "store":
        return ox.Store.read_only(path)
    store = ox.Store()
    store.bulk_load(path=path, format=ox.RdfFormat.TRIG)
    return store


def _error(status: int, message: str) -> Outcome:
    return Outcome(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


def execute(store, job: Job, prefixes: dict[str, str]) -> Outcome:
    """Run ``job`` on ``store`` and serialise the answer (in the worker process)."""
    import pyoxigraph as ox

    from kg.serve import results as R

    options = {"prefixes": prefixes}
    if job.default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if job.named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    try:
        answer = store.query(job.query, **options)
        if isinstance(answer, ox.QueryBoolean):
            media = R.choose(job.accept, R.SOLUTION_TYPES)
            body = media and R.boolean_body(bool(answer), media)
        elif isinstance(answer, ox.QueryTriples):
            media = R.choose(job.accept, R.GRAPH_TYPES)
            body = media and R.triples_body(answer, media, job.max_rows, prefixes)
        else:
            media = R.choose(job.accept, R.SOLUTION_TYPES)
            body = media and R.solutions_body(answer, media, job.max_rows)
    except SyntaxError as exc:
        return _error(400, "SPARQL syntax " + " ".join(str(exc).split()))
    except ValueError as exc:
        return _error(400, " ".join(str(exc).split()))
    except (OSError, RuntimeError) as exc:
        return _error(500, "query failed: " + " ".join(str(exc).split()))
    if not body:
        offered = R.GRAPH_TYPES if isinstance(answer, ox.QueryTriples) else R.SOLUTION_TYPES
        return _error(406, "cannot answer in " + ", ".join(job.accept) + "; choose one of "
                      + ", ".join(sorted(set(offered.values()))))
    return Outcome(200, body.content_type, body.data, body.truncated)


def _main(conn, source: tuple[str, str], prefixes: dict[str, str]) -> None:
    """Worker process: open the store, say "ready", then answer jobs until EOF."""
    try:
        store = _open(source)
    except (OSError, SyntaxError, ValueError) as exc:
        conn.send(("failed", " ".join(str(exc).split())))
        return
    conn.send(("ready", ""))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        conn.send(execute(store, job, prefixes))


class WorkerError(Exception):
    """A worker could not be started."""


class Worker:
    def __init__(self, source: tuple[str, str], prefixes: dict[str, str], load_timeout: float):
        self.source, self.prefixes, self.load_timeout = source, prefixes, load_timeout
        self.process = None
        self.conn = None

    def start(self) -> None:
        parent, child = _CTX.Pipe()
        self.process = _CTX.Process(target=_main, args=(child, self.source, self.prefixes),
                                    daemon=True, name="kg-query-worker")
        self.process.start()
        child.close()
        self.conn = parent
        if not parent.poll(self.load_timeout):
            self.kill()
            raise WorkerError(f"{self.source[1]}: the query worker did not load the graph in "
                              f"{self.load_timeout:g} s")
        try:
            state, message = parent.recv()
        except EOFError:
            state, message = "failed", "the worker exited"
        if state != "ready":
            self.kill()
            raise WorkerError(f"{self.source[1]}: cannot open the graph ({message})")

    def alive(self) -> bool:
        return self.process is not None and self.process.is_alive()

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.join(5)
            self.process.close()
        if self.conn is not None:
            self.conn.close()
        self.process = self.conn = None


class WorkerPool:
    """``size`` workers; a query waits up to ``queue_timeout`` for a free one."""

    def __init__(self, source: tuple[str, str], prefixes: dict[str, str], size: int = 1,
                 load_timeout: float = 300.0, queue_timeout: float = 30.0):
        self.queue_timeout = queue_timeout
        self._workers = [Worker(source, prefixes, load_timeout) for _ in range(max(1, size))]
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._lock = threading.Lock()
        self.restarts = 0
        for w in self._workers:
            self._idle.put(w)

    def start(self) -> None:
        """Start every worker now (else each starts on its first query)."""
        for w in self._workers:
            if not w.alive():
                w.start()

    def run(self, job: Job, timeout: float) -> Outcome:
        try:
            worker = self._idle.get(timeout=self.queue_timeout)
        except queue.Empty:
            return _error(503, f"all query workers are busy (waited {self.queue_timeout:g} s); "
                               "try again")
        try:
            if not worker.alive():
                worker.kill()
                worker.start()
            worker.conn.send(job)
            if worker.conn.poll(timeout):
                return worker.conn.recv()
            worker.kill()
            with self._lock:
                self.restarts += 1
            return _error(503, f"query timed out after {timeout:g} s (the limit of this "
                               "endpoint); narrow it or add a LIMIT")
        except WorkerError as exc:
            return _error(503, str(exc))
        except (EOFError, OSError) as exc:
            worker.kill()
            return _error(500, f"the query worker stopped ({exc or type(exc).__name__})")
        finally:
            self._idle.put(worker)

    def close(self) -> None:
        for w in self._workers:
            w.kill()
