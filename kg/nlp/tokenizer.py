"""A spaCy tokenizer backed by our own ``jieba.Tokenizer`` instance.

jieba's global dictionary is never touched: the instance gets the project's names
(divisions, gazetteer entries) as user words, so that names become whole tokens.
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

    def __call__(self, text: str) -> Doc:
        words = [w for w in self.jieba.cut(text, HMM=True) if w]
        return Doc(self.vocab, words=words, spaces=[False] * len(words))

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
