"""Every spaCy piece of `kg`, registered in this one module.

* tokenizer ``kg.JiebaTokenizer.v1``: jieba with our own dictionary instance;
* ``kg_entities``: the rule recognisers of :mod:`kg.nlp.recognize`, written to ``doc.ents``
  (kb_id = stable local id) with ``span._.canonical`` / ``span._.code`` / ``span._.info``;
* ``kg_relations``: :mod:`kg.nlp.relations`, written to ``doc._.relations``.

The article context (region chain, reference date) is set on ``doc._.context`` before the
components run (see :func:`kg.nlp.pipeline.analyse`).
"""
from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry

from kg.nlp.candidates import Candidate, Context, TextView
from kg.nlp.gazetteer import DATA_DIR
from kg.nlp.recognize import load_resources, recognize
from kg.nlp.relations import RelationExtractor
from kg.nlp.tokenizer import JiebaTokenizer


def _set_extensions() -> None:
    for name, default in (("canonical", None), ("code", None), ("info", None)):
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    for name in ("context", "candidates", "relations"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


@registry.tokenizers("kg.JiebaTokenizer.v1")
def create_jieba_tokenizer(data_dir: str | None = None):
    def make(nlp: Language) -> JiebaTokenizer:
        res = load_resources(Path(data_dir) if data_dir else DATA_DIR)
        return JiebaTokenizer(nlp.vocab, res.user_words())
    return make


def _align(doc: Doc, cands: list[Candidate]) -> None:
    """Split tokens so that every candidate starts and ends on a token boundary."""
    cuts = sorted({c.start for c in cands} | {c.end for c in cands})
    view = TextView(doc.text, [(t.idx, t.idx + len(t.text)) for t in doc])
    splits: dict[int, list[int]] = {}
    for cut in cuts:
        if 0 < cut < len(doc.text) and not view.is_boundary(cut):
            splits.setdefault(view.token_at(cut), []).append(cut)
    if not splits:
        return
    with doc.retokenize() as retok:
        for i, offsets in splits.items():
            tok = doc[i]
            edges = [tok.idx, *sorted(set(offsets)), tok.idx + len(tok.text)]
            orths = [doc.text[a:b] for a, b in zip(edges, edges[1:])]
            retok.split(tok, orths, heads=[(tok, 0)] * len(orths))


class EntityRecognizer:
    def __init__(self, nlp: Language, name: str, data_dir: str | None):
        _set_extensions()
        self.name = name
        self.res = load_resources(Path(data_dir) if data_dir else DATA_DIR)

    def __call__(self, doc: Doc) -> Doc:
        ctx = doc._.context or Context()
        view = TextView(doc.text, [(t.idx, t.idx + len(t.text)) for t in doc], [t.tag_ or "x" for t in doc])
        cands = recognize(view, ctx, self.res)
        _align(doc, cands)
        spans = []
        for c in cands:
            span = doc.char_span(c.start, c.end, label=c.label, kb_id=c.kb or "")
            span._.canonical = c.canonical
            span._.code = c.code
            span._.info = c
            spans.append(span)
        doc.ents = spans
        doc._.candidates = cands
        return doc


class RelationComponent:
    def __init__(self, nlp: Language, name: str, data_dir: str | None):
        _set_extensions()
        self.name = name
        self.extractor = RelationExtractor(load_resources(Path(data_dir) if data_dir else DATA_DIR).divisions)

    def __call__(self, doc: Doc) -> Doc:
        cands = doc._.candidates or [span._.info for span in doc.ents]
        doc._.relations = self.extractor.extract(doc.text, cands, doc._.context or Context())
        return doc


@Language.factory("kg_entities", default_config={"data_dir": None},
                  assigns=["doc.ents", "token.ent_iob", "token.ent_type", "span._.canonical",
                           "span._.code", "doc._.candidates"])
def make_entities(nlp: Language, name: str, data_dir: str | None) -> EntityRecognizer:
    return EntityRecognizer(nlp, name, data_dir)


@Language.factory("kg_relations", default_config={"data_dir": None},
                  requires=["doc.ents"], assigns=["doc._.relations"])
def make_relations(nlp: Language, name: str, data_dir: str | None) -> RelationComponent:
    return RelationComponent(nlp, name, data_dir)
