import datetime
import io
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from portal.models import ContentVersion, Procedure, ProcedureCode

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
