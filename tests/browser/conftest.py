"""Browser tests: pytest-playwright driving Debian's Chromium against a live server.

A browser only reads, so the fixture content (with its Spanish translation) is loaded once and one
live server serves it to every browser test of the run. The rest of the suite expects an empty
database for each test, so the browser tests run in a session of their own: `pytest tests/browser`
(`make test` runs both).

Locally, without Chromium, these tests are skipped with a reason; in CI (CI=true) a missing
browser is an error, so they can never silently not run there.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, connections
from django.test.utils import modify_settings, setup_databases, teardown_databases
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from portal import sync

# The live server runs in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Debian's Chromium as its headless shell, which draws pages without a window and so costs a
# third of the full browser's processor time (apt-get install chromium-headless-shell).
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium-headless-shell")


def pytest_itemcollected(item):
    # Marked as collected, so that `-m browser` and `-m "not browser"` can choose them.
    if Path(__file__).parent in Path(str(item.path)).parents:
        item.add_marker(pytest.mark.browser)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Once `-m` and `-k` have chosen: without Chromium, or beside other tests (which cannot
    share their loaded site), the browser tests are skipped with the reason; in CI, an error."""
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if not browser_items:
        return
    for item in browser_items:
        # A test transaction would keep the test's rows from the server's own connections.
        if {"db", "transactional_db"} & set(item.fixturenames):
            raise pytest.UsageError(
                f"{item.nodeid} asks for a test database transaction (`db`, or a fixture such "
                "as `django_user_model` or `admin_client`); browser tests share committed rows."
            )
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        reason = f"Chromium not found at {CHROMIUM}: apt-get install chromium-headless-shell"
    elif len(browser_items) < len(items):
        reason = (
            "The browser tests share one loaded site and run on their own: `pytest tests/browser`"
            " (the rest: `pytest -m 'not browser'`; `make test` runs both)."
        )
    else:
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"In CI the browser tests must run. {reason}")
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=reason))


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


@pytest.fixture(scope="session")
def django_db_setup(
    django_test_environment, django_db_modify_db_settings, django_db_blocker, tmp_path_factory
):
    """The test database, made for the browser run although its tests ask for no `db` (by
    which pytest-django decides whether to make one).

    With SQLite, a file rather than shared memory: the server's threads and the test then each
    have a connection of their own and wait for one another's writes, where connections to a
    shared in-memory database fail at once ("database table is locked")."""
    database = connections[DEFAULT_DB_ALIAS]
    development_database = database.settings_dict["NAME"]
    if database.vendor == "sqlite":
        folder = tmp_path_factory.mktemp("database")
        database.settings_dict["TEST"]["NAME"] = str(folder / "browser.sqlite3")
    with django_db_blocker.unblock():
        databases = setup_databases(verbosity=0, interactive=False, aliases={DEFAULT_DB_ALIAS})
    # Never load the fixture content into the database the settings name.
    assert connections[DEFAULT_DB_ALIAS].settings_dict["NAME"] != development_database
    yield
    with django_db_blocker.unblock():
        teardown_databases(databases, verbosity=0)


@pytest.fixture(scope="session")
def site(django_db_setup, django_db_blocker, rendered_translation) -> str:
    """The base URL of a live server with the fixture content and its Spanish translation.

    Not pytest-django's `live_server`, which empties the database after every test.
    """
    with django_db_blocker.unblock(), modify_settings(ALLOWED_HOSTS={"append": "localhost"}):
        sync.apply(rendered_translation)
        server = LiveServer("localhost")
        yield server.url
        server.stop()


@pytest.fixture(autouse=True)
def database_for_the_server(django_db_blocker):
    """The server thread and the test read the loaded rows; a test that changes one restores it."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def spanish_site(site: str) -> str:
    return site


STAFF = {"username": "reception", "password": "a long test password"}


@pytest.fixture
def log_in_as_staff(site: str):
    """Log a page in as a member of staff, through the admin's own login form."""
    users = get_user_model().objects
    if not users.filter(username=STAFF["username"]).exists():
        users.create_user(**STAFF, is_staff=True)

    def log_in(page: Page) -> None:
        page.goto(f"{site}/staff/links/")
        # Sent to the admin login, then back here.
        page.get_by_label("Username").fill(STAFF["username"])
        page.get_by_label("Password").fill(STAFF["password"])
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Links for emails and letters")

    return log_in


@pytest.fixture
def text_size():
    """Sets the root font size (a percentage), as a phone's or browser's text size setting does."""

    def set_size(page: Page, percent: int) -> None:
        page.evaluate(f"document.documentElement.style.fontSize = '{percent}%'")

    return set_size


# What covers the focused element's centre (its first line box, for a link across two lines).
_FOCUS_PROBE = """() => {
  const el = document.activeElement;
  const box = el.getClientRects()[0];
  if (!box) return {ok: false, what: el.outerHTML.slice(0, 120), covered_by: "no box"};
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  const hit = document.elementFromPoint(x, y);
  return {
    ok: !!hit && (hit === el || el.contains(hit)),
    what: el.outerHTML.slice(0, 120),
    covered_by: hit ? hit.outerHTML.slice(0, 120) : "nothing: off screen",
  };
}"""


@pytest.fixture
def assert_focus_visible():
    """Asserts the focused element is on screen and nothing covers its centre (WCAG 2.4.11)."""

    def check(page: Page) -> None:
        probe = page.evaluate(_FOCUS_PROBE)
        assert probe["ok"], f"{probe['what']} is covered by {probe['covered_by']}"

    return check
