"""What the views show, read from the RDF dataset alone (never from NLP objects).

`load_view_data(graph)` walks an rdflib Graph or Dataset (read as the union of its named
graphs) with triple patterns and returns a `ViewData`: entities of the drawn classes,
articles with their text, mentions (offsets relative to the article text), and relation
edges with the articles and evidence spans they come from (from ep:RelationStatement).
Every page of the explorer is rendered from a `ViewData`, so the same pages can be made
from a store later. Nothing is printed; order is deterministic (sorted by IRI).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import rdflib
from rdflib import BNode, Literal, URIRef

from kg.graph.namespaces import DCTERMS, EP, RDF, RDFS, SCHEMA, SKOS

#: Drawn classes in priority order (a node with several types takes the first) and legend order.
ENTITY_CLASSES: tuple[tuple[URIRef, str], ...] = (
    (EP.GovernmentAgency, "GovernmentAgency"),
    (EP.Organization, "Organization"),
    (EP.AdministrativeDivision, "AdministrativeDivision"),
    (EP.Locality, "Locality"),
    (EP.Region, "Region"),
    (EP.Programme, "Programme"),
    (EP.PolicyDocument, "PolicyDocument"),
    (EP.TargetGroup, "TargetGroup"),
    (SCHEMA.MonetaryAmount, "MonetaryAmount"),
    (EP.TimeExpression, "TimeExpression"),
)
CLASS_NAMES_ZH: dict[str, str] = {
    "GovernmentAgency": "政府机构", "Organization": "组织", "AdministrativeDivision": "行政区划",
    "Locality": "地方区域", "Region": "地区", "Programme": "政策项目", "PolicyDocument": "政策文件",
    "TargetGroup": "目标群体", "MonetaryAmount": "金额", "TimeExpression": "日期",
}
CLASS_COLOURS: dict[str, str] = {
    "GovernmentAgency": "#d62728", "Organization": "#ff7f0e", "AdministrativeDivision": "#2ca02c",
    "Locality": "#8fd175", "Region": "#17becf", "Programme": "#1f77b4", "PolicyDocument": "#9467bd",
    "TargetGroup": "#e377c2", "MonetaryAmount": "#bcbd22", "TimeExpression": "#8c8c8c",
}
#: Classes highlighted in texts but not drawn as graph nodes (they only hang off articles).
TEXT_ONLY_CLASSES = frozenset({"TimeExpression"})
REGION_CLASSES = frozenset({"AdministrativeDivision", "Locality", "Region"})
#: Drawn relations: predicate -> (short name, zh label).
EDGE_PREDICATES: dict[URIRef, tuple[str, str]] = {
    EP.issuedBy: ("issuedBy", "发布机关"),
    EP.targets: ("targets", "面向"),
    EP.implementedIn: ("implementedIn", "实施地区"),
    SCHEMA.containedInPlace: ("containedInPlace", "隶属"),
    EP.jurisdiction: ("jurisdiction", "管辖地区"),
    EP.amount: ("amount", "金额"),
    EP.previousAmount: ("previousAmount", "原金额"),
    SKOS.broader: ("broader", "上位群体"),
}
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")

#: GB/T 2260 levels as readers know them (ep:divisionLevel holds the English token).
LEVELS_ZH = {"province": "省级", "prefecture": "地级", "county": "县级"}


@dataclass
class Entity:
    iri: str
    label: str
    cls: str
    aliases: list[str] = field(default_factory=list)
    code: str = ""
    level: str = ""
    value: Decimal | None = None

    @property
    def cls_zh(self) -> str:
        return CLASS_NAMES_ZH[self.cls]


@dataclass
class Article:
    iri: str
    title: str
    text: str
    slug: str
    theme: str = ""
    date: str = ""
    region: str = ""
    source: str = ""

    @property
    def href(self) -> str:
        """Path of the article page relative to the build folder."""
        return f"articles/{self.slug}.html"


@dataclass(frozen=True)
class Mention:
    entity: str
    article: str
    start: int  # into Article.text
    end: int


@dataclass
class Edge:
    source: str
    target: str
    relation: str
    label: str
    articles: set[str] = field(default_factory=set)
    evidence: list[tuple[str, int, int]] = field(default_factory=list)  # (article, start, end)


@dataclass
class ViewData:
    entities: dict[str, Entity]
    articles: dict[str, Article]
    mentions: list[Mention]
    edges: list[Edge]
    parent: dict[str, str] = field(default_factory=dict)  # region -> containing region

    def __post_init__(self):
        self.out_edges: dict[str, list[Edge]] = {}
        self.in_edges: dict[str, list[Edge]] = {}
        for e in self.edges:
            self.out_edges.setdefault(e.source, []).append(e)
            self.in_edges.setdefault(e.target, []).append(e)
        self.mentions_of: dict[str, list[Mention]] = {}
        self.mentions_in: dict[str, list[Mention]] = {}
        for m in self.mentions:
            self.mentions_of.setdefault(m.entity, []).append(m)
            self.mentions_in.setdefault(m.article, []).append(m)

    def neighbours(self, iri: str) -> list[tuple[Edge, str, bool]]:
        """(edge, other end, outgoing?) for every edge at `iri`."""
        out = [(e, e.target, True) for e in self.out_edges.get(iri, [])]
        return out + [(e, e.source, False) for e in self.in_edges.get(iri, [])]

    def degree(self, iri: str) -> int:
        return len(self.out_edges.get(iri, ())) + len(self.in_edges.get(iri, ()))

    def articles_of(self, iri: str) -> list[str]:
        """Articles that mention `iri`, sorted."""
        return sorted({m.article for m in self.mentions_of.get(iri, ())})

    def region_chain(self, iri: str) -> list[str]:
        """`iri` and the regions containing it, innermost first."""
        chain, seen = [], set()
        while iri and iri not in seen and iri in self.entities:
            seen.add(iri)
            chain.append(iri)
            iri = self.parent.get(iri, "")
        return chain

    def division_at(self, iri: str, level: str) -> str:
        """The division of `level` (province / prefecture) containing region `iri`, or ""."""
        for r in self.region_chain(iri):
            if self.entities[r].level == level:
                return r
        return ""

    def sentence(self, m: Mention) -> tuple[str, int, int]:
        """The sentence around a mention and the mention's offsets inside it."""
        text = self.articles[m.article].text
        return sentence_around(text, m.start, m.end)


