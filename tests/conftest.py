"""Shared fixtures. Tests of code use the suite's own content in tests/fixtures/content, read and
rendered once per session; a test that needs it gets the rows written in its own transaction."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from portal import sync
from portal.content import read_content
from portal.models import Procedure
from portal.rendering import RenderedContent, render_content

FIXTURE_CONTENT = Path(__file__).parent / "fixtures" / "content"


@pytest.fixture(scope="session")
def rendered_fixture(django_db_setup, django_db_blocker) -> RenderedContent:
    """The fixture content, read, validated and rendered once for the whole run."""
    with django_db_blocker.unblock():
        return render_content(read_content(FIXTURE_CONTENT))


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture content, for tests that break or change it."""
    folder = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, folder)
    return folder


@pytest.fixture
def loaded(db, rendered_fixture) -> list[Procedure]:
    """The fixture content in the test database."""
    sync.apply(rendered_fixture)
    return list(Procedure.objects.all())


@pytest.fixture
def load_folder(db):
    """Run `load_content` on a folder and return what it printed."""

    def load(folder: Path) -> str:
        out = io.StringIO()
        call_command("load_content", str(folder), stdout=out)
        return out.getvalue()

    return load
