"""`kg serve`: the WSGI app driven without a socket (a WSGI environ built by hand), plus
one real server over loopback queried with SPARQLWrapper. Results in every format are
read back with pyoxigraph's own SPARQL results parsers and compared with `kg query`."""
from __future__ import annotations

import csv
import io
import json
import shutil
import threading
import urllib.parse
from wsgiref.util import setup_testing_defaults

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.query import list_queries, read_query, run_query
from kg.serve import Response, Route, ServeConfig, create_app, make_http_server
from kg.store import update_store

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ARTICLES = "SELECT ?a ?t WHERE { ?a a ep:Article ; dct:title ?t } ORDER BY ?a"
READ_ONLY = "SPARQL Update is not allowed: this endpoint is read-only\n"


def call(app, method="GET", path="/", params=None, headers=None, body=b""):
    """(status code, headers, body) of one request to the WSGI ``app``."""
    environ: dict = {}
    setup_testing_defaults(environ)
    environ.update(REQUEST_METHOD=method, PATH_INFO=path,
                   QUERY_STRING=urllib.parse.urlencode(params or {}, doseq=True),
                   CONTENT_LENGTH=str(len(body)))
    environ["wsgi.input"] = io.BytesIO(body)
    for name, value in (headers or {}).items():
        key = name.upper().replace("-", "_")
        environ[key if key == "CONTENT_TYPE" else "HTTP_" + key] = value
    seen = {}

    def start_response(status, hdrs):
        seen["status"], seen["headers"] = int(status.split()[0]), dict(hdrs)

    data = b"".join(app(environ, start_response))
    return seen["status"], seen["headers"], data


def solutions(data: bytes, fmt) -> list[dict]:
    """Solutions parsed by pyoxigraph's results parser, as {var: N-Triples term}."""
    parsed = ox.parse_query_results(data, format=fmt)
    names = [v.value for v in parsed.variables]
    return [{n: str(s[n]) for n in names if s[n] is not None} for s in parsed]


def local(build_dir, query) -> list[dict]:
    store = ox.Store()
    store.bulk_load(path=str(build_dir / "graph.trig"), format=ox.RdfFormat.TRIG)
    from kg.graph.namespaces import PREFIXES

    answer = store.query(query, use_default_graph_as_union=True, prefixes=dict(PREFIXES))
    names = [v.value for v in answer.variables]
    return [{n: str(s[n]) for n in names if s[n] is not None} for s in answer]


@pytest.fixture(scope="module")
def build_dir(sample_build, tmp_path_factory):
    """A copy of the sample build (tests add files to it)."""
    folder = tmp_path_factory.mktemp("served") / "build"
    shutil.copytree(sample_build[0].out_dir, folder)
    return folder


@pytest.fixture(scope="module")
def app(build_dir):
    app = create_app(build_dir)
    yield app
    app.close()


@pytest.fixture(scope="module")
def limited(build_dir):
    """An app with small limits and an extra route."""
    def extra(request):
        return Response.text(200, "extra " + request.path)

    config = ServeConfig(timeout=1.0, max_rows=3, max_request_bytes=2000)
    app = create_app(build_dir, config, routes=[Route("/extra/", extra)])
    yield app
    app.close()


# -- the protocol --------------------------------------------------------------------------

