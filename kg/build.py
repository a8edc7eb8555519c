"""`kg build`: input files → graph.trig, graph.ttl, the explorer pages (index.html, graph.html,
regions.html, articles/) and summary.json in one folder."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from kg.errors import KGError
from kg.export.files import atomic_write, atomic_write_text
from kg.read import iter_documents

# spaCy, jieba and rdflib load inside build(): `import kg` stays cheap.


@dataclass
class BuildResult:
    out_dir: Path
    files: list[str] = field(default_factory=list)
    articles: int = 0
    entities: dict[str, int] = field(default_factory=dict)
    relations: dict[str, int] = field(default_factory=dict)
    triples: int = 0
    quads: int = 0
    graphs: int = 0
    view: dict = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        return {"files": self.files, "articles": self.articles, "entities": self.entities,
                "relations": self.relations, "triples": self.triples, "quads": self.quads,
                "named_graphs": self.graphs, "view": self.view, "outputs": self.outputs, "errors": self.errors}


def _count_triples(path: Path, fmt) -> int:
    """Count what a strict, independent parser (Oxigraph) reads back from `path`."""
    import pyoxigraph

    return sum(1 for _ in pyoxigraph.parse(path=str(path), format=fmt))


def build(inputs: Iterable[str | Path], out_dir: str | Path, base: str | None = None,
          progress: Callable[[str], None] | None = None, date: str | None = None) -> BuildResult:
    """Read, analyse and write the graph of `inputs` into `out_dir`.

    Unreadable files are listed in ``result.errors`` and skipped; if none can be read a
    KGError is raised and nothing is written. ``date`` is the reference date of files whose
    name and text carry none.
    """
    from kg.graph.build import GraphBuilder
    from kg.nlp.pipeline import IRI_BASE, analyse, load_pipeline
    from kg.nlp.recognize import load_resources

    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise KGError(f"{out}: exists and is not a folder (choose another -o)")
    res = load_resources()
    nlp = load_pipeline()
    builder = GraphBuilder(res.divisions, res.gazetteer, base or IRI_BASE)
    result = BuildResult(out)
    rel_counts: Counter = Counter()
    errors: list[KGError] = []
    for document in iter_documents(list(inputs), errors, date):
        if progress:
            progress(document.path)
        result.files.append(document.path)
        for analysis in analyse(document, nlp):
            builder.add(analysis)
            result.articles += 1
            rel_counts.update(r.type for r in analysis.relations)
    result.errors = [str(e) for e in errors]
    if not result.files:
        raise KGError("no input could be read: " + "; ".join(result.errors))
    ds = builder.finish()
    result.entities = dict(sorted(builder.counts.items()))
    result.relations = dict(sorted(rel_counts.items()))
    _write_outputs(ds, out, result)
    return result


def _write_outputs(ds, out: Path, result: BuildResult) -> None:
    import pyoxigraph
    from rdflib import Graph

    from kg.graph.namespaces import bind_namespaces
    from kg.views import write_site

    trig, ttl, summary = (out / n for n in ("graph.trig", "graph.ttl", "summary.json"))
    atomic_write(trig, lambda p: ds.serialize(destination=str(p), format="trig"))
    merged = bind_namespaces(Graph())
    for s, p, o, _ in ds.quads((None, None, None, None)):
        merged.add((s, p, o))
    atomic_write(ttl, lambda p: merged.serialize(destination=str(p), format="turtle"))
    result.quads = _count_triples(trig, pyoxigraph.RdfFormat.TRIG)
    result.triples = _count_triples(ttl, pyoxigraph.RdfFormat.TURTLE)
    result.graphs = len({str(g) for *_, g in ds.quads((None, None, None, None))})
    result.view = write_site(ds, out)  # index.html, graph.html, regions.html, articles/
    pages = result.view["pages"]
    result.outputs = {"trig": str(trig), "ttl": str(ttl), "index": pages["index"], "html": pages["graph"],
                      "regions": pages["regions"], "articles": pages["articles"], "summary": str(summary)}
    atomic_write_text(summary, json.dumps(result.summary(), ensure_ascii=False, indent=2) + "\n")
