"""Independent RDF parsers for conformance tests: raptor's `rapper` (Debian raptor2-utils)
and N3.js (npm package `n3`, installed into tests/js by `npm ci`).

    from parsers import rapper_count, require_n3, require_rapper, n3_count

A test needing a parser that is missing is skipped locally, with the reason, but fails
when the environment variable CI is set (as .ci/run installs both), like the browser
tests of browser.py.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

JS_DIR = Path(__file__).resolve().parent / "js"
PARSE_JS = JS_DIR / "parse.js"
N3_PACKAGE = JS_DIR / "node_modules" / "n3" / "package.json"

RAPPER_SKIP = "install rapper (Debian raptor2-utils; .ci/run does this)"
N3_SKIP = "install node and npm, then run `npm ci` in tests/js (make test does this when npm is present)"

_RAPPER_COUNT = re.compile(r"Parsing returned (\d+) (?:triple|statement)s?")


def _require(available: bool, what: str, reason: str) -> None:
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"conformance test cannot run in CI: {what} is missing; {reason}", pytrace=False)
    pytest.skip(reason)


def require_rapper() -> None:
    _require(shutil.which("rapper") is not None, "rapper", RAPPER_SKIP)


def require_n3() -> None:
    _require(shutil.which("node") is not None and N3_PACKAGE.is_file(), "node or the n3 package",
             N3_SKIP)


def rapper_count(syntax: str, path: Path) -> int:
    """Triples (or quads) rapper reads from `path` with parser `syntax`; fails the test on
    any error or warning rapper reports."""
    proc = subprocess.run(["rapper", "-i", syntax, "-c", str(path)], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, f"rapper -i {syntax} {path}: rc {proc.returncode}\n{proc.stderr}"
    problems = [line for line in proc.stderr.splitlines() if "Error" in line or "Warning" in line]
    assert not problems, "\n".join(problems)
    found = _RAPPER_COUNT.search(proc.stderr)
    assert found, proc.stderr
    return int(found.group(1))


def n3_count(fmt: str, path: Path) -> int:
    """Triples (or quads) N3.js reads from `path` in format `fmt` (Turtle, TriG,
    N-Triples, N-Quads)."""
    proc = subprocess.run(["node", str(PARSE_JS), fmt, str(path)], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, f"N3.js {fmt} {path}: rc {proc.returncode}\n{proc.stderr}"
    return int(proc.stdout.strip())