def test_get_and_both_posts_agree_with_kg_query(app, build_dir):
    expected = local(build_dir, ARTICLES)
    assert expected
    json_type = ox.QueryResultsFormat.JSON
    status, headers, data = call(app, params={"query": ARTICLES}, path="/sparql")
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
    assert solutions(data, json_type) == expected
    form = urllib.parse.urlencode({"query": ARTICLES}).encode()
    status, _, data = call(app, "POST", "/sparql", body=form,
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and solutions(data, json_type) == expected
    status, _, data = call(app, "POST", "/sparql", body=ARTICLES.encode(),
                           headers={"Content-Type": "application/sparql-query; charset=utf-8"})
    assert status == 200 and solutions(data, json_type) == expected


@pytest.mark.parametrize("accept, fmt", [
    ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ("text/html;q=0.9, application/xml", ox.QueryResultsFormat.XML),
    ("text/csv", ox.QueryResultsFormat.CSV),
])
@pytest.mark.parametrize("name", sorted(list_queries()))
def test_every_format_of_every_bundled_query(app, build_dir, accept, fmt, name):
    status, headers, data = call(app, path="/sparql", params={"query": read_query(name)},
                                 headers={"Accept": accept})
    assert status == 200, data
    if fmt == ox.QueryResultsFormat.CSV:  # lossy (lexical values only): Python's csv reads it
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
        result = run_query(build_dir, name)
        assert rows[0] == result.variables
        assert rows[1:] == [["" if r[v] is None else r[v] for v in result.variables]
                            for r in result.rows]
        assert data.count(b"\r\n") == len(rows)
        return
    assert solutions(data, fmt) == local(build_dir, read_query(name))


def test_ask_and_construct(app, build_dir):
    status, headers, data = call(app, path="/sparql", params={"query": "ASK { ?a a ep:Article }"})
    assert status == 200 and json.loads(data) == {"head": {}, "boolean": True}
    status, _, data = call(app, path="/sparql", params={"query": "ASK { ?a a ep:Nothing }"},
                           headers={"Accept": "application/sparql-results+xml"})
    assert bool(ox.parse_query_results(data, format=ox.QueryResultsFormat.XML)) is False
    construct = "CONSTRUCT { ?d ep:issuedBy ?a } WHERE { ?d ep:issuedBy ?a }"
    expected = run_query(build_dir, construct).triples
    status, headers, data = call(app, path="/sparql", params={"query": construct})
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    turtle = {str(t) + " ." for t in ox.parse(data, format=ox.RdfFormat.TURTLE)}
    assert turtle == set(expected.splitlines()) and turtle
    status, headers, data = call(app, path="/sparql", params={"query": construct},
                                 headers={"Accept": "application/n-triples"})
    assert headers["Content-Type"].startswith("application/n-triples")
    assert sorted(data.decode().splitlines()) == expected.splitlines()


def test_default_and_named_graph_parameters(app, build_dir):
    divisions = "https://w3id.org/employment-policy/id/graph/divisions"
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    status, _, data = call(app, path="/sparql", params={"query": q, "default-graph-uri": divisions})
    n = int(solutions(data, ox.QueryResultsFormat.JSON)[0]["n"].split('"')[1])
    want = local(build_dir, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{divisions}> {{ ?s ?p ?o }} }}")
    assert status == 200 and n == int(want[0]["n"].split('"')[1]) > 0


def test_not_acceptable(app):
    status, _, data = call(app, path="/sparql", params={"query": ARTICLES},
                           headers={"Accept": "image/png"})
    assert status == 406
    assert data.decode() == ("cannot answer in image/png; choose one of application/sparql-results+"
                             "json, application/sparql-results+xml, text/csv, "
                             "text/tab-separated-values\n")


# -- read-only ------------------------------------------------------------------------------

