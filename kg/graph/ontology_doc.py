"""Generate the term tables of ontology/README.md from ontology/employment-policy.ttl.

The README keeps hand-written prose; the tables between the markers

    <!-- BEGIN GENERATED: classes -->  ...  <!-- END GENERATED: classes -->

(sections ``classes``, ``object-properties``, ``datatype-properties``, ``alignments``) are
rendered from the ontology, so they cannot drift from it:

    python -m kg.graph.ontology_doc            # rewrite the sections in ontology/README.md
    python -m kg.graph.ontology_doc --check    # exit 1 if the README is out of date

`render_sections` and `update_readme` are pure (no printing, no writing).
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.graph.namespaces import EP, ONTOLOGY_PATH, PREFIXES

README_PATH = ONTOLOGY_PATH.parent / "README.md"
EP_NS = str(EP)
KINDS = (("classes", OWL.Class), ("object-properties", OWL.ObjectProperty),
         ("datatype-properties", OWL.DatatypeProperty))
# external vocabularies of the alignment table: (name, prefix)
VOCABULARIES = (("W3C ORG", "org"), ("schema.org (http)", "schema"), ("ELI", "eli"),
                ("SKOS", "skos"), ("PROV-O", "prov"), ("DCMI terms", "dct"), ("RDF", "rdf"))
_MARKER = re.compile(r"(<!-- BEGIN GENERATED: ([a-z-]+) -->\n)(.*?)(<!-- END GENERATED: \2 -->)",
                     re.DOTALL)


def compact(term) -> str:
    iri = str(term)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def _label(g: Graph, term: URIRef, lang: str) -> str:
    labels = sorted(str(o) for o in g.objects(term, RDFS.label)
                    if isinstance(o, Literal) and o.language == lang)
    return " / ".join(labels) or "—"


def _terms(g: Graph, kind: URIRef) -> list[URIRef]:
    return sorted(t for t in g.subjects(RDF.type, kind)
                  if isinstance(t, URIRef) and str(t).startswith(EP_NS))


def _supers(g: Graph, term: URIRef) -> list[str]:
    return sorted(compact(o) for p in (RDFS.subClassOf, RDFS.subPropertyOf)
                  for o in g.objects(term, p))


def _one(g: Graph, term: URIRef, prop: URIRef) -> str:
    values = sorted(compact(o) for o in g.objects(term, prop))
    return ", ".join(values) or "—"


def _table(g: Graph, kind: URIRef) -> str:
    rows = ["| Term | Label (en) | Label (zh) | Alignment | Domain → range |", "|---|---|---|---|---|"]
    for t in _terms(g, kind):
        supers = _supers(g, t)
        row = (f"| `{compact(t)}` | {_label(g, t, 'en')} | {_label(g, t, 'zh')} | "
               f"{'⊑ ' + ', '.join(supers) if supers else '—'} |")
        if kind == OWL.Class:
            row += " — |"
        else:
            row += f" {_one(g, t, RDFS.domain)} → {_one(g, t, RDFS.range)} |"
        rows.append(row)
    return "\n".join(rows) + "\n"


def _alignments(g: Graph) -> str:
    rows = ["| Vocabulary | Aligned terms (`ep:` term ⊑ external term) |", "|---|---|"]
    for name, prefix in VOCABULARIES:
        ns = PREFIXES[prefix]
        pairs = sorted(f"`{compact(s)}` ⊑ `{compact(o)}`"
                       for p in (RDFS.subClassOf, RDFS.subPropertyOf)
                       for s, o in g.subject_objects(p)
                       if str(s).startswith(EP_NS) and str(o).startswith(ns))
        rows.append(f"| {name} (`{prefix}:`) | {', '.join(pairs) or '—'} |")
    return "\n".join(rows) + "\n"


def render_sections(ttl_path: str | Path = ONTOLOGY_PATH) -> dict[str, str]:
    """Section name -> generated Markdown, for the ontology at `ttl_path`."""
    g = Graph()
    g.parse(str(ttl_path), format="turtle")
    sections = {name: _table(g, kind) for name, kind in KINDS}
    sections["alignments"] = _alignments(g)
    return sections


def update_readme(text: str, sections: dict[str, str]) -> str:
    """`text` with every generated section replaced; ValueError if a section has no markers."""
    seen: set[str] = set()

    def swap(m: re.Match) -> str:
        name = m.group(2)
        if name not in sections:
            raise ValueError(f"unknown generated section {name!r}")
        seen.add(name)
        return m.group(1) + sections[name] + m.group(4)

    out = _MARKER.sub(swap, text)
    missing = sorted(set(sections) - seen)
    if missing:
        raise ValueError(f"no markers for section(s) {', '.join(missing)}")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kg.graph.ontology_doc",
                                     description="Regenerate the term tables of ontology/README.md.")
    parser.add_argument("--ttl", type=Path, default=ONTOLOGY_PATH, help="ontology Turtle file")
    parser.add_argument("--readme", type=Path, default=README_PATH, help="README to update")
    parser.add_argument("--check", action="store_true", help="exit 1 if the README is out of date")
    args = parser.parse_args(argv)
    try:
        current = args.readme.read_text(encoding="utf-8")
        updated = update_readme(current, render_sections(args.ttl))
    except (OSError, ValueError, SyntaxError) as exc:
        print(f"ontology_doc: {exc}", file=sys.stderr)
        return 2
    if args.check:
        if updated != current:
            print(f"{args.readme} is out of date; run python -m kg.graph.ontology_doc", file=sys.stderr)
            return 1
        print(f"{args.readme} is up to date")
        return 0
    if updated != current:
        from kg.export.files import atomic_write_text

        atomic_write_text(args.readme, updated)
    print(f"wrote {args.readme}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