def sentence_around(text: str, start: int, end: int) -> tuple[str, int, int]:
    begin = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        begin = match.end()
    stop = _SENTENCE_END.search(text, end)
    finish = stop.end() if stop else len(text)
    raw = text[begin:finish]
    lead = len(raw) - len(raw.lstrip())
    return raw.strip(), start - begin - lead, end - begin - lead


def _pick(values) -> str:
    """The zh literal among `values` if any, else an untagged one, else any; ties by text."""
    lits = [v for v in values if isinstance(v, Literal)]
    if not lits:
        return ""
    return str(min(lits, key=lambda lit: (0 if (lit.language or "").startswith("zh") else
                                          1 if not lit.language else 2, str(lit))))


def _int(value) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def _local(term) -> str:
    return re.split(r"[#/]", str(term).rstrip("/#"))[-1] or str(term)


def _key(term) -> str:
    return str(term) if not isinstance(term, BNode) else "_:" + str(term)


def article_slug(iri: str) -> str:
    """File stem of an article page: the ASCII tail of its IRI (`digest-2024-03-a02`)."""
    parts = [p for p in str(iri).split("/") if p]
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", "-".join(parts[-2:])).strip("-.")
    return stem or hashlib.sha1(str(iri).encode()).hexdigest()[:12]


def _union(graph):
    """A Dataset is read as one plain Graph holding every triple of all its graphs (lookups
    on a plain Graph are faster, and rdflib's union-graph paths are deprecated)."""
    if isinstance(graph, rdflib.ConjunctiveGraph):
        union = rdflib.Graph()
        for s, p, o, _ in graph.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    return graph