@pytest.mark.parametrize("method, params, headers, body", [
    ("GET", {"query": "INSERT DATA { <http://a/b> <http://a/c> <http://a/d> }"}, {}, b""),
    ("GET", {"update": "DROP ALL"}, {}, b""),
    ("POST", {}, {"Content-Type": "application/sparql-update"}, b"CLEAR ALL"),
    ("POST", {}, {"Content-Type": "application/x-www-form-urlencoded"}, b"update=DROP+ALL"),
    ("POST", {}, {"Content-Type": "application/sparql-query"},
     b"PREFIX x: <http://a/>\n# comment\nLOAD <http://example.org/data.ttl>"),
])
def test_updates_are_refused(app, build_dir, method, params, headers, body):
    status, _, data = call(app, method, "/sparql", params, headers, body)
    assert (status, data.decode()) == (403, READ_ONLY)
    assert local(build_dir, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == \
        solutions(call(app, path="/sparql", params={
            "query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})[2], ox.QueryResultsFormat.JSON)


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * { ?s ?p ?o .service silent ?endpoint { ?a ?b ?c } }",
    "ASK { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
])
def test_service_is_refused(app, query):
    status, _, data = call(app, path="/sparql", params={"query": query})
    assert status == 403
    assert data.decode() == ("SERVICE (federated query) is not allowed: this endpoint does not "
                             "call other hosts\n")


def test_service_in_strings_iris_and_names_is_fine(app):
    q = ('SELECT ?service WHERE { ?service ?p "SERVICE <x> { }" } # SERVICE <y> {}\n')
    status, _, data = call(app, path="/sparql", params={"query": q})
    assert status == 200 and solutions(data, ox.QueryResultsFormat.JSON) == []


def test_bad_requests(app):
    status, _, data = call(app, path="/sparql", params={"query": "SELECT ?s WHERE { ?s ?p }"})
    assert status == 400 and data.decode().startswith("SPARQL syntax error at 1:")
    status, _, data = call(app, path="/sparql")
    assert (status, data.decode()) == (400, "no query: use GET /sparql?query=… or POST a query\n")
    status, _, data = call(app, "POST", "/sparql", headers={"Content-Type": "text/plain"},
                           body=b"SELECT * {}")
    assert status == 415 and data.decode().startswith("cannot read a POST body of type text/plain")
    status, _, _ = call(app, "DELETE", "/sparql")
    assert status == 405


# -- limits ---------------------------------------------------------------------------------

def test_row_limit_cuts_and_says_so(limited, build_dir):
    q = "SELECT ?a WHERE { ?a a ep:Article } ORDER BY ?a"
    status, headers, data = call(limited, path="/sparql", params={"query": q})
    assert status == 200 and headers["X-KG-Truncated"] == "true" and headers["X-KG-Row-Limit"] == "3"
    assert solutions(data, ox.QueryResultsFormat.JSON) == local(build_dir, q)[:3]
    status, headers, data = call(limited, path="/sparql", params={"query": q + " LIMIT 2"})
    assert "X-KG-Truncated" not in headers and len(solutions(data, ox.QueryResultsFormat.JSON)) == 2


def test_request_size_limit(limited):
    big = ("SELECT * WHERE { ?s ?p ?o } # " + "x" * 3000).encode()
    status, _, data = call(limited, "POST", "/sparql", body=big,
                           headers={"Content-Type": "application/sparql-query"})
    assert (status, data.decode()) == (413, f"request body of {len(big)} bytes is over the limit "
                                            "of 2000 bytes\n")


def test_timeout_kills_the_query_and_the_endpoint_recovers(limited):
    restarts = limited.pool.restarts
    status, _, data = call(limited, path="/sparql", params={"query": SLOW})
    assert status == 503
    assert data.decode() == ("query timed out after 1 s (the limit of this endpoint); narrow it "
                             "or add a LIMIT\n")
    assert limited.pool.restarts == restarts + 1
    status, _, data = call(limited, path="/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert status == 200 and json.loads(data)["boolean"] is True


# -- files and routes ------------------------------------------------------------------------

def test_files_of_the_build_folder(limited, build_dir):
    # / is the explorer's index.html, or graph.html in a folder without one
    status, headers, data = call(limited, path="/")
    assert status == 200 and data == (build_dir / "index.html").read_bytes()
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    status, headers, data = call(limited, path="/summary.json")
    assert status == 200 and json.loads(data)["articles"] > 0
    index = (build_dir / "index.html").read_bytes()
    (build_dir / "index.html").unlink()
    try:
        assert call(limited, path="/")[2] == (build_dir / "graph.html").read_bytes()
    finally:
        (build_dir / "index.html").write_bytes(index)
    assert call(limited, "HEAD", "/graph.html")[2] == b""
    assert call(limited, "POST", "/graph.html")[0] == 405


def test_no_path_outside_the_folder(limited, build_dir, tmp_path):
    secret = build_dir.parent / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    (build_dir / ".hidden").write_text("HIDDEN-CONTENT", encoding="utf-8")
    (build_dir / "link.txt").symlink_to(secret)
    for path in ("/../secret.txt", "/a/../../secret.txt", "/.hidden", "/link.txt",
                 "/..\\secret.txt", "/graph.html\x00.png", "//etc/passwd", "/nothing.html"):
        status, _, data = call(limited, path=path)
        assert status == 404, path
        assert data == f"{path}: not found\n".encode()


def test_extra_routes_come_before_files(limited):
    status, _, data = call(limited, path="/extra/region/340100")
    assert (status, data) == (200, b"extra /extra/region/340100\n")


def test_config_is_checked(build_dir):
    from kg.errors import KGError

    with pytest.raises(KGError, match=r"^timeout must be positive \(got 0\)$"):
        create_app(build_dir, ServeConfig(timeout=0), start_workers=False)


# -- a store, and a real server over loopback ---------------------------------------------------

def test_store_without_files(tmp_path, samples_dir, build_dir):
    st = tmp_path / "st"
    update_store([samples_dir], st)
    app = create_app(store=st)
    try:
        status, _, data = call(app, path="/sparql", params={"query": ARTICLES})
        assert status == 200 and solutions(data, ox.QueryResultsFormat.JSON) == local(build_dir, ARTICLES)
        assert call(app, path="/")[0] == 200
        assert call(app, path="/graph.html")[0] == 404
    finally:
        app.close()


def test_real_server_with_sparqlwrapper(app, build_dir):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    server = make_http_server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        endpoint = f"http://127.0.0.1:{server.server_port}/sparql"
        for name in sorted(list_queries()):
            client = SPARQLWrapper(endpoint)
            client.setQuery(read_query(name))
            client.setReturnFormat(JSON)
            got = client.query().convert()["results"]["bindings"]
            assert got == run_query(build_dir, name).bindings, name
        client = SPARQLWrapper(endpoint)
        client.setMethod(POST)
        client.setQuery("ASK { ?a a ep:Article }")
        client.setReturnFormat(JSON)
        assert client.query().convert()["boolean"] is True
        client = SPARQLWrapper(endpoint)
        client.setMethod(POST)
        client.setQuery("INSERT DATA { <http://a/b> <http://a/c> <http://a/d> }")
        with pytest.raises((SPARQLWrapperException, OSError)):
            client.query()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# -- CLI --------------------------------------------------------------------------------------

def test_cli_serve_errors(tmp_path, samples_dir):
    runner = CliRunner()
    r = runner.invoke(main, ["serve", str(samples_dir / "employment-digest-2024-03.txt")])
    assert r.exit_code == 1
    assert r.output == (f"Error: {samples_dir / 'employment-digest-2024-03.txt'}: not a folder "
                        "(give a build folder made by `kg build`)\n")
    r = runner.invoke(main, ["serve", str(tmp_path)])
    assert r.exit_code == 1
    assert r.output == f"Error: {tmp_path}: no graph.trig here (run `kg build` first, or give --store)\n"
    r = runner.invoke(main, ["serve"])
    assert r.output == "Error: give a build folder or --store DIR to serve\n"
    r = runner.invoke(main, ["serve", "--store", str(tmp_path / "nowhere")])
    assert r.output == (f"Error: {tmp_path / 'nowhere'}: no store here (create one with "
                        f"`kg build INPUT... --store {tmp_path / 'nowhere'}`)\n")


def test_entity_pages_by_label_and_by_iri(app):
    """/entity/<label or IRI>: the explorer's entity page, built from the served graph."""
    status, headers, data = call(app, path="/entity/" + urllib.parse.quote("农民工"))
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    page = data.decode("utf-8")
    assert "农民工" in page and "/entity/" in page  # links to other entities stay under /entity/
    iri = "https://w3id.org/employment-policy/id/region/340100"
    status, _, data = call(app, path="/entity/" + urllib.parse.quote(iri, safe=""))
    assert status == 200 and "合肥市" in data.decode("utf-8")
    status, _, data = call(app, path="/entity/" + urllib.parse.quote("不存在的实体"))
    assert status == 404 and "不存在的实体" in data.decode("utf-8")
    assert call(app, "POST", "/entity/x")[0] == 405
