"""`kg extract`: entities and relations of input files as JSON records (one per article)."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from kg.errors import KGError
from kg.read import iter_documents


def extract_records(paths: Iterable[str | Path], base: str | None = None,
                    errors: list[KGError] | None = None, date: str | None = None) -> Iterator[dict]:
    """Yield one record per article of every input file.

    A file that cannot be read is reported into `errors` (when given) and skipped, so the
    rest of a batch still comes through; without `errors` the first bad file raises.
    ``date`` is the reference date (今年, 5月起 …) of files whose name and text carry none.
    """
    from kg.nlp.pipeline import IRI_BASE, analyse, load_pipeline, to_record  # loads spaCy

    nlp = load_pipeline()
    for document in iter_documents(list(paths), errors, date):
        for analysis in analyse(document, nlp):
            yield to_record(analysis, base or IRI_BASE)