def load_view_data(graph: rdflib.Graph) -> ViewData:
    """Read `graph` (a Graph, or a Dataset as the union of its graphs) into a `ViewData`."""
    g = _union(graph)
    cls_of: dict = {}
    for cls_iri, name in ENTITY_CLASSES:
        for s in g.subjects(RDF.type, cls_iri):
            if isinstance(s, (URIRef, BNode)) and s not in cls_of:
                cls_of[s] = name
    entities: dict[str, Entity] = {}
    for term, cls in cls_of.items():
        ent = Entity(_key(term), _pick(g.objects(term, RDFS.label)) or _local(term), cls)
        ent.aliases = sorted({str(a) for a in g.objects(term, SKOS.altLabel)} - {ent.label})
        ent.code = _pick(g.objects(term, EP.divisionCode))
        ent.level = _pick(g.objects(term, EP.divisionLevel))
        if cls == "MonetaryAmount":
            try:
                ent.value = Decimal(_pick(g.objects(term, SCHEMA.value)))
                ent.label = format_yuan(ent.value)
            except (InvalidOperation, ValueError):
                ent.value = None
        entities[ent.iri] = ent

    articles: dict[str, Article] = {}
    starts: dict[str, int] = {}
    for a in g.subjects(RDF.type, EP.Article):
        key = _key(a)
        art = Article(key, _pick(g.objects(a, DCTERMS.title)) or _local(a),
                      _pick(g.objects(a, SCHEMA.text)), article_slug(key))
        art.theme = _pick(g.objects(a, EP.theme))
        art.date = _pick(g.objects(a, DCTERMS.date))
        art.source = _pick(g.objects(a, DCTERMS.source))
        region = g.value(a, EP.aboutRegion)
        art.region = _key(region) if region is not None else ""
        articles[key] = art
        starts[key] = _int(g.value(a, EP.startOffset)) or 0

    mentions = set()
    for m in g.subjects(RDF.type, EP.Mention):
        ent, art = g.value(m, EP.mentionOf), g.value(m, EP.inArticle)
        start, end = _int(g.value(m, EP.startOffset)), _int(g.value(m, EP.endOffset))
        if ent is None or art is None or start is None or end is None:
            continue
        ek, ak = _key(ent), _key(art)
        if ek not in entities or ak not in articles:
            continue
        s, e = start - starts[ak], end - starts[ak]
        if 0 <= s < e <= len(articles[ak].text):
            mentions.add(Mention(ek, ak, s, e))

    edges: dict[tuple, Edge] = {}
    for pred, (short, zh) in EDGE_PREDICATES.items():
        for s, o in g.subject_objects(pred):
            sk, ok = _key(s), _key(o)
            if sk in entities and ok in entities and sk != ok:
                edges.setdefault((sk, short, ok), Edge(sk, ok, short, zh))
    for st in g.subjects(RDF.type, EP.RelationStatement):
        pred = g.value(st, RDF.predicate)
        if pred not in EDGE_PREDICATES:
            continue
        key = (_key(g.value(st, RDF.subject)), EDGE_PREDICATES[pred][0], _key(g.value(st, RDF.object)))
        edge, art = edges.get(key), g.value(st, EP.inArticle)
        if edge is None or art is None or _key(art) not in articles:
            continue
        ak = _key(art)
        edge.articles.add(ak)
        start, end = _int(g.value(st, EP.startOffset)), _int(g.value(st, EP.endOffset))
        if start is not None and end is not None:
            edge.evidence.append((ak, start - starts[ak], end - starts[ak]))
    for edge in edges.values():
        edge.evidence.sort()
    parent = {e.source: e.target for e in sorted(edges.values(), key=lambda e: (e.source, e.target))
              if e.relation == "containedInPlace"}
    return ViewData(dict(sorted(entities.items())), dict(sorted(articles.items())),
                    sorted(mentions, key=lambda m: (m.article, m.start, m.end, m.entity)),
                    [edges[k] for k in sorted(edges)], parent)


def format_yuan(value: Decimal) -> str:
    """300 -> '300元', 150000 -> '15万元', 250000000 -> '2.5亿元'."""
    sign, v = ("-" if value < 0 else ""), abs(value)
    if v >= 100_000_000 and v % 1_000_000 == 0:
        return f"{sign}{format((v / 100_000_000).normalize(), 'f')}亿元"
    if v >= 10_000 and v % 100 == 0:
        return f"{sign}{format((v / 10_000).normalize(), 'f')}万元"
    return f"{sign}{format(v.normalize(), 'f')}元"
