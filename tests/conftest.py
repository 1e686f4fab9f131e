"""Shared fixtures. Tests of code use the suite's own content in tests/fixtures/content, read and
rendered once per session; a test that needs it gets the rows written in its own transaction."""

import datetime
import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from portal import sync
from portal.content import read_content
from portal.models import ContentVersion, Procedure, ProcedureCode
from portal.rendering import RenderedContent, render_content

FIXTURE_CONTENT = Path(__file__).parent / "fixtures" / "content"


@pytest.fixture(scope="session")
def fixture_content() -> Path:
    """The suite's own content folder (read-only: copy it with `content_copy` to change it)."""
    return FIXTURE_CONTENT


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


@pytest.fixture
def coded(db) -> dict[str, Procedure]:
    """Two small articles of their own (no real content) with procedure codes: one code leads to
    one article, one to both."""
    ContentVersion.objects.create(
        digest="c" * 64, loaded_at=datetime.datetime(2026, 5, 4, 3, 2, 1, tzinfo=datetime.UTC)
    )
    surgery = Procedure.objects.create(
        slug="open-surgery",
        title="Open surgery",
        summary="What happens in an open operation on the spine.",
        position=1,
        short_code="OS",
        last_reviewed=datetime.date(2026, 3, 1),
        source_file="open-surgery.md",
        source_digest="1",
    )
    injection = Procedure.objects.create(
        slug="nerve-injection",
        title="Nerve injection",
        summary="What happens when a nerve is treated through a needle.",
        position=2,
        short_code="NI",
        source_file="nerve-injection.md",
        source_digest="2",
    )
    for procedure, system, code, description in [
        (surgery, "CPT", "63185", "Laminectomy with rhizotomy, 1 or 2 segments"),
        (surgery, "CPT", "63190", "Laminectomy with rhizotomy, more than 2 segments"),
        (injection, "CPT", "63190", "Laminectomy with rhizotomy, more than 2 segments"),
        (surgery, "ICD-10-PCS", "01580ZZ", "Destruction of a lumbar nerve, open"),
        (injection, "SNOMED CT", "387713003", "Nerve destruction by injection"),
        (injection, "HCPCS", "G0260", "Injection procedure with imaging"),
    ]:
        ProcedureCode.objects.create(
            procedure=procedure, system=system, code=code, description=description
        )
    return {"surgery": surgery, "injection": injection}


@pytest.fixture(scope="session")
def read_qr():
    """The text of the one QR code in an image (PNG bytes), as a phone's camera reads it."""
    import zxingcpp
    from PIL import Image

    def read(image: bytes) -> str:
        [code] = zxingcpp.read_barcodes(Image.open(io.BytesIO(image)))
        assert code.format == zxingcpp.BarcodeFormat.QRCode
        return code.text

    return read
