"""Render the employment-policy RDF graph as a self-contained interactive HTML page.

`graph_to_networkx` picks the drawable part of the RDF graph (typed entities, the
monetary amounts they carry and, on request, the articles that mention them) and
turns it into a `networkx.MultiDiGraph`. `write_graph_html` draws that with pyvis
(vis-network 9.1.2) through the template ``templates/graph.html``, which inlines the
vis-network JS and CSS so the page works from ``file://`` without any network, and
links no CDN, font or stylesheet.

Output is deterministic: node ids are IRI strings, nodes and edges are sorted, the
vis layout seed is fixed, and precomputed positions (graphs above
`PRECOMPUTED_LAYOUT_THRESHOLD` nodes) come from a seeded layout. Files are written
atomically (temp file in the same directory, then `os.replace`). Nothing is printed.
"""
from __future__ import annotations

import hashlib
import math
from decimal import Decimal, InvalidOperation
from pathlib import Path

import networkx as nx
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from kg.export.files import atomic_write
from kg.graph.namespaces import EP, SCHEMA

__all__ = [
    "CLASS_COLOURS",
    "CLASS_NAMES_ZH",
    "EDGE_LABELS_ZH",
    "PRECOMPUTED_LAYOUT_THRESHOLD",
    "graph_to_networkx",
    "write_graph_html",
]

# --------------------------------------------------------------------------------------
# Vocabulary: terms come from the project's generated namespace module
# --------------------------------------------------------------------------------------
EP_ARTICLE = EP.Article
EP_MENTIONS = EP.mentions
EP_DIVISION_CODE = EP.divisionCode
EP_AMOUNT = EP.amount
EP_PREVIOUS_AMOUNT = EP.previousAmount
SCHEMA_VALUE = SCHEMA.value
SCHEMA_CURRENCY = SCHEMA.currency

#: Drawn entity classes, in priority order (a node with several types takes the first).
ENTITY_CLASSES: tuple[tuple[URIRef, str], ...] = (
    (EP.GovernmentAgency, "GovernmentAgency"),
    (EP.Organization, "Organization"),
    (EP.AdministrativeDivision, "AdministrativeDivision"),
    (EP.Locality, "Locality"),
    (EP.Region, "Region"),  # an area typed only with the superclass
    (EP.Programme, "Programme"),
    (EP.PolicyDocument, "PolicyDocument"),
    (EP.TargetGroup, "TargetGroup"),
)

CLASS_NAMES_ZH: dict[str, str] = {
    "GovernmentAgency": "政府机构",
    "Organization": "组织",
    "AdministrativeDivision": "行政区划",
    "Locality": "地方区域",
    "Region": "地区",
    "Programme": "政策项目",
    "PolicyDocument": "政策文件",
    "TargetGroup": "目标群体",
    "MonetaryAmount": "金额",
    "Article": "新闻条目",
}

#: Fixed palette: class local name -> node colour. Its order is the legend's order.
CLASS_COLOURS: dict[str, str] = {
    "GovernmentAgency": "#d62728",
    "Organization": "#ff7f0e",
    "AdministrativeDivision": "#2ca02c",
    "Locality": "#8fd175",
    "Region": "#17becf",
    "Programme": "#1f77b4",
    "PolicyDocument": "#9467bd",
    "TargetGroup": "#e377c2",
    "MonetaryAmount": "#bcbd22",
    "Article": "#8c8c8c",
}

_CLASS_SHAPES = {"MonetaryAmount": "diamond", "Article": "square"}

#: Drawn relations: predicate -> (short name, label in zh as the ontology gives it;
#: schema:containedInPlace, the PART_OF relation, has no ep label).
EDGE_PREDICATES: dict[URIRef, tuple[str, str]] = {
    EP.issuedBy: ("issuedBy", "发布机关"),
    EP.targets: ("targets", "面向"),
    EP.implementedIn: ("implementedIn", "实施地区"),
    SCHEMA.containedInPlace: ("containedInPlace", "隶属"),
    EP.jurisdiction: ("jurisdiction", "管辖地区"),
    EP_AMOUNT: ("amount", "金额"),
    EP_PREVIOUS_AMOUNT: ("previousAmount", "原金额"),
}
EDGE_LABELS_ZH: dict[str, str] = {short: zh for short, zh in EDGE_PREDICATES.values()}
EDGE_LABELS_ZH["mentions"] = "提及"

#: Above this many nodes, positions are precomputed in Python and physics stays off.
PRECOMPUTED_LAYOUT_THRESHOLD = 1500
#: Articles listed in an entity's tooltip.
TOOLTIP_ARTICLES = 5

