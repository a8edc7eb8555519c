"""`kg query`: SPARQL over a built folder (or a persistent store, ``store=``).

The build writes DIR/graph.trig (one named graph per article plus the divisions,
vocabulary and ontology graphs). :func:`load_store` loads it into an in-memory Oxigraph
store; :func:`run_query` evaluates a query with the default graph taken as the union of
all named graphs, so queries need no GRAPH clauses (GRAPH clauses still work, e.g. to ask
that two triples come from the same article).

Note on the union default graph: a triple stated in several article graphs is returned
once per graph, so the bundled queries use SELECT DISTINCT.

Parameters are passed like rdflib's ``initBindings``: ``bindings={"groupLabel": "农民工"}``
substitutes the variable ``?groupLabel`` with the literal ``"农民工"@zh`` (Oxigraph
substitutions, SEP-0007; never string formatting). A value starting with ``http://`` or
``https://`` (or written ``<…>``) becomes an IRI; ASCII-only text (division codes such as
``340100``, levels such as ``prefecture``) a plain string literal; ``"…"@en`` or
``"…"^^<datatype>`` that exact literal (see :func:`_term`). A substituted variable must
appear in the SELECT clause, and it only narrows the result where it occurs in a required
pattern (inside OPTIONAL it merely fixes the value shown).

The project prefixes (``ep:``, ``schema:``, ``dct:``, ``skos:``, ``id:`` ...) are
predeclared; a PREFIX line in the query overrides them.
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError
from kg.graph.namespaces import PREFIXES

__all__ = ["QueryResult", "load_store", "list_queries", "read_query", "run_query", "format_result",
           "FORMATS"]

FORMATS = ("table", "csv", "tsv", "json")

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_QUERY_FORMS = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_IRI_VALUE = re.compile(r"^https?://\S+$")
_QUOTED = re.compile(r'^"(.*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^<([^<>\s]+)>)?$', re.DOTALL)


@dataclass
class QueryResult:
    """The result of one query.

    SELECT: ``variables`` (names without ``?``) and ``rows`` (one dict per solution,
    variable name -> plain string: an IRI as its string, a literal as its lexical value,
    a blank node as ``_:id``; None when unbound). ``bindings`` holds the same solutions in
    SPARQL 1.1 Query Results JSON form (type, value, xml:lang, datatype).
    ASK: ``boolean``. CONSTRUCT/DESCRIBE: ``triples``, sorted N-Triples text.
    ``kind`` is "select", "ask" or "graph".
    """

    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, str | None]] = field(default_factory=list)
    boolean: bool | None = None
    triples: str | None = None
    bindings: list[dict[str, dict[str, str]]] = field(default_factory=list, repr=False)

    @property
    def kind(self) -> str:
        if self.boolean is not None:
            return "ask"
        if self.triples is not None:
            return "graph"
        return "select"

    def typed_rows(self) -> list[dict[str, dict[str, str]]]:
        """The solutions as SPARQL JSON terms; guessed from ``rows`` (IRI if it starts
        with http(s)://, else a plain literal) when the result was built by hand."""
        if len(self.bindings) == len(self.rows):
            return self.bindings
        guessed = []
        for row in self.rows:
            guessed.append({k: ({"type": "uri", "value": v} if _IRI_VALUE.match(v)
                                else {"type": "literal", "value": v})
                            for k, v in row.items() if v is not None})
        return guessed


# -- loading ---------------------------------------------------------------------------

def load_store(build_dir: str | Path) -> ox.Store:
    """An in-memory Oxigraph store bulk-loaded from ``build_dir/graph.trig``.

    ``build_dir`` may also be the .trig file itself.
    """
    given = Path(build_dir)
    path = given if given.is_file() and given.suffix == ".trig" else given / "graph.trig"
    if not path.is_file():
        raise QueryError(f"{build_dir}: no graph.trig here (run `kg build` first)")
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=ox.RdfFormat.TRIG)
    except SyntaxError as exc:
        raise QueryError(f"{path}: not valid TriG: {_one_line(exc)}") from exc
    except (OSError, ValueError) as exc:
        raise QueryError(f"{path}: cannot be loaded: {_one_line(exc)}") from exc
    return store


# -- queries ---------------------------------------------------------------------------

def _queries_dir() -> Path:
    return Path(str(resources.files("kg.query") / "queries"))


