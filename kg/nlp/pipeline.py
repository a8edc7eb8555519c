"""The spaCy pipeline and what it makes of a document: entities and relations per article."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

import spacy
from spacy.language import Language

from kg.nlp import components  # noqa: F401  (registers the factories and the tokenizer)
from kg.nlp.candidates import Candidate, Context
from kg.nlp.recognize import load_resources
from kg.nlp.relations import Relation
from kg.read import Article, Document

IRI_BASE = "https://w3id.org/employment-policy/id/"


@lru_cache(maxsize=2)
def load_pipeline() -> Language:
    """spaCy ``zh`` with our jieba tokenizer, ``kg_entities`` and ``kg_relations`` (cached)."""
    config = {"nlp": {"tokenizer": {"@tokenizers": "kg.JiebaTokenizer.v1"}}}
    nlp = spacy.blank("zh", config=config)
    nlp.add_pipe("kg_entities")
    nlp.add_pipe("kg_relations")
    return nlp


@dataclass
class ArticleAnalysis:
    article: Article
    context: Context
    entities: list[Candidate]       # offsets relative to article.text
    relations: list[Relation]


def article_context(article: Article) -> Context:
    regions = load_resources().regions
    if article.region_hint:
        ctx = regions.resolve_hint(article.region_hint)
    else:
        ctx = regions.infer(article.title, article.text)
    ctx.ref_date = article.date
    return ctx


def analyse(document: Document, nlp: Language | None = None) -> Iterator[ArticleAnalysis]:
    """Run the pipeline over each article of `document`."""
    nlp = nlp or load_pipeline()
    for article in document.articles:
        ctx = article_context(article)
        doc = nlp.make_doc(article.text)
        doc._.context = ctx
        doc = nlp(doc)
        yield ArticleAnalysis(article, ctx, list(doc._.candidates), list(doc._.relations))


def entity_iri(c: Candidate, base: str = IRI_BASE) -> str | None:
    """ASCII, deterministic IRI of an entity (regions by code)."""
    if c.label in ("MONEY", "DATE"):
        return None
    if c.label == "REGION":
        return f"{base}region/{c.code}" if c.code else f"{base}place/{c.kb}"
    kind = {"AGENCY": "agency", "ORG": "org", "PROGRAM": "programme", "POLICY_DOC": "document",
            "TARGET_GROUP": "group"}[c.label]
    return f"{base}{kind}/{c.kb}" if c.kb else None


def _end_json(c: Candidate, text: str) -> dict:
    """Label, text as written (a stand-in without a span uses its canonical name), canonical, code."""
    out = {"label": c.label, "text": text[c.start:c.end] if c.end > c.start else c.canonical}
    if c.canonical:
        out["canonical"] = c.canonical
    if c.code:
        out["code"] = c.code
    return out


def _entity_json(c: Candidate, text: str, offset: int, base: str) -> dict:
    out = _end_json(c, text)
    out.update(start=c.start + offset, end=c.end + offset)
    iri = entity_iri(c, base)
    if iri:
        out["iri"] = iri
    out.update(c.value)
    return out


def to_record(a: ArticleAnalysis, base: str = IRI_BASE) -> dict:
    """The JSON object of one article, as ../shared/eval/GUIDELINES.md specifies."""
    text, off = a.article.text, a.article.start
    return {
        "source": a.article.source, "article": a.article.id, "title": a.article.title,
        "entities": [_entity_json(c, text, off, base) for c in a.entities],
        "relations": [{"type": r.type, "head": _end_json(r.head, text), "tail": _end_json(r.tail, text),
                       "evidence": {"start": r.start + off, "end": r.end + off}} for r in a.relations],
    }
