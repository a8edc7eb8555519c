"""What the killable query workers of `kg serve` cost.

    .venv/bin/python benchmarks/serve_overhead.py build/ [--store STORE] [--runs 50]

Prints, for a few queries, the median time of (a) pyoxigraph in this process (query +
JSON serialisation) and (b) the same query through the WSGI app, i.e. a round trip to
the worker process; then the time a worker takes to start (spawn + imports + opening
the graph), which is what a timed-out query costs on top of its timeout.
"""
from __future__ import annotations

import argparse
import io
import statistics
import time
import urllib.parse
from pathlib import Path
from wsgiref.util import setup_testing_defaults

import pyoxigraph as ox

from kg.graph.namespaces import PREFIXES
from kg.query import read_query
from kg.serve import ServeConfig, create_app
from kg.serve.worker import Worker

QUERIES = {
    "ask": "ASK { ?a a ep:Article }",
    "documents-by-agency": read_query("documents-by-agency"),
    "relation-provenance": read_query("relation-provenance"),
}


def wsgi_get(app, query: str) -> bytes:
    environ: dict = {}
    setup_testing_defaults(environ)
    environ.update(PATH_INFO="/sparql", QUERY_STRING=urllib.parse.urlencode({"query": query}),
                   CONTENT_LENGTH="0")
    environ["wsgi.input"] = io.BytesIO()
    status = []
    body = b"".join(app(environ, lambda s, h: status.append(s)))
    if not status[0].startswith("200"):
        raise RuntimeError(status[0] + " " + body.decode())
    return body


def median_ms(fn, runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build_dir", type=Path)
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    store = ox.Store()
    store.bulk_load(path=str(args.build_dir / "graph.trig"), format=ox.RdfFormat.TRIG)
    app = create_app(args.build_dir, ServeConfig())
    try:
        print(f"{'query':<22} {'in-process ms':>14} {'via worker ms':>14} {'overhead ms':>12}")
        for name, query in QUERIES.items():
            def direct():
                answer = store.query(query, use_default_graph_as_union=True, prefixes=dict(PREFIXES))
                if isinstance(answer, ox.QuerySolutions):
                    answer.serialize(format=ox.QueryResultsFormat.JSON)
            a = median_ms(direct, args.runs)
            b = median_ms(lambda: wsgi_get(app, query), args.runs)
            print(f"{name:<22} {a:>14.2f} {b:>14.2f} {b - a:>12.2f}")
    finally:
        app.close()

    sources = [("trig", str((args.build_dir / "graph.trig").resolve()))]
    if args.store:
        sources.append(("store", str(args.store.resolve())))
    print(f"\n{'worker start (timeout cost)':<30} {'median s':>9}")
    for source in sources:
        times = []
        for _ in range(5):
            worker = Worker(source, dict(PREFIXES), load_timeout=300)
            t0 = time.perf_counter()
            worker.start()
            times.append(time.perf_counter() - t0)
            worker.kill()
        print(f"{source[0]:<30} {statistics.median(times):>9.2f}")


if __name__ == "__main__":
    main()
