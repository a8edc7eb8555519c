"""Content negotiation and serialisation of query results for the SPARQL endpoint.

SELECT/ASK: SPARQL 1.1 Query Results JSON, XML, CSV and TSV. CONSTRUCT/DESCRIBE: Turtle
or N-Triples (pyoxigraph's serialiser). Results are written here rather than with
``QuerySolutions.serialize`` so that the row limit can stop the iteration: at most
``max_rows`` solutions (or triples) are read from Oxigraph, and the caller learns
whether more were left (``truncated``).
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.query.run import RDF_LANGSTRING, XSD_STRING, json_term

JSON, XML, CSV, TSV = ("application/sparql-results+json", "application/sparql-results+xml",
                       "text/csv", "text/tab-separated-values")
TURTLE, NTRIPLES = "text/turtle", "application/n-triples"
# media type asked for -> media type answered, per result kind, in server preference order
SOLUTION_TYPES = {JSON: JSON, "application/json": JSON, XML: XML, "application/xml": XML,
                  "text/xml": XML, CSV: CSV, TSV: TSV}
GRAPH_TYPES = {TURTLE: TURTLE, "application/x-turtle": TURTLE, NTRIPLES: NTRIPLES,
               "text/plain": NTRIPLES}


def parse_accept(header: str | None) -> list[str]:
    """Media ranges of an Accept header, best first (q=0 dropped); ``["*/*"]`` if absent."""
    if not header or not header.strip():
        return ["*/*"]
    ranked = []
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            name, _, value = f.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranked.append((-q, i, media))
    return [m for _, _, m in sorted(ranked)]


def choose(accept: list[str], offered: dict[str, str]) -> str | None:
    """The media type to answer with, or None if nothing acceptable is offered."""
    for media in accept:
        if media in offered:
            return offered[media]
        if media == "*/*":
            return next(iter(offered.values()))
        if media.endswith("/*"):
            major = media[:-1]
            for asked, answer in offered.items():
                if asked.startswith(major):
                    return answer
    return None


@dataclass
class Body:
    content_type: str
    data: bytes
    truncated: bool = False


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value not in (XSD_STRING, RDF_LANGSTRING):
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _csv_value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return getattr(term, "value", str(term))


def solutions_body(answer: ox.QuerySolutions, media: str, max_rows: int) -> Body:
    """Serialise at most ``max_rows`` solutions of a SELECT in ``media``."""
    names = [v.value for v in answer.variables]
    rows, truncated = [], False
    for solution in answer:
        if len(rows) >= max_rows:
            truncated = True
            break
        rows.append([solution[n] for n in names])
    if media == JSON:
        doc = {"head": {"vars": names}, "results": {"bindings": [
            {n: json_term(t) for n, t in zip(names, row) if t is not None} for row in rows]}}
        data = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    elif media == XML:
        out = ['<?xml version="1.0" encoding="utf-8"?>\n'
               '<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
        out += [f"<variable name={quoteattr(n)}/>" for n in names]
        out.append("</head><results>")
        for row in rows:
            out.append("<result>")
            out += [f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>"
                    for n, t in zip(names, row) if t is not None]
            out.append("</result>")
        out.append("</results></sparql>\n")
        data = "".join(out).encode("utf-8")
    elif media == CSV:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(names)
        writer.writerows([_csv_value(t) for t in row] for row in rows)
        data = buf.getvalue().encode("utf-8")
    else:  # TSV: terms in their N-Triples form
        lines = ["\t".join("?" + n for n in names)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        data = ("\n".join(lines) + "\n").encode("utf-8")
    return Body(media + "; charset=utf-8", data, truncated)


def boolean_body(value: bool, media: str) -> Body:
    if media == JSON:
        data = json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    elif media == XML:
        data = ('<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/'
                f'sparql-results#"><head/><boolean>{str(value).lower()}</boolean></sparql>\n').encode()
    elif media == CSV:
        data = f"_askResult\r\n{str(value).lower()}\r\n".encode()
    else:
        data = f"?_askResult\n{str(value).lower()}\n".encode()
    return Body(media + "; charset=utf-8", data)


def triples_body(answer: ox.QueryTriples, media: str, max_rows: int, prefixes: dict) -> Body:
    """Serialise at most ``max_rows`` triples of a CONSTRUCT/DESCRIBE in ``media``."""
    triples, truncated = [], False
    for triple in answer:
        if len(triples) >= max_rows:
            truncated = True
            break
        triples.append(triple)
    if media == TURTLE:
        data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    else:
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return Body(media + "; charset=utf-8", data, truncated)
