"""Neo4j CSV for ``neo4j-admin database import full``: nodes.csv and relationships.csv.

    neo4j-admin database import full --nodes=DIR/nodes.csv \\
        --relationships=DIR/relationships.csv neo4j

nodes.csv header: ``id:ID,label,class,code,level,value:double,valueText,currency,
normalizedValue,articleId,source,date,:LABEL``. ``id`` is the RDF IRI; ``:LABEL`` holds
the ontology class local names (``GovernmentAgency``, ``AdministrativeDivision;Region``
...; ``;`` is the default array delimiter). Amounts: Neo4j has no decimal type, so
``value`` is a double (exact for whole yuan up to 2^53) and ``valueText`` keeps the exact
xsd:decimal lexical form as a string. Empty fields are unquoted, which the importer reads
as "no property". relationships.csv header: ``:START_ID,:END_ID,:TYPE,predicate,
articles:int``. Rows are sorted, so the files are deterministic.
"""
from __future__ import annotations

import csv
from pathlib import Path

from kg.export.files import atomic_write
from kg.export.property_graph import PropertyGraph

NODE_HEADER = ["id:ID", "label", "class", "code", "level", "value:double", "valueText",
               "currency", "normalizedValue", "articleId", "source", "date", ":LABEL"]
REL_HEADER = [":START_ID", ":END_ID", ":TYPE", "predicate", "articles:int"]
NODES_FILE = "nodes.csv"
RELATIONSHIPS_FILE = "relationships.csv"

# extra Neo4j labels, so that e.g. MATCH (r:Region) finds divisions and localities
_SUPER_LABELS = {"AdministrativeDivision": "Region", "Locality": "Region"}


def _labels(classes: list[str]) -> str:
    labels = set(classes) | {_SUPER_LABELS[c] for c in classes if c in _SUPER_LABELS}
    return ";".join(sorted(labels))


def _node_row(node) -> list[str]:
    p = node.properties
    value = p.get("value", "")
    return [node.id, node.label, " ".join(node.classes), p.get("code", ""), p.get("level", ""),
            value, value, p.get("currency", ""), p.get("normalizedValue", ""),
            p.get("articleId", ""), p.get("source", ""), p.get("date", ""), _labels(node.classes)]


def _write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)
    atomic_write(path, write)


def write_neo4j(pg: PropertyGraph, out_dir: Path) -> dict[str, Path]:
    """Write nodes.csv and relationships.csv into `out_dir`; return their paths."""
    out_dir = Path(out_dir)
    nodes, rels = out_dir / NODES_FILE, out_dir / RELATIONSHIPS_FILE
    _write_csv(nodes, NODE_HEADER, [_node_row(n) for n in pg.nodes])
    _write_csv(rels, REL_HEADER, [[e.source, e.target, e.type, e.predicate, e.articles]
                                  for e in pg.edges])
    return {"nodes": nodes, "relationships": rels}
