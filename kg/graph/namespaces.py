"""Namespaces of the employment-policy knowledge graph.

Generated from ontology/employment-policy.ttl by `python -m kg.graph.namespace_gen`;
do not edit by hand.

EP is closed: an attribute the ontology does not define raises AttributeError.
schema.org is used in its http form (http://schema.org/) throughout the project.
"""
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import (
    DCTERMS,
    OWL,
    PROV,
    RDF,
    RDFS,
    SKOS,
    XSD,
    DefinedNamespace,
    Namespace,
)

__all__ = [
    "EP",
    "ONTOLOGY_IRI",
    "ONTOLOGY_VERSION",
    "ONTOLOGY_PATH",
    "INSTANCE_BASE",
    "ID",
    "SCHEMA",
    "ORG",
    "ELI",
    "SKOS",
    "PROV",
    "DCTERMS",
    "RDF",
    "RDFS",
    "OWL",
    "XSD",
    "PREFIXES",
    "bind_namespaces",
]

ONTOLOGY_PATH = Path(__file__).resolve().parents[2] / "ontology" / "employment-policy.ttl"
ONTOLOGY_IRI = URIRef("https://w3id.org/employment-policy/ontology")
ONTOLOGY_VERSION = "0.1.0"
INSTANCE_BASE = "https://w3id.org/employment-policy/id/"

SCHEMA = Namespace("http://schema.org/")  # http form, used consistently
ORG = Namespace("http://www.w3.org/ns/org#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ID = Namespace(INSTANCE_BASE)


class EP(DefinedNamespace):
    """Employment Policy Ontology 0.1.0 (https://w3id.org/employment-policy/ontology)."""

    _NS = Namespace("https://w3id.org/employment-policy/ontology#")
    _fail = True

    # Classes
    AdministrativeDivision: URIRef  # Administrative division
    Article: URIRef  # Article
    Digest: URIRef  # Digest
    GovernmentAgency: URIRef  # Government agency
    Locality: URIRef  # Locality
    Mention: URIRef  # Mention
    Organization: URIRef  # Organization
    PolicyDocument: URIRef  # Policy document
    Programme: URIRef  # Programme
    Region: URIRef  # Region
    RelationStatement: URIRef  # Relation statement
    TargetGroup: URIRef  # Target group
    TimeExpression: URIRef  # Time expression

    # Object properties
    aboutRegion: URIRef  # about region
    amount: URIRef  # amount
    implementedIn: URIRef  # implemented in
    inArticle: URIRef  # in article
    issuedBy: URIRef  # issued by
    jurisdiction: URIRef  # jurisdiction
    mentionOf: URIRef  # mention of
    mentions: URIRef  # mentions
    previousAmount: URIRef  # previous amount
    targets: URIRef  # targets
    timeExpression: URIRef  # time expression

    # Datatype properties
    articleId: URIRef  # article identifier
    contentHash: URIRef  # content hash
    divisionCode: URIRef  # division code
    divisionLevel: URIRef  # division level
    endOffset: URIRef  # end offset
    evidenceText: URIRef  # evidence text
    normalizedValue: URIRef  # normalized value
    startOffset: URIRef  # start offset
    surfaceForm: URIRef  # surface form
    theme: URIRef  # theme


# prefix -> namespace IRI, in the order bind_namespaces() binds them
PREFIXES: dict[str, str] = {
    "ep": "https://w3id.org/employment-policy/ontology#",
    "schema": "http://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dct": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "id": INSTANCE_BASE,
}


def bind_namespaces(graph: Graph, instance_base: str = INSTANCE_BASE) -> Graph:
    """Bind the project prefixes on `graph` (a Graph or Dataset) and return it.

    Rebinds over rdflib's defaults (override=True, replace=True), so `schema` names
    http://schema.org/ and `dct` names DCMI terms. `id` names `instance_base`.
    """
    for prefix, iri in PREFIXES.items():
        if prefix == "id":
            iri = instance_base
        graph.bind(prefix, Namespace(iri), override=True, replace=True)
    return graph