_FONT_FACE = ("'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Source Han Sans SC', "
              "'Microsoft YaHei', 'PingFang SC', sans-serif")
_TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
_TEMPLATE_FILE = "graph.html"
_LABEL_MAX = 24


# --------------------------------------------------------------------------------------
# RDF -> networkx
# --------------------------------------------------------------------------------------
def _pick_literal(values, prefer_lang: str = "zh") -> str | None:
    """The preferred literal among `values`: zh-tagged first, then untagged, then any;
    ties broken by string order so the choice does not depend on store order."""
    lits = [v for v in values if isinstance(v, Literal)]
    if not lits:
        return None

    def rank(lit: Literal):
        lang = (lit.language or "").lower()
        if lang == prefer_lang or lang.startswith(prefer_lang + "-"):
            r = 0
        elif not lang:
            r = 1
        else:
            r = 2
        return (r, str(lit))

    return str(min(lits, key=rank))


def _local_name(term) -> str:
    s = str(term)
    for sep in ("#", "/"):
        if sep in s:
            tail = s.rsplit(sep, 1)[1]
            if tail:
                return tail
    return s


def _node_id(graph: rdflib.Graph, term) -> str:
    """IRI string for IRIs; for blank nodes a hash of what describes them, so the id
    is stable across parses (blank node labels are not)."""
    if not isinstance(term, BNode):
        return str(term)
    parts = sorted(f"<{s}> <{p}>" for s, p in graph.subject_predicates(term)
                   if not isinstance(s, BNode))
    parts += sorted(f"<{p}> {_canonical(o)}" for p, o in graph.predicate_objects(term)
                    if isinstance(o, (Literal, URIRef)))
    digest = hashlib.sha1("\n".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"_:{digest}"


def _canonical(term) -> str:
    """A term's text with numbers in one form (Turtle writes decimal 150000 as 150000.0)."""
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            try:
                return "num:" + format(Decimal(str(value)).normalize(), "f")
            except InvalidOperation:
                pass
    return term.n3()


def _format_yuan(value: Decimal) -> str:
    """300 -> '300元', 150000 -> '15万元', 250000000 -> '2.5亿元'."""
    def plain(d: Decimal) -> str:
        text = format(d.normalize(), "f")
        return text

    sign = "-" if value < 0 else ""
    v = abs(value)
    if v >= Decimal(100_000_000) and v % Decimal(1_000_000) == 0:
        return f"{sign}{plain(v / Decimal(100_000_000))}亿元"
    if v >= Decimal(10_000) and v % Decimal(100) == 0:
        return f"{sign}{plain(v / Decimal(10_000))}万元"
    return f"{sign}{plain(v)}元"


def _amount_label(graph: rdflib.Graph, node) -> tuple[str, str]:
    """(label, detail line) of a schema:MonetaryAmount node."""
    raw = _pick_literal(graph.objects(node, SCHEMA_VALUE))
    currency = _pick_literal(graph.objects(node, SCHEMA_CURRENCY))
    if raw is None:
        return "金额", ""
    try:
        value = Decimal(raw)
    except (InvalidOperation, ValueError):
        return f"{raw} 元", f"数值：{raw}"
    if not value.is_finite():
        return f"{raw} 元", f"数值：{raw}"
    detail = f"数值：{format(value.normalize(), 'f')}"
    if currency and currency.upper() not in ("CNY", "RMB", "人民币", "元"):
        return f"{format(value.normalize(), 'f')} {currency}", f"{detail} {currency}"
    return _format_yuan(value), detail + (f" {currency}" if currency else " 元")


def _short(text: str, limit: int = _LABEL_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _union_view(graph):
    """A Dataset (one named graph per article) whose default graph is not the union of
    its graphs is read through a plain Graph holding every triple of every graph."""
    if isinstance(graph, rdflib.ConjunctiveGraph) and not getattr(graph, "default_union", True):
        union = rdflib.Graph()
        for s, p, o, _ in graph.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    return graph


def graph_to_networkx(graph: rdflib.Graph, show_articles: bool = False) -> nx.MultiDiGraph:
    """The drawable part of `graph` as a MultiDiGraph keyed by node id (the IRI string).

    Nodes: every subject typed with one of the entity classes; every node that a drawn
    node points to with ep:amount / ep:previousAmount (as schema:MonetaryAmount); and,
    when `show_articles`, every ep:Article. ep:Mention, ep:RelationStatement and
    ep:TimeExpression nodes are not drawn. Node attributes: ``label``, ``cls`` (class
    local name), ``cls_zh``, ``iri`` ("" for a blank node), ``title`` (tooltip text),
    ``colour`` and, where present, ``code`` (ep:divisionCode).

    Edges (key = relation short name): the relations of `EDGE_PREDICATES` between drawn
    nodes and, when `show_articles`, ep:mentions from articles. Edge attributes:
    ``label`` (zh), ``relation`` (short name), ``predicate`` (IRI).

    An `rdflib.Dataset` is read as the union of all its graphs.
    """
    graph = _union_view(graph)
    cls_of: dict = {}
    for cls_iri, name in ENTITY_CLASSES:
        for s in graph.subjects(RDF.type, cls_iri):
            if isinstance(s, (URIRef, BNode)) and s not in cls_of:
                cls_of[s] = name

    # Amount nodes hang off drawn nodes.
    for pred in (EP_AMOUNT, EP_PREVIOUS_AMOUNT):
        for s, o in graph.subject_objects(pred):
            if s in cls_of and isinstance(o, (URIRef, BNode)) and o not in cls_of:
                cls_of[o] = "MonetaryAmount"

    # Articles and who mentions whom (the latter feeds tooltips even when articles
    # are not drawn).
    articles = {a for a in graph.subjects(RDF.type, EP_ARTICLE) if isinstance(a, (URIRef, BNode))}
    article_titles: dict = {}
    for a in articles:
        title = _pick_literal(graph.objects(a, DCTERMS.title)) \
            or _pick_literal(graph.objects(a, RDFS.label)) or _local_name(a)
        article_titles[a] = title
    mentioned_by: dict = {}
    for a, e in graph.subject_objects(EP_MENTIONS):
        if a in articles and e in cls_of:
            mentioned_by.setdefault(e, set()).add(a)
    if show_articles:
        for a in articles:
            cls_of.setdefault(a, "Article")

    ids = {term: _node_id(graph, term) for term in cls_of}
    g = nx.MultiDiGraph()
    for term in sorted(cls_of, key=lambda t: ids[t]):
        cls = cls_of[term]
        nid = ids[term]
        iri = "" if isinstance(term, BNode) else str(term)
        lines = [CLASS_NAMES_ZH[cls]]
        code = None
        if cls == "MonetaryAmount":
            label, detail = _amount_label(graph, term)
            lines.append(label)
            if detail:
                lines.append(detail)
        elif cls == "Article":
            full = article_titles[term]
            label = _short(full)
            lines.append(full)
        else:
            label = _pick_literal(graph.objects(term, RDFS.label)) or _local_name(term)
            lines.append(label)
            code = _pick_literal(graph.objects(term, EP_DIVISION_CODE))
        if iri:
            lines.append(iri)
        if code:
            lines.append(f"区划代码：{code}")
        mentions = mentioned_by.get(term)
        if mentions:
            titles = sorted((article_titles[a], str(a)) for a in mentions)
            lines.append(f"提及该实体的文章（{len(titles)} 篇）：")
            lines.extend(f"· {_short(t, 40)}" for t, _ in titles[:TOOLTIP_ARTICLES])
            if len(titles) > TOOLTIP_ARTICLES:
                lines.append(f"…… 另有 {len(titles) - TOOLTIP_ARTICLES} 篇")
        attrs = dict(label=label, cls=cls, cls_zh=CLASS_NAMES_ZH[cls], iri=iri,
                     title="\n".join(lines), colour=CLASS_COLOURS[cls])
        if code:
            attrs["code"] = code
        g.add_node(nid, **attrs)

    edges = []
    for pred, (short, zh) in EDGE_PREDICATES.items():
        for s, o in graph.subject_objects(pred):
            if s in cls_of and o in cls_of and s != o:
                edges.append((ids[s], ids[o], short, zh, str(pred)))
    if show_articles:
        for a, e in graph.subject_objects(EP_MENTIONS):
            if a in articles and e in cls_of and cls_of[e] != "Article":
                edges.append((ids[a], ids[e], "mentions", EDGE_LABELS_ZH["mentions"], str(EP_MENTIONS)))
    for src, dst, short, zh, pred in sorted(set(edges)):
        g.add_edge(src, dst, key=short, label=zh, relation=short, predicate=pred)
    return g


# --------------------------------------------------------------------------------------
# networkx -> HTML
# --------------------------------------------------------------------------------------
def _positions(g: nx.MultiDiGraph) -> dict[str, tuple[int, int]]:
    """Deterministic positions in vis canvas units for a large graph."""
    simple = nx.Graph()
    simple.add_nodes_from(g.nodes)  # already sorted
    simple.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in g.edges()}))
    n = max(simple.number_of_nodes(), 1)
    scale = max(400.0, 40.0 * math.sqrt(n))
    try:
        pos = nx.spring_layout(simple, seed=42, scale=scale)
    except ImportError:  # scipy missing: networkx needs it for graphs of >= 500 nodes
        try:
            pos = nx.circular_layout(simple, scale=scale)
        except ImportError:  # numpy missing too
            order = list(simple.nodes)
            pos = {v: (scale * math.cos(2 * math.pi * i / n), scale * math.sin(2 * math.pi * i / n))
                   for i, v in enumerate(order)}
    return {v: (int(round(float(xy[0]))), int(round(float(xy[1])))) for v, xy in pos.items()}


