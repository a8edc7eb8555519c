"""The ontology (ontology/employment-policy.ttl) and the namespaces module generated from it."""
from __future__ import annotations

import difflib
import sys
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the package may not be installed in the venv
    sys.path.insert(0, str(ROOT))

from kg.graph import namespaces  # noqa: E402
from kg.graph.namespace_gen import render_namespace_module  # noqa: E402
from kg.graph.namespaces import (  # noqa: E402
    ELI,
    EP,
    ID,
    INSTANCE_BASE,
    ONTOLOGY_IRI,
    ONTOLOGY_PATH,
    ORG,
    PREFIXES,
    SCHEMA,
    bind_namespaces,
)

EP_NS = "https://w3id.org/employment-policy/ontology#"
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def onto() -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(ONTOLOGY_PATH, format="turtle")
    return g


def ep_terms(g: rdflib.Graph) -> list[URIRef]:
    return sorted({s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(EP_NS)})


# --- parsing --------------------------------------------------------------------------------


def test_ontology_path_is_the_repository_file():
    assert ONTOLOGY_PATH == ROOT / "ontology" / "employment-policy.ttl"
    assert ONTOLOGY_PATH.is_file()


def test_parses_strictly_in_pyoxigraph_and_rdflib_with_same_triple_count(onto):
    quads = list(pyoxigraph.parse(path=str(ONTOLOGY_PATH), format=pyoxigraph.RdfFormat.TURTLE))
    assert quads, "pyoxigraph parsed no triples"
    assert len(quads) == len(onto)


def test_ontology_header(onto):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert str(ONTOLOGY_IRI) + "#" == EP_NS == str(EP)
    titles = {o.language for o in onto.objects(ONTOLOGY_IRI, DCTERMS.title)}
    assert {"en", "zh"} <= titles
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    for p in (DCTERMS.description, DCTERMS.license, RDFS.comment):
        assert onto.value(ONTOLOGY_IRI, p) is not None, p
    # (rdflib keeps its own https binding for "schema" when parsing, so read the file itself)
    text = ONTOLOGY_PATH.read_text(encoding="utf-8")
    assert "@prefix schema: <http://schema.org/> ." in text


def test_no_https_schema_org(onto):
    https = [t for t in onto for x in t if str(x).startswith("https://schema.org/")]
    assert not https


# --- generated module in sync ---------------------------------------------------------------


def test_generated_module_is_in_sync():
    expected = render_namespace_module(ONTOLOGY_PATH)
    actual = Path(namespaces.__file__).read_text(encoding="utf-8")
    if expected != actual:
        diff = "".join(
            difflib.unified_diff(
                actual.splitlines(keepends=True),
                expected.splitlines(keepends=True),
                fromfile="kg/graph/namespaces.py (committed)",
                tofile="kg/graph/namespaces.py (rendered from ontology)",
            )
        )
        pytest.fail(
            "kg/graph/namespaces.py is out of date; run `python -m kg.graph.namespace_gen`\n"
            + diff,
            pytrace=False,
        )


def test_ep_attributes_match_ontology_terms(onto):
    declared = {str(EP[name]) for name in namespaces.EP.__annotations__}
    assert declared == {str(t) for t in ep_terms(onto)}


# --- every term is documented ---------------------------------------------------------------


def test_every_term_has_labels_comment_and_is_defined_by(onto):
    terms = ep_terms(onto)
    assert len(terms) == 34  # 33 + ep:contentHash (persistent store)
    problems = []
    for term in terms:
        langs = {o.language for o in onto.objects(term, RDFS.label) if isinstance(o, Literal)}
        if not {"en", "zh"} <= langs:
            problems.append(f"{term}: labels {sorted(map(str, langs))}")
        if (term, RDFS.isDefinedBy, ONTOLOGY_IRI) not in onto:
            problems.append(f"{term}: no rdfs:isDefinedBy")
        comments = {o.language for o in onto.objects(term, RDFS.comment) if isinstance(o, Literal)}
        if "en" not in comments:
            problems.append(f"{term}: no rdfs:comment@en")
        kinds = [k for k in KINDS if (term, RDF.type, k) in onto]
        if len(kinds) != 1:
            problems.append(f"{term}: types {kinds}")
    assert not problems, "\n".join(problems)


def test_every_class_has_a_superclass(onto):
    classes = [t for t in ep_terms(onto) if (t, RDF.type, OWL.Class) in onto]
    assert len(classes) == 13
    missing = [c for c in classes if onto.value(c, RDFS.subClassOf) is None]
    assert not missing


# --- closed namespace -----------------------------------------------------------------------


def test_closed_namespace():
    assert EP.Article == URIRef(EP_NS + "Article")
    assert EP["RelationStatement"] == URIRef(EP_NS + "RelationStatement")
    with pytest.raises(AttributeError):
        EP.Artcle  # noqa: B018  (typo must fail)
    with pytest.raises(AttributeError):
        EP["Artcle"]


# --- alignments -----------------------------------------------------------------------------

SUBCLASS_ALIGNMENTS = [
    (EP.Article, SCHEMA.NewsArticle),
    (EP.Article, PROV.Entity),
    (EP.Digest, SCHEMA.CreativeWork),
    (EP.GovernmentAgency, ORG.FormalOrganization),
    (EP.GovernmentAgency, SCHEMA.GovernmentOrganization),
    (EP.Organization, ORG.Organization),
    (EP.Region, SCHEMA.Place),
    (EP.AdministrativeDivision, SCHEMA.AdministrativeArea),
    (EP.AdministrativeDivision, SCHEMA.Place),  # transitive via ep:Region
    (EP.Locality, EP.Region),
    (EP.Programme, SCHEMA.GovernmentService),
    (EP.PolicyDocument, ELI.LegalResource),
    (EP.TargetGroup, SKOS.Concept),
    (EP.Mention, PROV.Entity),
    (EP.RelationStatement, RDF.Statement),
]