def list_queries() -> dict[str, Path]:
    """The bundled example queries (kg/query/queries/*.rq), by name (file stem)."""
    folder = _queries_dir()
    return {p.stem: p for p in sorted(folder.glob("*.rq"))}


def _read_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{path}: cannot be read: {_one_line(exc)}") from exc


def _existing_file(text: str) -> Path | None:
    if not text or "\n" in text or "{" in text:
        return None
    try:
        path = Path(text).expanduser()
        return path if path.is_file() else None
    except (OSError, ValueError):
        return None


def read_query(query_or_file: str | Path) -> str:
    """The text of a query given as a .rq file, a bundled query name or SPARQL text."""
    if isinstance(query_or_file, Path):
        if query_or_file.is_file():
            return _read_file(query_or_file)
        query_or_file = str(query_or_file)
    text = query_or_file
    path = _existing_file(text.strip())
    if path is not None and path.suffix in (".rq", ".sparql"):
        return _read_file(path)
    bundled = list_queries()
    name = text.strip()
    if name.endswith(".rq") and path is None:
        name = name[:-3]
    if name in bundled:
        return _read_file(bundled[name])
    if _QUERY_FORMS.search(text):
        return text
    shown = " ".join(text.split()) or repr(text)
    raise QueryError(f"{shown}: not a SPARQL query, a .rq file or a bundled query name "
                     "(see `kg query --list`)")


def _query_label(query: str | Path) -> str:
    """How to name a query in an error message."""
    q = str(query).strip()
    if "\n" not in q and not _QUERY_FORMS.search(q):
        return q
    return "query"


def _term(value: str) -> ox.NamedNode | ox.Literal:
    """The RDF term a --bind value stands for.

    ``http(s)://…`` or ``<…>``: an IRI. ``"text"``, ``"text"@lang`` or
    ``"text"^^<datatype>``: that literal. Text with Chinese (any non-ASCII) characters:
    ``"text"@zh``, like every label of the graph. Other ASCII text (codes such as
    ``340100``, levels such as ``prefecture``, local names such as ``issuedBy``): a plain
    string literal.
    """
    try:
        if value.startswith("<") and value.endswith(">") and len(value) > 2:
            return ox.NamedNode(value[1:-1])
        if _IRI_VALUE.match(value):
            return ox.NamedNode(value)
        quoted = _QUOTED.match(value)
        if quoted:
            text, lang, datatype = quoted.groups()
            if lang:
                return ox.Literal(text, language=lang)
            if datatype:
                return ox.Literal(text, datatype=ox.NamedNode(datatype))
            return ox.Literal(text)
    except ValueError as exc:
        raise QueryError(f"{value}: not a valid IRI or literal ({_one_line(exc)})") from exc
    if value.isascii():
        return ox.Literal(value)
    return ox.Literal(value, language="zh")


def _substitutions(bindings: dict[str, str] | None) -> dict:
    subs = {}
    for name, value in (bindings or {}).items():
        var = name[1:] if name[:1] in "?$" else name
        try:
            variable = ox.Variable(var)
        except ValueError as exc:
            raise QueryError(f"{name}: not a SPARQL variable name") from exc
        subs[variable] = _term(value)
    return subs


def run_query(build_dir: str | Path | None, query: str | Path,
              bindings: dict[str, str] | None = None, *,
              store: str | Path | None = None) -> QueryResult:
    """Run ``query`` (text, .rq file or bundled name) over ``build_dir/graph.trig``, or
    over the persistent store in folder ``store`` (``kg build --store``; opened
    read-only) when that is given instead.

    ``bindings`` maps variable names (without ``?``) to values substituted before
    evaluation (see the module docstring).
    """
    text = read_query(query)
    subs = _substitutions(bindings)
    if (build_dir is None) == (store is None):
        raise QueryError("give either a build folder or a store folder (--store)")
    if store is not None:
        from kg.store.store import open_store

        store = open_store(store, read_only=True)
    else:
        store = load_store(build_dir)
    label = _query_label(query)
    try:
        answer = store.query(text, use_default_graph_as_union=True, prefixes=dict(PREFIXES),
                             substitutions=subs or None)
        return _result(answer)
    except SyntaxError as exc:
        # Oxigraph lists the Unicode ranges of a name character; say so instead
        msg = re.sub(r"\[[^\[\]]*\.\.=[^\[\]]*\]", "a name", _one_line(exc))
        raise QueryError(f"{label}: SPARQL syntax {msg}") from exc
    except (RuntimeError, ValueError, OSError) as exc:
        msg = _one_line(exc)
        missing = re.search(r"does not contains? variable (\?\S+) in its SELECT projection", msg)
        if missing:
            raise QueryError(f"{label}: cannot bind {missing.group(1)}: the query does not "
                             "select it") from exc
        raise QueryError(f"{label}: {msg}") from exc


