"""Typed RDF from the analysis of articles: one named graph per article, reference graphs
for divisions, vocabulary and the ontology.

Provenance pattern: every relation triple ``s p o`` stated in an article's graph has an
``ep:RelationStatement`` (rdf:subject/predicate/object, ep:inArticle, ep:startOffset,
ep:endOffset, ep:evidenceText); every entity mention is an ``ep:Mention``. Offsets are
Python str indices into the decoded input file; the article carries its text as
``schema:text`` (so offsets minus the article's ep:startOffset index into it). All IRIs are
ASCII and deterministic.
"""
from __future__ import annotations

import hashlib
import re
from decimal import Decimal

from rdflib import Dataset, Graph, Literal, URIRef

from kg.graph.namespaces import (DCTERMS, EP, ONTOLOGY_PATH, PROV, RDF, RDFS, SCHEMA, SKOS,
                                 XSD, bind_namespaces)
from kg.nlp.candidates import Candidate
from kg.nlp.divisions import DivisionTable
from kg.nlp.gazetteer import Gazetteer
from kg.nlp.pipeline import IRI_BASE, ArticleAnalysis, entity_iri

CLASS_OF = {"AGENCY": EP.GovernmentAgency, "ORG": EP.Organization, "PROGRAM": EP.Programme,
            "POLICY_DOC": EP.PolicyDocument, "TARGET_GROUP": EP.TargetGroup}
PREDICATE_OF = {"ISSUED_BY": EP.issuedBy, "TARGETS": EP.targets, "IMPLEMENTED_IN": EP.implementedIn,
                "HAS_AMOUNT": EP.amount, "PART_OF": SCHEMA.containedInPlace}
_DATATYPES = {"date": XSD.date, "gYearMonth": XSD.gYearMonth, "gYear": XSD.gYear}
_BY_LENGTH = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}


def slug(text: str) -> str:
    """ASCII slug of a file name; non-ASCII names get a short hash."""
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", text)
    ascii_ = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-")
    if ascii_ == stem and ascii_:
        return ascii_
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return f"{ascii_}-{digest}" if ascii_ else digest


def _hash(*parts) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def _zh_date(iso: str | None) -> str | None:
    if not iso:
        return None
    parts = iso.split("-")
    return "".join(f"{int(p)}{unit}" for p, unit in zip(parts, "年月日"))


def _time_label(value: str | None, start: str | None, end: str | None) -> str | None:
    """2024 → 2024年, 2024-03 → 2024年3月; a period 2019…2021 → 2019年—2021年."""
    if value:
        return _zh_date(value)
    if start or end:
        return f"{_zh_date(start) or ''}—{_zh_date(end) or ''}"
    return None


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