def _vis_options(precomputed: bool, n_nodes: int) -> dict:
    return {
        "nodes": {
            "shape": "dot",
            "size": 14,
            "borderWidth": 1,
            "font": {"face": _FONT_FACE, "size": 14, "color": "#222222",
                     "strokeWidth": 3, "strokeColor": "#ffffff"},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "smooth": {"enabled": True, "type": "continuous", "roundness": 0.5},
            "color": {"color": "#9a9a9a", "highlight": "#333333", "inherit": False},
            "font": {"face": _FONT_FACE, "size": 11, "color": "#555555", "align": "middle",
                     "strokeWidth": 3, "strokeColor": "#ffffff"},
            "width": 1,
        },
        "physics": {
            "enabled": not precomputed,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "centralGravity": 0.01,
                                 "springLength": 120, "springConstant": 0.08,
                                 "avoidOverlap": 0.2},
            "stabilization": {"enabled": not precomputed, "iterations": 1000,
                              "updateInterval": 50, "fit": True},
        },
        "layout": {"randomSeed": 42, "improvedLayout": n_nodes <= 100},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": precomputed},
    }


def _render(g: nx.MultiDiGraph, title: str) -> str:
    from pyvis.network import Network

    precomputed = g.number_of_nodes() > PRECOMPUTED_LAYOUT_THRESHOLD
    positions = _positions(g) if precomputed else {}

    net = Network(height="100%", width="100%", directed=True, heading=title,
                  cdn_resources="in_line")
    # Our template first; pyvis's own directory after it for the vis-network files it
    # inlines via {% include %}.
    pyvis_templates = net.template_dir
    net.set_template_dir([str(_TEMPLATE_DIR), pyvis_templates], _TEMPLATE_FILE)

    for nid in sorted(g.nodes):
        a = g.nodes[nid]
        node = {
            "id": nid,
            "label": a["label"],
            "title": a["title"],
            "color": a["colour"],
            "shape": _CLASS_SHAPES.get(a["cls"], "dot"),
            "cls": a["cls"],
        }
        if a["cls"] == "Article":
            node["size"] = 9
        if nid in positions:
            node["x"], node["y"] = positions[nid]
        net.nodes.append(node)
        net.node_ids.append(nid)
        net.node_map[nid] = node

    edge_rows = sorted((u, v, k, d["label"]) for u, v, k, d in g.edges(keys=True, data=True))
    for i, (u, v, k, label) in enumerate(edge_rows):
        edge = {"id": f"e{i}", "from": u, "to": v, "title": label, "relation": k}
        if not precomputed:
            edge["label"] = label
        net.edges.append(edge)

    net.options = _vis_options(precomputed, g.number_of_nodes())

    counts: dict[str, int] = {}
    for _, cls in g.nodes(data="cls"):
        counts[cls] = counts.get(cls, 0) + 1
    legend = [{"cls": cls, "name": CLASS_NAMES_ZH[cls], "colour": colour, "count": counts[cls]}
              for cls, colour in CLASS_COLOURS.items() if counts.get(cls)]
    net.templateEnv.globals.update(
        page_title=title,
        legend=legend,
        n_nodes=g.number_of_nodes(),
        n_edges=g.number_of_edges(),
        precomputed=precomputed,
    )
    return net.generate_html(name="graph.html")


def write_graph_html(graph: rdflib.Graph, path, *, title: str = "就业政策知识图谱",
                     show_articles: bool = False) -> dict:
    """Write `graph` as a self-contained interactive HTML page at `path`.

    Returns ``{"nodes": n, "edges": m}`` for what was drawn. The same graph gives the
    same bytes. The file is replaced atomically: if anything fails, an existing file at
    `path` is left as it was and no temp file remains. Raises `kg.errors.BuildError`
    when the file cannot be written.
    """
    g = graph_to_networkx(graph, show_articles=show_articles)
    html = _render(g, title)
    if not html.endswith("\n"):
        html += "\n"
    atomic_write(path, lambda tmp: tmp.write_bytes(html.encode("utf-8")))
    return {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}
