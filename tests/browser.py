"""Headless Debian chromium for tests, driven by Playwright.

Playwright's own browser downloads are never used (no network here): the tests drive
the `chromium` Debian package at /usr/bin/chromium through ``executable_path``. Fonts
for CJK text come from the `fonts-wqy-microhei` package.

    from browser import launch_chromium, require_chromium
"""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SKIP_REASON = "install Debian chromium (make test does this via .ci/run)"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_available() -> bool:
    """True when Debian's chromium is installed and Playwright can be imported."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return False
    return importlib.util.find_spec("playwright") is not None


def require_chromium() -> None:
    """Skip the calling test when chromium is missing, except in CI (env CI set),
    where a browser test that cannot run is a failure, not a silent skip."""
    if chromium_available():
        return
    if os.environ.get("CI"):
        pytest.fail(
            f"browser test cannot run in CI: {CHROMIUM} or the playwright package is "
            f"missing; {SKIP_REASON}",
            pytrace=False,
        )
    pytest.skip(SKIP_REASON)


def launch_chromium(playwright):
    """Launch /usr/bin/chromium headless through a started Playwright instance
    (``with sync_playwright() as p: browser = launch_chromium(p)``)."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        headless=True,
        args=list(CHROMIUM_ARGS),
    )
