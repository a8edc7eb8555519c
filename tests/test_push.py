"""`kg push` into a real Oxigraph server (PyPI `oxigraph`, started on a free loopback port
with --union-default-graph): the server then holds the same quads as the local graph and
answers every bundled query with the same rows as `kg query`."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import KGError
from kg.query import list_queries, read_query, run_query
from kg.store import update_store
from kg.store.push import push

# bundled queries run with the bindings the README shows, and unbound
CASES = [(name, {}) for name in sorted(list_queries())] + [
    ("programmes-targeting-group", {"groupLabel": "农民工"}),
    ("places-in-province", {"provinceLabel": "陕西省"}),
    ("relation-provenance", {"relation": "issuedBy"}),
]
COUNT = "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?g) AS ?graphs) WHERE { GRAPH ?g { ?s ?p ?o } }"


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """Base URL of a running `oxigraph serve`; killed at the end of the session."""
    binary = oxigraph_binary()
    if binary is None:
        reason = "the oxigraph server is missing (pip install -e '.[dev]')"
        if os.environ.get("CI"):
            pytest.fail(f"push tests cannot run in CI: {reason}", pytrace=False)
        pytest.skip(reason)
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    proc = subprocess.Popen([binary, "serve", "--location", str(location),
                             "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("oxigraph serve did not start: "
                            + proc.stderr.read().decode("utf-8", "replace"), pytrace=False)
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def server_select(base: str, query: str) -> list[dict]:
    """The bindings a SELECT returns from the server's SPARQL endpoint (JSON)."""
    request = urllib.request.Request(
        base + "/query", data=urllib.parse.urlencode({"query": query}).encode(),
        headers={"Accept": "application/sparql-results+json",
                 "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)["results"]["bindings"]


def server_counts(base: str) -> tuple[int, int]:
    row = server_select(base, COUNT)[0]
    return int(row["n"]["value"]), int(row["graphs"]["value"])


def local_counts(trig: Path) -> tuple[int, int]:
    store = ox.Store()
    store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    return len(store), sum(1 for _ in store.named_graphs())


def with_values(query: str, bindings: dict[str, str]) -> str:
    """The query with a trailing VALUES clause for the server (which has no
    substitutions); the terms are written by pyoxigraph, as `kg query --bind` makes them."""
    from kg.query.run import _term

    if not bindings:
        return query
    names = " ".join("?" + k for k in bindings)
    terms = " ".join(str(_term(v)) for v in bindings.values())
    return f"{query}\nVALUES ({names}) {{ ({terms}) }}\n"


def canon(bindings: list[dict]) -> list[str]:
    return sorted(json.dumps(b, sort_keys=True, ensure_ascii=False) for b in bindings)


@pytest.fixture(scope="module")
def pushed(oxigraph_server, sample_build):
    build_dir = sample_build[0].out_dir
    result = push(oxigraph_server + "/store", build_dir)
    return result, build_dir


def test_push_puts_every_named_graph(pushed, oxigraph_server):
    result, build_dir = pushed
    quads, graphs = local_counts(build_dir / "graph.trig")
    assert (result.triples, result.graphs) == (quads, graphs)
    assert server_counts(oxigraph_server) == (quads, graphs)
    # pushing again replaces each graph: nothing doubles
    push(oxigraph_server + "/store", build_dir)
    assert server_counts(oxigraph_server) == (quads, graphs)


@pytest.mark.parametrize("name, bindings", CASES, ids=[f"{n}{'-bound' if b else ''}" for n, b in CASES])
def test_server_answers_bundled_queries_like_kg_query(pushed, oxigraph_server, name, bindings):
    _, build_dir = pushed
    local = run_query(build_dir, name, bindings)
    remote = server_select(oxigraph_server, with_values(read_query(name), bindings))
    assert canon(remote) == canon(local.bindings)


def test_push_from_a_store_sends_the_same_dataset(pushed, oxigraph_server, tmp_path, samples_dir):
    _, build_dir = pushed
    st = tmp_path / "st"
    update_store([samples_dir], st)
    result = push(oxigraph_server + "/store", store_dir=st)
    assert (result.triples, result.graphs) == local_counts(build_dir / "graph.trig")
    assert server_counts(oxigraph_server) == local_counts(build_dir / "graph.trig")


def test_cli_push(pushed, oxigraph_server):
    _, build_dir = pushed
    r = CliRunner().invoke(main, ["push", str(build_dir), "--endpoint", oxigraph_server + "/store"])
    quads, graphs = local_counts(build_dir / "graph.trig")
    assert r.exit_code == 0, r.output
    assert r.output == f"pushed {quads} triples in {graphs} graphs to {oxigraph_server}/store\n"


def test_push_to_an_unreachable_endpoint(sample_build):
    url = f"http://127.0.0.1:{free_port()}/store"
    r = CliRunner().invoke(main, ["push", str(sample_build[0].out_dir), "--endpoint", url])
    assert r.exit_code == 1
    assert r.output == f"Error: {url}: cannot reach the endpoint (Connection refused)\n"


def test_push_refused_by_the_server(pushed, oxigraph_server):
    _, build_dir = pushed
    url = oxigraph_server + "/query"  # the query endpoint takes no PUT
    with pytest.raises(KGError) as exc:
        push(url, build_dir)
    msg = str(exc.value)
    assert msg.startswith(f"{url}: the server refused graph <") and "(HTTP 4" in msg
    assert "\n" not in msg


@pytest.mark.parametrize("url", ["ftp://example.org/store", "localhost:7878/store", ""])
def test_push_needs_an_http_url(sample_build, url):
    r = CliRunner().invoke(main, ["push", str(sample_build[0].out_dir), "--endpoint", url])
    assert r.exit_code == 1
    assert r.output == f"Error: {url}: not an http(s) URL of a Graph Store endpoint\n"


def test_push_needs_a_source():
    r = CliRunner().invoke(main, ["push", "--endpoint", "http://127.0.0.1:1/store"])
    assert r.exit_code == 1
    assert r.output == "Error: give either a build folder or --store DIR\n"
