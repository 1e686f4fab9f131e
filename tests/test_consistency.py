"""One content version per response: a reload while a page is read never shows in half of it."""

from __future__ import annotations

import io
import re
import shutil
import threading
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import OperationalError, connection
from django.urls import reverse

PAGES = {
    "article": reverse("portal:procedure", args=["surgical-rhizotomy"]),
    "compare": reverse("portal:compare") + "?p=surgical-rhizotomy&p=rhizotomy-injection",
    "glossary": reverse("portal:glossary"),
    "home": reverse("portal:home"),
}


def load(folder: Path) -> None:
    call_command("load_content", str(folder), stdout=io.StringIO())


def revised(folder: Path, to: Path) -> Path:
    """A copy of the content in which every title, summary, answer, section and definition differs."""
    shutil.copytree(folder, to)
    for path in [*(to / "procedures").glob("*.md"), to / "glossary.toml"]:
        text = path.read_text()
        text = re.sub(r'(?m)^title = "(.*)"$', r'title = "\1, revised"', text)
        text = re.sub(r'(?m)^(\w+) = "(.*\.)"$', r'\1 = "\2 Revised."', text)
        if path.suffix == ".md":
            text = text.rstrip() + "\n\nThis page was revised.\n"
        path.write_text(text)
    return to


def reload_elsewhere(folder: Path) -> Exception | None:
    """Load ``folder`` on another database connection, as another process would; wait for it."""
    failure: list[Exception] = []

    def run() -> None:
        try:
            load(folder)
        except OperationalError as error:  # SQLite: a writer waits for the reader's snapshot
            failure.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return failure[0] if failure else None


class ReloadAfter:
    """Runs a reload after the request's ``n``-th SELECT, in the middle of the view."""

    def __init__(self, n: int, folder: Path):
        self.n, self.folder, self.count, self.failure = n, folder, 0, None

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not sql.lstrip().upper().startswith("SELECT"):
            return result
        self.count += 1
        if self.count == self.n:
            self.failure = reload_elsewhere(self.folder)
        return result


@pytest.fixture
def versions(content_copy, tmp_path, client) -> dict:
    """Each page as version A and version B show it, with its ETag; A is loaded at the end."""
    b = revised(content_copy, tmp_path / "revised")
    pages: dict = {"folder b": b}
    for name, folder in (("b", b), ("a", content_copy)):
        load(folder)
        pages[name] = {}
        for page, url in PAGES.items():
            response = client.get(url)
            pages[name][page] = (response.content, response["ETag"])
    for page in PAGES:
        assert pages["a"][page][0] != pages["b"][page][0], page
    return pages


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("after", [1, 2, 3])
@pytest.mark.parametrize("page", PAGES)
def test_a_reload_during_a_request_never_mixes_two_versions(client, versions, page, after):
    url = PAGES[page]
    caches["pages"].clear()  # the page is rendered, query by query
    reload = ReloadAfter(after, versions["folder b"])
    with connection.execute_wrapper(reload):
        during = client.get(url)
    assert reload.count >= after, "the reload ran in the middle of the page's queries"
    if reload.failure is not None:
        # SQLite's in-memory test database refuses the write while the page reads (a file
        # database makes it wait); PostgreSQL lets it commit, and the page keeps its snapshot.
        assert connection.vendor == "sqlite", reload.failure
        load(versions["folder b"])

    # The page and its ETag come from one version: a mix would match neither.
    assert (during.content, during["ETag"]) in (versions["a"][page], versions["b"][page])
    after_reload = client.get(url)
    assert (after_reload.content, after_reload["ETag"]) == versions["b"][page]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("page", PAGES)
def test_revalidation_after_a_reload_gets_the_new_page(client, versions, page):
    url = PAGES[page]
    old_etag = versions["a"][page][1]
    assert client.get(url, headers={"If-None-Match": old_etag}).status_code == 304
    load(versions["folder b"])
    response = client.get(url, headers={"If-None-Match": old_etag})
    assert response.status_code == 200
    assert (response.content, response["ETag"]) == versions["b"][page]
