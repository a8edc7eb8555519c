"""A persistent, on-disk Oxigraph store of the knowledge graph (``kg build --store DIR``).

Layout of the store (an Oxigraph/RocksDB folder), the same named graphs as a build
folder's ``graph.trig`` plus one bookkeeping graph:

* one named graph per article, ``{base}article/{slug(file name)}/{article id}``;
* the reference graphs ``{base}graph/divisions``, ``{base}graph/vocabulary`` and
  ``{base}graph/ontology``, always *recomputed* from the article graphs present (see
  :mod:`kg.store.reference`), so they are right after any add, replace or remove;
* ``{base}graph/sources``: for every input file (a "source", keyed by its file name, as
  article IRIs are) ``<{base}digest/{slug}> dct:source "name" ; ep:contentHash
  "sha256:…"``. The hash is written last, after the article graphs, so an interrupted
  update is redone by the next build instead of being mistaken for an unchanged file.

The base IRI of a store is read back from the IRI of its sources graph.

Concurrency: Oxigraph locks a store opened for writing; readers (``kg query --store``,
``kg serve --store``) open it read-only. Do not update a store while it is being served
(a read-only Oxigraph instance is not meant to see a concurrent writer).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KGError
from kg.graph.build import slug
from kg.graph.namespaces import DCTERMS, EP

SOURCES_GRAPH = "graph/sources"
REFERENCE_GRAPHS = ("graph/divisions", "graph/vocabulary", "graph/ontology")

_DCT_SOURCE = ox.NamedNode(str(DCTERMS.source))
_DCT_PART_OF = ox.NamedNode(str(DCTERMS.isPartOf))
_CONTENT_HASH = ox.NamedNode(str(EP.contentHash))


class StoreError(KGError):
    """A store folder is missing, is not a store, or cannot be opened."""


def file_hash(path: Path) -> str:
    """``"sha256:<hex>"`` of the bytes of ``path``."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return "sha256:" + digest.hexdigest()


def _looks_like_store(folder: Path) -> bool:
    return (folder / "CURRENT").is_file()  # RocksDB's marker file


def open_store(path: str | Path, *, create: bool = False, read_only: bool = False) -> ox.Store:
    """Open the Oxigraph store in folder ``path``.

    ``create``: a missing or empty folder becomes a new store. A file, or a non-empty
    folder that is not an Oxigraph store, is refused with a one-line `StoreError`.
    """
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise StoreError(f"{folder}: is a file, not a store folder (give a folder to --store)")
    exists = folder.is_dir() and _looks_like_store(folder)
    if not exists:
        if folder.is_dir() and any(folder.iterdir()):
            raise StoreError(f"{folder}: is a folder but not a kg store (give an empty or new "
                             "folder to --store)")
        if not create:
            raise StoreError(f"{folder}: no store here (create one with "
                             f"`kg build INPUT... --store {folder}`)")
    try:
        if read_only:
            return ox.Store.read_only(str(folder))
        return ox.Store(str(folder))
    except (OSError, RuntimeError) as exc:  # RuntimeError: e.g. files changed by a writer
        msg = " ".join(str(exc).split())
        raise StoreError(f"{folder}: cannot open the store ({msg})") from exc


@dataclass(frozen=True)
class Source:
    """One input file recorded in a store."""

    name: str
    digest: ox.NamedNode
    content_hash: str


def store_base(store: ox.Store) -> str | None:
    """The base IRI a store was built with (None for a new, empty store)."""
    graphs = {q.graph_name.value for q in store.quads_for_pattern(None, _CONTENT_HASH, None, None)
              if isinstance(q.graph_name, ox.NamedNode)}
    bases = {g[: -len(SOURCES_GRAPH)] for g in graphs if g.endswith(SOURCES_GRAPH)}
    if len(bases) > 1 or len(bases) != len(graphs):
        raise StoreError("the store holds content hashes outside one sources graph: "
                         + ", ".join(sorted(graphs)))
    return bases.pop() if bases else None


def sources_graph(base: str) -> ox.NamedNode:
    return ox.NamedNode(base + SOURCES_GRAPH)


def reference_graph_names(base: str) -> list[ox.NamedNode]:
    return [ox.NamedNode(base + name) for name in REFERENCE_GRAPHS]


def list_sources(store: ox.Store, base: str) -> dict[str, Source]:
    """File name -> `Source` for every input file recorded in the store."""
    graph = sources_graph(base)
    found: dict[str, Source] = {}
    for q in store.quads_for_pattern(None, _CONTENT_HASH, None, graph):
        names = [n.object.value for n in store.quads_for_pattern(q.subject, _DCT_SOURCE, None, graph)]
        for name in names:
            found[name] = Source(name, q.subject, q.object.value)
    return found


def digest_iri(base: str, name: str) -> ox.NamedNode:
    return ox.NamedNode(f"{base}digest/{slug(name)}")


def article_graphs(store: ox.Store, digest: ox.NamedNode) -> list[ox.NamedNode]:
    """The named graphs of the articles read from the file ``digest`` stands for."""
    return sorted({q.graph_name for q in store.quads_for_pattern(None, _DCT_PART_OF, digest, None)
                   if isinstance(q.graph_name, ox.NamedNode)}, key=lambda n: n.value)


def drop_source(store: ox.Store, base: str, name: str) -> int:
    """Remove the article graphs and the record of source ``name``; return the number
    of article graphs removed. The record goes first, so an interruption leaves the
    source to be re-read, never a stale hash over missing graphs."""
    digest = digest_iri(base, name)
    graph = sources_graph(base)
    for q in list(store.quads_for_pattern(digest, None, None, graph)):
        store.remove(q)
    if next(iter(store.quads_for_pattern(None, None, None, graph)), None) is None:
        store.remove_graph(graph)  # Oxigraph keeps an emptied graph's name otherwise
    graphs = article_graphs(store, digest)
    for g in graphs:
        store.remove_graph(g)
    return len(graphs)


def record_source(store: ox.Store, base: str, name: str, content_hash: str) -> None:
    digest = digest_iri(base, name)
    graph = sources_graph(base)
    store.extend([ox.Quad(digest, _DCT_SOURCE, ox.Literal(name), graph),
                  ox.Quad(digest, _CONTENT_HASH, ox.Literal(content_hash), graph)])


def dataset_quads(store: ox.Store, base: str | None = None):
    """Every quad of the store except its bookkeeping sources graph, i.e. what a build
    folder's ``graph.trig`` would hold for the same inputs."""
    base = store_base(store) if base is None else base
    skip = sources_graph(base) if base else None
    for q in store.quads_for_pattern(None, None, None, None):
        if skip is None or q.graph_name != skip:
            yield q
