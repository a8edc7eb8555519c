"""Shared fixtures. Expensive objects (the spaCy pipeline, a built sample graph) are
session-scoped; tests that need ../shared are marked `shared` and run only where it exists."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "data" / "samples"


def pytest_collection_modifyitems(config, items):
    if (SHARED / "corpus").is_dir():
        return
    skip = pytest.mark.skip(reason="../shared is not beside this checkout")
    for item in items:
        if "shared" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return SHARED


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES
