"""Turn input files into text: encoding detection, BOM removal, newline normalisation.

Encodings are tried in this order, each strictly:

1. a UTF-8 BOM means UTF-8 (the BOM is dropped); a UTF-16 BOM means UTF-16;
2. UTF-8;
3. GB18030 (a superset of GBK and GB2312);
4. the best guess of charset-normalizer, accepted only when it decodes cleanly
   and the result looks like text.

After decoding, a leading U+FEFF is dropped and "\\r\\n" and lone "\\r" become "\\n".
Every offset the reader produces is an index into this normalised text, not into
the raw bytes of the file.
"""
from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from kg.errors import InputError

#: File name suffixes the reader accepts (compared in lower case).
TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES

_SAMPLE = 65536
# Control bytes that never occur in text files (TAB, LF, VT, FF, CR and ESC do).
_CONTROL_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x1B)) | {
    0x1C, 0x1D, 0x1E, 0x1F, 0x7F}
_MAX_CONTROL_SHARE = 0.05
_BAD_CATEGORIES = frozenset({"Cc", "Co", "Cn", "Cs"})
_ALLOWED_CONTROLS = frozenset("\t\n\r\x0b\x0c\x1b\x85")


def normalise_newlines(text: str) -> str:
    """Return ``text`` with "\\r\\n" and lone "\\r" replaced by "\\n"."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_binary(data: bytes) -> bool:
    """True when ``data`` holds NUL bytes or a high share of control bytes."""
    sample = data[:_SAMPLE]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b in _CONTROL_BYTES)
    return controls / len(sample) > _MAX_CONTROL_SHARE


def looks_like_text(text: str) -> bool:
    """True when ``text`` has no replacement characters, almost no control,
    private-use or unassigned characters, and at least one letter or digit."""
    if "\ufffd" in text:
        return False
    sample = text[:_SAMPLE]
    bad = sum(1 for ch in sample
              if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) in _BAD_CATEGORIES)
    if sample and bad / len(sample) > 0.01:
        return False
    return any(ch.isalnum() for ch in sample)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _guess(data: bytes) -> str | None:
    """charset-normalizer's best guess, or None when it has none that fits."""
    from charset_normalizer import from_bytes  # deferred: only needed for odd files

    best = from_bytes(data).best()
    if best is None or not best.encoding:
        return None
    text = _strict(data, best.encoding)
    if text is None or not looks_like_text(text):
        return None
    return text


def _decode(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8):], "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(data, "utf-16")
        if text is not None and looks_like_text(text):
            return text
        return None
    for encoding in ("utf-8", "gb18030"):
        text = _strict(data, encoding)
        if text is not None:
            return text
    return _guess(data)


def decode_bytes(data: bytes, path) -> str:
    """Decode the bytes of the file at ``path`` (used in error messages only).

    Returns the text without BOM and with newlines normalised to "\\n".
    Raises `InputError` when the data is empty or whitespace, binary, or not
    decodable as text.
    """
    if not data.strip():
        raise InputError(path, "file is empty")
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not utf16 and looks_binary(data):
        raise InputError(path, "looks like a binary file, not text")
    text = _decode(data)
    if text is None:
        raise InputError(path, "cannot decode text as UTF-8 or GB18030", "save it as UTF-8")
    text = normalise_newlines(text.lstrip("\ufeff"))
    if not text.strip():
        raise InputError(path, "file is empty")
    return text


def check_suffix(path) -> None:
    """Raise `InputError` unless ``path`` has a supported suffix (or none at all,
    which is read as plain text)."""
    suffix = Path(path).suffix.lower()
    if suffix and suffix not in SUPPORTED_SUFFIXES:
        raise InputError(path, f"unsupported file type '{suffix}'", "use .txt, .md or .html")


def read_text(path) -> str:
    """Read and decode the file at ``path`` (see `decode_bytes`).

    Raises `InputError` when the path does not exist, is a folder, has an
    unsupported suffix, cannot be read, or its content is not usable text.
    """
    p = Path(path)
    if not p.exists():
        raise InputError(path, "no such file or directory", "check the path")
    if p.is_dir():
        raise InputError(path, "is a folder, not a file", "pass the files in it instead")
    check_suffix(p)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read file: {exc.strerror or exc}",
                         "check its permissions") from exc
    return decode_bytes(data, path)
