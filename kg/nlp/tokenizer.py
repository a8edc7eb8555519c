"""A spaCy tokenizer backed by our own ``jieba.Tokenizer`` instance.

jieba's global dictionary is never touched: the instance gets the project's names
(divisions, gazetteer entries) as user words, so that names become whole tokens. Each
token's part of speech (``token.tag_``) is the dictionary tag jieba's POS tagger uses for
that word ("nz" for our own names, "x" when the word is not in the dictionary); the shape
rules use it to stop a name's left edge at verbs, adverbs and numerals.
Its prefix-dictionary cache goes to ``$KG_CACHE_DIR`` (default ``~/.cache/kg``).
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Iterable

import jieba
from spacy.tokens import Doc
from spacy.vocab import Vocab


def cache_dir() -> Path:
    path = Path(os.environ.get("KG_CACHE_DIR") or Path.home() / ".cache" / "kg")
    path.mkdir(parents=True, exist_ok=True)
    return path


class JiebaTokenizer:
    """Callable that turns text into a Doc, one token per jieba word."""

    def __init__(self, vocab: Vocab, user_words: Iterable[str] = ()):
        self.vocab = vocab
        self.user_words = sorted(set(user_words))
        self._jieba: jieba.Tokenizer | None = None
        self._tags: dict[str, str] | None = None

    @property
    def jieba(self) -> jieba.Tokenizer:
        if self._jieba is None:
            logging.getLogger("jieba").setLevel(logging.WARNING)
            tk = jieba.Tokenizer()
            tk.tmp_dir = str(cache_dir())
            tk.initialize()
            for word in self.user_words:
                tk.add_word(word, freq=max(1000, 200 * len(word)))
            self._jieba = tk
        return self._jieba

    @property
    def tags(self) -> dict[str, str]:
        """word → part-of-speech tag of jieba's dictionary (our own names: "nz")."""
        if self._tags is None:
            tags: dict[str, str] = {}
            with self.jieba.get_dict_file() as f:  # lines "word freq tag", as jieba.posseg reads them
                for line in f:
                    parts = line.decode("utf-8").split()
                    if len(parts) == 3:
                        tags[parts[0]] = parts[2]
            tags.update((w, "nz") for w in self.user_words)
            self._tags = tags
        return self._tags

    def __call__(self, text: str) -> Doc:
        words = [w for w in self.jieba.cut(text, HMM=True) if w]
        tags = self.tags
        return Doc(self.vocab, words=words, spaces=[False] * len(words),
                   tags=[tags.get(w, "x") for w in words])

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    # spaCy calls these when a pipeline is saved or loaded; the user words are
    # rebuilt from the data files, so there is nothing to serialise.
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "JiebaTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path, **kwargs) -> "JiebaTokenizer":
        return self
