"""Command-line interface: each command parses its arguments, calls one library function
and turns a `KGError` into a one-line message (exit 1)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kg.errors import KGError


def _fail(exc: KGError) -> click.ClickException:
    return click.ClickException(str(exc))


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
def extract(inputs, fmt):
    """Print the entities and relations found in INPUTS (files or folders)."""
    from kg.extract import extract_records

    errors: list[KGError] = []
    try:
        for rec in extract_records(inputs, errors=errors):
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
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default=Path("build"),
              show_default=True, help="Folder for graph.trig, graph.ttl, graph.html, summary.json.")
@click.option("--base", default=None, help="Base IRI of instances (default https://w3id.org/employment-policy/id/).")
def build(inputs, out_dir, base):
    """Build the knowledge graph of INPUTS (files or folders) into a folder."""
    from kg.build import build as run_build
    from kg.nlp.pipeline import IRI_BASE

    try:
        result = run_build(inputs, out_dir, base or IRI_BASE,
                           progress=lambda p: click.echo(f"reading {p}", err=True))
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
@click.argument("build_dir", type=click.Path(path_type=Path))
@click.argument("query", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="Output format of the results.")
@click.option("--bind", "binds", multiple=True, metavar="NAME=VALUE",
              help="Bind a query variable, e.g. --bind groupLabel=农民工 (repeatable).")
@click.option("--list", "list_", is_flag=True, help="List the bundled example queries.")
def query(build_dir, query, fmt, binds, list_):
    """Run a SPARQL QUERY (text, .rq file or bundled name) over a built folder."""
    from kg.query import format_result, list_queries, run_query

    if list_:
        for name, path in sorted(list_queries().items()):
            click.echo(f"{name:<32} {path}")
        return
    if not query:
        raise click.UsageError("give a QUERY (text, .rq file or bundled name), or --list")
    bindings = {}
    for item in binds:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--bind")
        bindings[name] = value
    try:
        result = run_query(build_dir, query, bindings)
    except KGError as exc:
        raise _fail(exc) from exc
    click.echo(format_result(result, fmt), nl=False)


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


if __name__ == "__main__":  # pragma: no cover
    main()
