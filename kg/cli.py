"""Command-line interface: each command parses its arguments, calls one library function
and turns a `KGError` into a one-line message (exit 1)."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click

from kg.errors import KGError


def _fail(exc: KGError) -> click.ClickException:
    return click.ClickException(str(exc))


_DATE_RE = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?")


def _check_date(ctx, param, value):
    if value is not None and not _DATE_RE.fullmatch(value):
        raise click.BadParameter(f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    return value


DATE_OPTION = click.option(
    "--date", default=None, callback=_check_date, metavar="YYYY[-MM[-DD]]",
    help="Reference date for 今年/去年/5月起 … in files whose name and first lines carry none.")


def _report(errors) -> None:
    for exc in errors:
        click.echo(f"Error: {exc}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def main() -> None:
    """kg: build a knowledge graph from Chinese employment-policy news."""


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl",
              show_default=True, help="jsonl: one JSON object per article; table: for people.")
@DATE_OPTION
def extract(inputs, fmt, date):
    """Print the entities and relations found in INPUTS (files or folders)."""
    from kg.extract import extract_records

    errors: list[KGError] = []
    try:
        for rec in extract_records(inputs, errors=errors, date=date):
            if fmt == "jsonl":
                click.echo(json.dumps(rec, ensure_ascii=False))
            else:
                _print_table(rec)
    except KGError as exc:
        raise _fail(exc) from exc
    _report(errors)
    if errors:
        sys.exit(1)


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Folder for graph.trig, graph.ttl, graph.html, summary.json  [default: build]")
@click.option("--base", default=None, help="Base IRI of instances (default https://w3id.org/employment-policy/id/).")
@DATE_OPTION
@click.option("--store", "store_dir", type=click.Path(path_type=Path), default=None,
              help="Update the persistent Oxigraph store in this folder instead of writing files: "
                   "new files are added, changed ones replaced, unchanged ones skipped.")
def build(inputs, out_dir, base, date, store_dir):
    """Build the knowledge graph of INPUTS (files or folders) into a folder."""
    if store_dir is not None:
        if out_dir is not None:
            raise click.UsageError("give either -o DIR (files) or --store DIR (a store), not both")
        return _build_store(inputs, store_dir, base, date)
    out_dir = out_dir or Path("build")
    from kg.build import build as run_build
    from kg.nlp.pipeline import IRI_BASE

    try:
        result = run_build(inputs, out_dir, base or IRI_BASE,
                           progress=lambda p: click.echo(f"reading {p}", err=True), date=date)
    except KGError as exc:
        raise _fail(exc) from exc
    for msg in result.errors:
        click.echo(f"Error: {msg}", err=True)
    click.echo(f"files:     {len(result.files)}")
    click.echo(f"articles:  {result.articles}")
    click.echo("entities:  " + ", ".join(f"{k} {v}" for k, v in result.entities.items()))
    click.echo("relations: " + ", ".join(f"{k} {v}" for k, v in result.relations.items()))
    click.echo(f"triples:   {result.triples} (graph.ttl), {result.quads} quads in "
               f"{result.graphs} named graphs (graph.trig)")
    for name, path in result.outputs.items():
        click.echo(f"{name + ':':<10} {path}")
    if result.errors:
        sys.exit(1)


@main.command()
@click.argument("build_dir", type=click.Path(path_type=Path), required=False)
@click.argument("query", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="Output format of the results.")
@click.option("--bind", "binds", multiple=True, metavar="NAME=VALUE",
              help="Bind a query variable, e.g. --bind groupLabel=农民工 (repeatable).")
@click.option("--list", "list_", is_flag=True, help="List the bundled example queries.")
@click.option("--store", "store_dir", type=click.Path(path_type=Path), default=None,
              help="Query the persistent store in this folder (then give no BUILD_DIR).")
def query(build_dir, query, fmt, binds, list_, store_dir):
    """Run a SPARQL QUERY (text, .rq file or bundled name) over a built folder."""
    from kg.query import format_result, list_queries, run_query

    if list_:
        for name, path in sorted(list_queries().items()):
            click.echo(f"{name:<32} {path}")
        return
    if store_dir is not None and query is None:
        build_dir, query = None, (str(build_dir) if build_dir is not None else None)
    elif store_dir is not None:
        raise click.UsageError("give either BUILD_DIR or --store DIR, not both")
    if not query:
        raise click.UsageError("give a QUERY (text, .rq file or bundled name), or --list")
    bindings = {}
    for item in binds:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--bind")
        bindings[name] = value
    try:
        result = run_query(build_dir, query, bindings, store=store_dir)
    except KGError as exc:
        raise _fail(exc) from exc
    click.echo(format_result(result, fmt), nl=False)


@main.command(name="eval")
@click.argument("gold_dir", type=click.Path(path_type=Path))
@click.argument("corpus_dir", type=click.Path(path_type=Path))
@click.option("--show-errors", is_flag=True, help="List missed, spurious and mislinked items per file.")
@click.option("--json", "json_out", type=click.Path(path_type=Path), default=None,
              help="Also write the summary (score.py's keys) to this JSON file.")
def eval_(gold_dir, corpus_dir, show_errors, json_out):
    """Score the extractor: GOLD_DIR/*.gold.json against the texts in CORPUS_DIR."""
    from kg.eval import evaluate, format_report
    from kg.export.files import atomic_write_text

    try:
        report = evaluate(gold_dir, corpus_dir)
        if json_out:
            atomic_write_text(json_out, json.dumps(report.summary(), ensure_ascii=False, indent=2) + "\n")
    except KGError as exc:
        raise _fail(exc) from exc
    click.echo(format_report(report, show_errors), nl=False)


@main.command("export")
@click.argument("build_dir", type=click.Path(path_type=Path))
@click.option("--format", "fmt", required=True,
              type=click.Choice(["ttl", "nt", "nq", "trig", "jsonld", "rdfxml", "graphml", "neo4j-csv"]),
              help="ttl/nt/rdfxml: union of the named graphs; nq/trig/jsonld: every named graph; "
                   "graphml: property graph; neo4j-csv: a folder for neo4j-admin import.")
@click.option("-o", "--out", "out", default=None,
              help="File to write (a folder for neo4j-csv; '-' = stdout for single-file formats). "
                   "Default: BUILD_DIR/export/graph.<ext> (BUILD_DIR/export/neo4j/).")
def export_cmd(build_dir, fmt, out):
    """Export a built folder's graph as RDF, JSON-LD, GraphML or Neo4j CSV."""
    from kg.export import export_graph

    try:
        if out == "-":
            result = export_graph(build_dir, fmt, stream=sys.stdout.buffer)
            click.echo(f"{fmt}: {result.describe()} written to stdout", err=True)
            return
        result = export_graph(build_dir, fmt, None if out is None else Path(out))
    except KGError as exc:
        raise _fail(exc) from exc
    for path in result.outputs:
        click.echo(str(path))
    click.echo(f"{fmt}: {result.describe()}")


class _ValidateError(click.ClickException):
    """`kg validate` could not run (unreadable graph or shapes): exit 2, since 1 means
    "validated, with violations"."""

    exit_code = 2


@main.command("validate")
@click.argument("build_dir", type=click.Path(path_type=Path))
@click.option("--shapes", type=click.Path(path_type=Path), default=None,
              help="SHACL shapes (Turtle). Default: ontology/shapes.ttl.")
def validate_cmd(build_dir, shapes):
    """Check a built folder's graph against the SHACL shapes.

    Exit status: 0 conforms (warnings allowed), 1 violations, 2 error.
    """
    from kg.validate import SHAPES_PATH, validate_build

    try:
        report = validate_build(build_dir, shapes or SHAPES_PATH)
    except KGError as exc:
        raise _ValidateError(str(exc)) from exc
    for result in report.results:
        click.echo(result.line())
    click.echo(report.summary())
    if not report.conforms:
        sys.exit(1)


@main.command()
@click.argument("build_dir", type=click.Path(path_type=Path))
@click.option("--entity", default=None, metavar="LABEL_OR_IRI",
              help="Write the page of one entity (e.g. 农民工) to DIR/entities/<slug>.html.")
def view(build_dir, entity):
    """Write the HTML explorer pages of a built folder (from its graph.trig)."""
    from kg.views import view_build

    try:
        paths = view_build(build_dir, entity)
    except KGError as exc:
        raise _fail(exc) from exc
    for path in paths:
        click.echo(str(path))


def _print_table(rec: dict) -> None:
    click.echo(f"== {rec['source']} {rec['article']}: {rec['title']}")
    for e in rec["entities"]:
        extra = e.get("canonical", "")
        if e.get("code"):
            extra += f" [{e['code']}]"
        click.echo(f"  {e['label']:<13} {e['text']:<24} {extra}")
    for r in rec["relations"]:
        h, t = r["head"], r["tail"]
        click.echo(f"  {r['type']:<14} {h.get('canonical') or h['text']} -> {t.get('canonical') or t['text']}")


# -- persistent store, push and serve (issue 4) --------------------------------------------

def _build_store(inputs, store_dir, base, date=None):
    from kg.store import update_store

    try:
        result = update_store(inputs, store_dir, base,
                              progress=lambda p: click.echo(f"reading {p}", err=True), date=date)
    except KGError as exc:
        raise _fail(exc) from exc
    _report(result.errors)
    _echo_store(result)
    if result.errors:
        sys.exit(1)


def _echo_store(result) -> None:
    for name in ("added", "replaced", "unchanged", "removed"):
        files = getattr(result, name)
        if files:
            click.echo(f"{name + ':':<10} {len(files)} ({', '.join(files)})")
    click.echo(f"articles:  {result.articles} {'removed' if result.removed else 'analysed'}")
    click.echo(f"store:     {result.store}: {result.quads} quads in {result.graphs} named graphs")


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--store", "store_dir", type=click.Path(path_type=Path), required=True,
              help="The persistent store (made by `kg build --store`).")
def remove(sources, store_dir):
    """Remove SOURCES (input file names) and their articles from a store."""
    from kg.store import remove_sources

    try:
        result = remove_sources(sources, store_dir)
    except KGError as exc:
        raise _fail(exc) from exc
    _echo_store(result)


@main.command()
@click.argument("build_dir", type=click.Path(path_type=Path), required=False)
@click.option("--store", "store_dir", type=click.Path(path_type=Path), default=None,
              help="Push the persistent store in this folder instead of a build folder.")
@click.option("--endpoint", required=True, metavar="URL",
              help="SPARQL 1.1 Graph Store endpoint, e.g. http://127.0.0.1:7878/store (Oxigraph), "
                   "http://localhost:3030/DATASET/data (Fuseki).")
@click.option("--timeout", type=float, default=60.0, show_default=True,
              help="Seconds to wait for each request.")
def push(build_dir, store_dir, endpoint, timeout):
    """PUT every named graph of BUILD_DIR (or --store) to a Graph Store endpoint."""
    from kg.store.push import push as run_push

    try:
        result = run_push(endpoint, build_dir, store_dir, timeout=timeout)
    except KGError as exc:
        raise _fail(exc) from exc
    click.echo(f"pushed {result.triples} triples in {result.graphs} graphs to {result.endpoint}")


@main.command()
@click.argument("build_dir", type=click.Path(path_type=Path), required=False)
@click.option("--store", "store_dir", type=click.Path(path_type=Path), default=None,
              help="Answer queries from this persistent store (BUILD_DIR then only gives files).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", type=int, default=8000, show_default=True, help="Port (0: any free port).")
@click.option("--timeout", type=float, default=30.0, show_default=True,
              help="Seconds a query may run before its worker is killed (503).")
@click.option("--max-rows", type=int, default=10_000, show_default=True,
              help="Most solutions or triples returned; the rest are cut (X-KG-Truncated).")
@click.option("--max-request-bytes", type=int, default=1_000_000, show_default=True,
              help="Largest query or POST body.")
@click.option("--workers", type=int, default=1, show_default=True,
              help="Query worker processes.")
def serve(build_dir, store_dir, host, port, timeout, max_rows, max_request_bytes, workers):
    """Serve a read-only SPARQL endpoint at /sparql and the files of BUILD_DIR."""
    from kg.serve import ServeConfig, create_app, make_http_server

    config = ServeConfig(host=host, port=port, timeout=timeout, max_rows=max_rows,
                         max_request_bytes=max_request_bytes, workers=workers)
    try:
        app = create_app(build_dir, config, store=store_dir)
    except KGError as exc:
        raise _fail(exc) from exc
    try:
        server = make_http_server(app, host, port)
    except OSError as exc:
        app.close()
        raise click.ClickException(f"{host}:{port}: cannot listen ({exc.strerror or exc})") from exc
    click.echo(f"serving http://{host}:{server.server_port}/ (SPARQL at /sparql); Ctrl-C stops",
               err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        app.close()


if __name__ == "__main__":  # pragma: no cover
    main()
