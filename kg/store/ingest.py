"""Incremental updates of a persistent store: ``kg build INPUT... --store DIR`` and
``kg remove SOURCE... --store DIR``.

A source is an input file, identified by its file name (as article IRIs are). For each
input file:

* not in the store: analysed and its article graphs added;
* in the store with the same content hash: nothing is read or written;
* in the store with another hash: its article graphs are dropped and the new ones added.

Afterwards the reference graphs are recomputed from the article graphs present
(:mod:`kg.store.reference`). The result equals a from-scratch build of the same files
(tests compare both datasets quad for quad).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pyoxigraph as ox

from kg.errors import InputError, KGError
from kg.store.reference import refresh_reference_graphs
from kg.store.store import (StoreError, drop_source, file_hash, list_sources, open_store,
                            record_source, store_base)


@dataclass
class StoreResult:
    """What an update did. ``added``/``replaced``/``unchanged``/``removed`` list file
    names; ``quads`` and ``graphs`` describe the whole store afterwards (bookkeeping
    graph included)."""

    store: Path
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    articles: int = 0
    reference_changed: bool = False
    quads: int = 0
    graphs: int = 0
    errors: list[str] = field(default_factory=list)


def _base_of(store: ox.Store, path: Path, base: str | None) -> str:
    from kg.nlp.pipeline import IRI_BASE

    existing = store_base(store)
    if existing is None:
        return base or IRI_BASE
    if base is not None and base != existing:
        raise StoreError(f"{path}: the store was built with --base {existing}; use the same "
                         "base or another store")
    return existing


def _finish(store: ox.Store, result: StoreResult) -> StoreResult:
    store.flush()
    result.quads = len(store)
    result.graphs = sum(1 for _ in store.named_graphs())
    return result


def _files(inputs, errors: list[KGError]) -> list[Path]:
    from kg.read import iter_input_files

    found: list[Path] = []
    seen: set[Path] = set()
    for given in inputs:
        try:
            batch = iter_input_files([given])
        except InputError as exc:
            errors.append(exc)
            continue
        for f in batch:
            if f.resolve() not in seen:
                seen.add(f.resolve())
                found.append(f)
    return found


def update_store(inputs: Iterable[str | Path], store_dir: str | Path, base: str | None = None,
                 progress: Callable[[str], None] | None = None, date: str | None = None) -> StoreResult:
    """Add new and changed input files to the store in ``store_dir`` (created if needed).

    Unreadable files are listed in ``result.errors`` and skipped (a changed file that can
    no longer be read keeps its old graphs). If no input exists at all a KGError is
    raised and the store is not touched.
    """
    from kg.graph.build import GraphBuilder
    from kg.nlp.pipeline import analyse, load_pipeline
    from kg.nlp.recognize import load_resources
    from kg.read import read_document

    path = Path(store_dir)
    errors: list[KGError] = []
    files = _files(list(inputs), errors)
    if not files:
        raise KGError("no input could be read: " + "; ".join(str(e) for e in errors))
    store = open_store(path, create=True)
    try:
        base = _base_of(store, path, base)
    except KGError:
        del store  # close it now: a traceback must not keep the store open
        raise
    result = StoreResult(path)
    known = list_sources(store, base)
    seen: dict[str, Path] = {}
    res = nlp = None
    for f in files:
        name = f.name
        if name in seen:
            errors.append(InputError(f, f"same file name as {seen[name]}",
                                     "article IRIs come from the file name: rename one"))
            continue
        seen[name] = f
        digest = file_hash(f)
        old = known.get(name)
        if old is not None and old.content_hash == digest:
            result.unchanged.append(name)
            continue
        try:
            document = read_document(f, date)
        except InputError as exc:
            errors.append(exc)
            continue
        if progress:
            progress(str(f))
        if nlp is None:
            res, nlp = load_resources(), load_pipeline()
        builder = GraphBuilder(res.divisions, res.gazetteer, base)
        for analysis in analyse(document, nlp):
            builder.add(analysis)
            result.articles += 1
        data = builder.ds.serialize(format="trig", encoding="utf-8")
        quads = list(ox.parse(data, format=ox.RdfFormat.TRIG))
        if old is not None:
            drop_source(store, base, name)
        store.extend(quads)
        record_source(store, base, name, digest)
        (result.replaced if old is not None else result.added).append(name)
    result.errors = [str(e) for e in errors]
    errors.clear()  # their tracebacks reach this frame: keep them from holding the store open
    result.reference_changed = refresh_reference_graphs(store, base, res)
    return _finish(store, result)


def remove_sources(sources: Iterable[str], store_dir: str | Path) -> StoreResult:
    """Remove the article graphs of ``sources`` (file names, or paths whose file name is
    used) from the store and recompute its reference graphs. An unknown source raises a
    KGError before anything is removed."""
    path = Path(store_dir)
    store = open_store(path)
    base = store_base(store)
    known = list_sources(store, base) if base else {}
    names = [Path(s).name for s in sources]
    unknown = [given for given, name in zip(sources, names) if name not in known]
    if unknown:
        del store  # close it now: a traceback must not keep the store open
        listed = ", ".join(sorted(known)[:5]) + (" …" if len(known) > 5 else "")
        raise StoreError(f"{unknown[0]}: not a source of the store {path} (its sources: "
                         f"{listed or 'none'})")
    result = StoreResult(path)
    for name in dict.fromkeys(names):
        result.articles += drop_source(store, base, name)
        result.removed.append(name)
    result.reference_changed = refresh_reference_graphs(store, base)
    return _finish(store, result)