@pytest.mark.parametrize(
    "sub, sup", SUBCLASS_ALIGNMENTS, ids=[f"{s.split('#')[-1]}-{o}" for s, o in SUBCLASS_ALIGNMENTS]
)
def test_subclass_alignment(onto, sub, sup):
    assert onto.query(
        "ASK { ?sub rdfs:subClassOf+ ?sup }",
        initNs={"rdfs": RDFS},
        initBindings={"sub": sub, "sup": sup},
    ).askAnswer


SUBPROPERTY_ALIGNMENTS = [
    (EP.issuedBy, DCTERMS.publisher),
    (EP.targets, SCHEMA.audience),
    (EP.implementedIn, SCHEMA.areaServed),
    (EP.jurisdiction, SCHEMA.areaServed),
    (EP.amount, SCHEMA.amount),
    (EP.mentions, SCHEMA.mentions),
    (EP.aboutRegion, SCHEMA.spatialCoverage),
    (EP.inArticle, PROV.wasDerivedFrom),
    (EP.divisionCode, SKOS.notation),
]


@pytest.mark.parametrize(
    "sub, sup",
    SUBPROPERTY_ALIGNMENTS,
    ids=[f"{s.split('#')[-1]}-{o}" for s, o in SUBPROPERTY_ALIGNMENTS],
)
def test_subproperty_alignment(onto, sub, sup):
    assert onto.query(
        "ASK { ?sub rdfs:subPropertyOf+ ?sup }",
        initNs={"rdfs": RDFS},
        initBindings={"sub": sub, "sup": sup},
    ).askAnswer


def test_previous_amount_is_not_an_amount(onto):
    assert (EP.previousAmount, RDFS.subPropertyOf, EP.amount) not in onto
    assert onto.value(EP.previousAmount, RDFS.range) == SCHEMA.MonetaryAmount


@pytest.mark.parametrize(
    "prop, domain, range_",
    [
        (EP.issuedBy, EP.PolicyDocument, EP.GovernmentAgency),
        (EP.targets, None, EP.TargetGroup),
        (EP.implementedIn, None, EP.Region),
        (EP.jurisdiction, EP.GovernmentAgency, EP.Region),
        (EP.aboutRegion, EP.Article, EP.Region),
        (EP.mentionOf, EP.Mention, None),
        (EP.inArticle, None, EP.Article),
        (EP.timeExpression, EP.Article, EP.TimeExpression),
        (EP.divisionCode, EP.AdministrativeDivision, rdflib.XSD.string),
        (EP.startOffset, None, rdflib.XSD.nonNegativeInteger),
        (EP.endOffset, None, rdflib.XSD.nonNegativeInteger),
        (EP.evidenceText, None, RDF.langString),
        (EP.surfaceForm, None, RDF.langString),
        (EP.normalizedValue, None, None),
    ],
)
def test_domain_and_range(onto, prop, domain, range_):
    assert onto.value(prop, RDFS.domain) == domain
    assert onto.value(prop, RDFS.range) == range_


# --- bind_namespaces ------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:Dataset.*is deprecated:DeprecationWarning")
@pytest.mark.parametrize("graph_cls", [rdflib.Graph, rdflib.Dataset])
def test_bind_namespaces(graph_cls):
    g = bind_namespaces(graph_cls())
    bound = {p: str(n) for p, n in g.namespaces()}
    for prefix, iri in PREFIXES.items():
        assert bound[prefix] == iri, prefix
    assert bound["schema"] == "http://schema.org/"
    assert bound["id"] == INSTANCE_BASE == str(ID)
    if graph_cls is rdflib.Dataset:
        target, fmt = g.graph(ID.a01), "trig"
    else:
        target, fmt = g, "turtle"
    target.add((ID.a01, RDF.type, EP.Article))
    target.add((ID.a01, SCHEMA.name, Literal("x")))
    text = g.serialize(format=fmt)
    assert "@prefix schema: <http://schema.org/> ." in text
    assert "id:a01 a ep:Article" in text


# --- README ---------------------------------------------------------------------------------

README = ROOT / "ontology" / "README.md"


def test_readme_lists_every_term(onto):
    text = README.read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip().strip("`") for line in text.splitlines()
            if line.startswith("| `ep:")}
    assert rows == {"ep:" + str(t)[len(EP_NS):] for t in ep_terms(onto)}
    assert "http://schema.org/" in text


def test_readme_provenance_query_runs():
    text = README.read_text(encoding="utf-8")
    query = text.split("```sparql\n", 1)[1].split("```", 1)[0]
    art, pol, ag = (f"<{INSTANCE_BASE}{x}>" for x in ("article/t-a01", "policy/p1", "agency/a1"))
    trig = f"""
    @prefix ep: <{EP_NS}> .
    @prefix rdf: <{RDF}> .
    {art} {{
      {art} a ep:Article ; ep:articleId "a01" .
      {pol} ep:issuedBy {ag} .
      [] a ep:RelationStatement ; rdf:subject {pol} ; rdf:predicate ep:issuedBy ;
         rdf:object {ag} ; ep:inArticle {art} ; ep:startOffset 3 ; ep:endOffset 9 ;
         ep:evidenceText "人社部印发《通知》"@zh .
    }}"""
    store = pyoxigraph.Store()
    store.load(trig.encode("utf-8"), format=pyoxigraph.RdfFormat.TRIG)
    rows = list(store.query(query))
    assert len(rows) == 1
    assert rows[0]["articleId"].value == "a01"
    assert (int(rows[0]["start"].value), int(rows[0]["end"].value)) == (3, 9)