def _result(answer) -> QueryResult:
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(boolean=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        data = answer.serialize(format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        lines = sorted(set(line for line in data.splitlines() if line.strip()))
        return QueryResult(triples="".join(line + "\n" for line in lines))
    variables = [v.value for v in answer.variables]
    result = QueryResult(variables=variables)
    for solution in answer:
        row: dict[str, str | None] = {}
        typed: dict[str, dict[str, str]] = {}
        for name in variables:
            term = solution[name]
            row[name] = _plain(term)
            if term is not None:
                typed[name] = json_term(term)
        result.rows.append(row)
        result.bindings.append(typed)
    return result


def _plain(term) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)  # RDF-star triple term


def json_term(term) -> dict[str, str]:
    """An Oxigraph term in SPARQL 1.1 Query Results JSON form (also used by `kg serve`)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (XSD_STRING, RDF_LANGSTRING):
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


# -- formatting ------------------------------------------------------------------------

def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Render a result as text ending with a newline.

    table: aligned columns (CJK characters count two columns), a header, a rule and a
    "(N rows)" line. csv: RFC 4180 with a header row (values as in ``rows``; "\\n" line
    ends). tsv: SPARQL 1.1 TSV (header ``?var``, terms in N-Triples syntax). json: SPARQL
    1.1 Query Results JSON. ASK results print ``true``/``false`` (json:
    ``{"head": {}, "boolean": …}``); CONSTRUCT/DESCRIBE results print N-Triples in every
    format.
    """
    if fmt not in FORMATS:
        raise QueryError(f"{fmt}: unknown format (choose one of {', '.join(FORMATS)})")
    if result.kind == "graph":
        return result.triples or ""
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.boolean)}, indent=2) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    return {"table": _table, "csv": _csv, "tsv": _tsv, "json": _json}[fmt](result)


def _width(text: str) -> int:
    n = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        n += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return n


def _cell(value: str | None) -> str:
    if value is None:
        return ""
    return value.replace("\r", "\\r").replace("\n", "\\n").replace("\t", " ")


def _table(result: QueryResult) -> str:
    header = list(result.variables)
    body = [[_cell(row.get(v)) for v in header] for row in result.rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in body]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        parts = [c + " " * (w - _width(c)) for c, w in zip(cells, widths)]
        return "  ".join(parts).rstrip()

    out = []
    if header:
        out.append(line(header))
        out.append("  ".join("-" * w for w in widths))
        out.extend(line(r) for r in body)
    n = len(result.rows)
    out.append(f"({n} row{'' if n == 1 else 's'})")
    return "\n".join(out) + "\n"


def _csv(result: QueryResult) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if row.get(v) is None else row[v] for v in result.variables])
    return buf.getvalue()


def _nt_string(value: str) -> str:
    esc = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
           .replace("\r", "\\r").replace("\t", "\\t"))
    return f'"{esc}"'


def _tsv_term(term: dict[str, str] | None) -> str:
    if term is None:
        return ""
    if term["type"] == "uri":
        return f"<{term['value']}>"
    if term["type"] == "bnode":
        return f"_:{term['value']}"
    if term["type"] == "literal":
        text = _nt_string(term["value"])
        if "xml:lang" in term:
            return f"{text}@{term['xml:lang']}"
        if "datatype" in term:
            return f"{text}^^<{term['datatype']}>"
        return text
    return term["value"]


def _tsv(result: QueryResult) -> str:
    lines = ["\t".join("?" + v for v in result.variables)]
    for typed in result.typed_rows():
        lines.append("\t".join(_tsv_term(typed.get(v)) for v in result.variables))
    return "\n".join(lines) + "\n"


def _json(result: QueryResult) -> str:
    doc = {"head": {"vars": list(result.variables)},
           "results": {"bindings": [dict(b) for b in result.typed_rows()]}}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
