import io
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from portal.models import Procedure

CONTENT_DIR = Path(settings.BASE_DIR) / "content"


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the real content folder, for tests that break or change it."""
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, folder)
    return folder


@pytest.fixture
def loaded(db) -> list[Procedure]:
    """The real content, loaded into the test database."""
    call_command("load_content", str(CONTENT_DIR), stdout=io.StringIO())
    return list(Procedure.objects.all())


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no stored pages: a page kept by an earlier test is not its result."""
    from django.core.cache import caches

    caches["pages"].clear()
