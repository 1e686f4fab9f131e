"""Browser tests: pytest-playwright driving Debian's Chromium against pytest-django's live server.

Locally, without Chromium, these tests are skipped with a reason; in CI (CI=true) a missing
browser is an error, so they can never silently not run there.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.db import connections

from portal import sync

# The live server runs in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    browser_items = [i for i in items if here in Path(str(i.fspath)).parents]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    if browser_items and not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        if os.environ.get("CI"):
            raise pytest.UsageError(f"CI needs Chromium at {CHROMIUM} for the browser tests.")
        skip = pytest.mark.skip(
            reason=f"Chromium not found at {CHROMIUM}: apt-get install chromium"
        )
        for item in browser_items:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def playwright(playwright):
    yield playwright
    # While Playwright runs, tests run in its context, with their own Django connections. Close
    # them before it stops, or PostgreSQL cannot drop the test database at the end of the run.
    connections.close_all()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def site(live_server, transactional_db, rendered_fixture) -> str:
    """The live server's base URL, with the fixture content loaded."""
    sync.apply(rendered_fixture)
    return live_server.url