class GraphBuilder:
    """Accumulates articles into an rdflib Dataset."""

    def __init__(self, divisions: DivisionTable, gazetteer: Gazetteer, base: str = IRI_BASE):
        self.base = base
        self.divisions = divisions
        self.gazetteer = gazetteer
        self.ds = Dataset()
        bind_namespaces(self.ds)
        self.codes: set[str] = set()
        self.groups: set[str] = set()
        self.counts: dict[str, int] = {}

    def iri(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    def article_iri(self, source: str, article_id: str) -> URIRef:
        return self.iri(f"article/{slug(source)}/{article_id}")

    # -- entities --------------------------------------------------------------------
    def _entity(self, g: Graph, c: Candidate, surface: str) -> URIRef | None:
        if c.label == "REGION":
            if c.code:
                self.codes.add(c.code)
                return URIRef(entity_iri(c, self.base))
            node = URIRef(entity_iri(c, self.base))
            g.add((node, RDF.type, EP.Locality))
            g.add((node, RDFS.label, _zh(c.canonical or surface)))
            if c.parent:
                self.codes.add(c.parent)
                g.add((node, SCHEMA.containedInPlace, self.iri(f"region/{c.parent}")))
            return node
        if c.label == "MONEY":
            return self._amount(g, c)
        if c.label == "DATE":
            return self._time(g, c)
        iri = entity_iri(c, self.base)
        if iri is None:
            return None
        node = URIRef(iri)
        g.add((node, RDF.type, CLASS_OF[c.label]))
        g.add((node, RDFS.label, _zh(c.canonical or surface)))
        if c.label == "AGENCY" and c.jurisdiction:
            self.codes.add(c.jurisdiction)
            g.add((node, EP.jurisdiction, self.iri(f"region/{c.jurisdiction}")))
        if c.label == "TARGET_GROUP" and c.kb:
            self.groups.add(c.kb)
        return node

    def _amount(self, g: Graph, c: Candidate) -> URIRef | None:
        value = c.value.get("value")
        if value is None:
            return None
        node = self.iri(f"amount/{value}-{c.value.get('currency', 'CNY')}")
        g.add((node, RDF.type, SCHEMA.MonetaryAmount))
        g.add((node, SCHEMA.value, Literal(Decimal(value), datatype=XSD.decimal)))
        g.add((node, SCHEMA.currency, Literal(c.value.get("currency", "CNY"))))
        g.add((node, RDFS.label, _zh(f"{value}元" if c.value.get("currency", "CNY") == "CNY" else
                                     f"{value} {c.value['currency']}")))
        return node

    def _time(self, g: Graph, c: Candidate) -> URIRef:
        value, dtype = c.value.get("value"), c.value.get("datatype")
        if value:
            node = self.iri(f"time/{value}")
        elif c.value.get("from") or c.value.get("to"):
            node = self.iri(f"time/{c.value.get('from', '')}--{c.value.get('to', '')}")
        else:
            node = self.iri(f"time/x-{_hash(c.canonical)}")
        g.add((node, RDF.type, EP.TimeExpression))
        # one label per node, from its value (今年 and 2024年 are the same node); the wording
        # of each mention stays in its ep:surfaceForm
        g.add((node, RDFS.label, _zh(_time_label(value, c.value.get("from"), c.value.get("to"))
                                     or c.canonical)))
        if value and dtype in _DATATYPES:
            g.add((node, EP.normalizedValue, Literal(value, datatype=_DATATYPES[dtype])))
        for key, prop in (("from", SCHEMA.startDate), ("to", SCHEMA.endDate)):
            bound = c.value.get(key)
            if bound and len(bound) in _BY_LENGTH:
                g.add((node, prop, Literal(bound, datatype=_BY_LENGTH[len(bound)])))
        return node

    # -- articles --------------------------------------------------------------------
    def add(self, a: ArticleAnalysis) -> URIRef:
        art = a.article
        airi = self.article_iri(art.source, art.id)
        g = self.ds.graph(airi)
        digest = self.iri(f"digest/{slug(art.source)}")
        g.add((airi, RDF.type, EP.Article))
        g.add((airi, DCTERMS.title, _zh(art.title)))
        g.add((airi, DCTERMS.source, Literal(art.source)))
        g.add((airi, DCTERMS.isPartOf, digest))
        g.add((airi, EP.articleId, Literal(art.id)))
        g.add((airi, SCHEMA.text, _zh(art.text)))
        g.add((airi, EP.startOffset, Literal(art.start, datatype=XSD.nonNegativeInteger)))
        g.add((airi, EP.endOffset, Literal(art.end, datatype=XSD.nonNegativeInteger)))
        g.add((digest, RDF.type, EP.Digest))
        g.add((digest, DCTERMS.source, Literal(art.source)))
        if art.theme:
            g.add((airi, EP.theme, _zh(art.theme)))
        if art.date:
            dtype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}.get(len(art.date))
            if dtype:
                g.add((airi, DCTERMS.date, Literal(art.date, datatype=dtype)))
        if a.context.region is not None:
            self.codes.add(a.context.region.code)
            g.add((airi, EP.aboutRegion, self.iri(f"region/{a.context.region.code}")))
        nodes: dict[int, URIRef] = {}
        for c in a.entities:
            surface = art.text[c.start:c.end]
            node = self._entity(g, c, surface)
            self.counts[c.label] = self.counts.get(c.label, 0) + 1
            if node is None:
                continue
            nodes[id(c)] = node
            prop = EP.timeExpression if c.label == "DATE" else EP.mentions
            if c.label != "MONEY":
                g.add((airi, prop, node))
            m = self.iri(f"mention/{slug(art.source)}/{art.id}/{art.start + c.start}-{art.start + c.end}")
            g.add((m, RDF.type, EP.Mention))
            g.add((m, EP.mentionOf, node))
            g.add((m, EP.inArticle, airi))
            g.add((m, EP.startOffset, Literal(art.start + c.start, datatype=XSD.nonNegativeInteger)))
            g.add((m, EP.endOffset, Literal(art.start + c.end, datatype=XSD.nonNegativeInteger)))
            g.add((m, EP.surfaceForm, _zh(surface)))
        for r in a.relations:
            s = nodes.get(id(r.head)) or self._entity(g, r.head, r.head.canonical or "")
            o = nodes.get(id(r.tail)) or self._entity(g, r.tail, r.tail.canonical or "")
            if s is None or o is None:
                continue
            p = EP.previousAmount if r.role == "previous" else PREDICATE_OF[r.type]
            g.add((s, p, o))
            st = self.iri(f"statement/{_hash(art.source, art.id, s, p, o, r.start, r.end)}")
            g.add((st, RDF.type, EP.RelationStatement))
            g.add((st, RDF.subject, s))
            g.add((st, RDF.predicate, p))
            g.add((st, RDF.object, o))
            g.add((st, EP.inArticle, airi))
            g.add((st, EP.startOffset, Literal(art.start + r.start, datatype=XSD.nonNegativeInteger)))
            g.add((st, EP.endOffset, Literal(art.start + r.end, datatype=XSD.nonNegativeInteger)))
            g.add((st, EP.evidenceText, _zh(art.text[r.start:r.end])))
            g.add((st, PROV.wasDerivedFrom, airi))
            if r.replaces is not None and id(r.replaces) in nodes:
                g.add((st, EP.previousAmount, nodes[id(r.replaces)]))
        return airi

    # -- reference graphs ------------------------------------------------------------
    def finish(self) -> Dataset:
        """Add the division, vocabulary and ontology graphs; return the dataset."""
        g = self.ds.graph(self.iri("graph/divisions"))
        done: set[str] = set()
        for code in sorted(self.codes):
            for div in self.divisions.chain(code):
                if div.code in done:
                    continue
                done.add(div.code)
                node = self.iri(f"region/{div.code}")
                g.add((node, RDF.type, EP.AdministrativeDivision))
                g.add((node, RDFS.label, _zh(div.name)))
                g.add((node, EP.divisionCode, Literal(div.code)))
                g.add((node, EP.divisionLevel, Literal(div.level)))
                if div.parent:
                    g.add((node, SCHEMA.containedInPlace, self.iri(f"region/{div.parent}")))
        v = self.ds.graph(self.iri("graph/vocabulary"))
        pending = sorted(self.groups)
        while pending:
            gid = pending.pop()
            entry = self.gazetteer.by_id("TARGET_GROUP", gid)
            if entry is None:
                continue
            node = self.iri(f"group/{gid}")
            v.add((node, RDF.type, EP.TargetGroup))
            v.add((node, RDFS.label, _zh(entry.name)))
            for alias in entry.aliases:
                v.add((node, SKOS.altLabel, _zh(alias)))
            for b in entry.broader:
                v.add((node, SKOS.broader, self.iri(f"group/{b}")))
                if b not in self.groups:
                    self.groups.add(b)
                    pending.append(b)
        onto = self.ds.graph(self.iri("graph/ontology"))
        onto.parse(ONTOLOGY_PATH, format="turtle")
        return self.ds
