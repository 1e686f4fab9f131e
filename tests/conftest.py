"""Shared fixtures. Tests of code use the suite's own content in tests/fixtures/content, read and
rendered once per session; a test that needs it gets the rows written in its own transaction."""

import datetime
import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test.utils import override_settings
from suite_content import FIXTURE_CONTENT

from portal import sync
from portal.content import read_content
from portal.models import ContentVersion, Procedure, ProcedureCode
from portal.rendering import RenderedContent, render_content

# Tests that touch no database give nothing new when run again on another one.
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server"}


def pytest_addoption(parser):
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="Run only the tests that use the database (for a second run on another database).",
    )


def pytest_collection_modifyitems(config, items):
    if not config.getoption("--database-tests-only"):
        return
    keep, drop = [], []
    for item in items:
        uses_db = DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        (keep if uses_db or item.get_closest_marker("django_db") else drop).append(item)
    config.hook.pytest_deselected(items=drop)
    items[:] = keep


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashing():
    """Staff accounts made by tests are hashed cheaply; tests of what a login costs set PBKDF2."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


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


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no stored pages: a page kept by an earlier test is not its result."""
    from django.core.cache import caches

    caches["pages"].clear()


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


def write_translation(folder: Path, language: str = "es") -> Path:
    """A machine-made translation of a content folder, for tests of the code that reads it: each
    text is the English one marked with the language, so tests can tell which was served."""
    import hashlib
    import re
    import tomllib

    out = folder / language
    (out / "procedures").mkdir(parents=True)
    glossary = tomllib.loads((folder / "glossary.toml").read_text())["term"]
    _write_tables(
        out / "glossary.toml",
        [
            (
                "term",
                {
                    "slug": re.sub(r"[^a-z0-9]+", "-", term["term"].lower()).strip("-"),
                    "term": term["term"],
                    "definition": f"[{language}] {term['definition']}",
                    "other_forms": term.get("other_forms", []),
                },
            )
            for term in glossary
        ],
    )
    comparison = tomllib.loads((folder / "comparison.toml").read_text())
    _write_tables(
        out / "comparison.toml",
        [
            (table, {"key": item["key"], "text": f"[{language}] {item['text']}"})
            for table in ("question", "value")
            for item in comparison.get(table, [])
        ],
    )
    for path in sorted((folder / "procedures").glob("*.md")):
        text = path.read_text()
        _, front, body = text.split("+++\n", 2)
        meta = tomllib.loads(front)
        keep = ("title", "summary", "also_called", "conditions")
        head = [f"{key} = {_toml(meta[key], language)}" for key in keep if key in meta]
        head.append(f'source_version = "{hashlib.sha256(path.read_bytes()).hexdigest()[:12]}"')
        head.append('translated_by = "the test suite"')
        head.append(
            f"\n[help]\nurgent = {_toml(meta['help']['urgent'], language)}\n"
            f"emergency = {_toml(meta['help']['emergency'], language)}"
        )
        for check in meta["check"]:
            head.append(f"\n[[check]]\nquestion = {_toml(check['question'], language)}\nanswer = {_toml(check['answer'], language)}")  # fmt: skip
        head.append("\n[answers]")
        head += [f"{key} = {_toml(value, language)}" for key, value in meta["answers"].items()]
        body = re.sub(r"^## ", f"## [{language}] ", body, flags=re.M)
        (out / "procedures" / path.name).write_text("+++\n" + "\n".join(head) + "\n+++\n" + body)
    return out


def _write_tables(path: Path, entries: list[tuple[str, dict]]) -> None:
    """Write each (table name, fields) as one entry of a TOML array of tables. Values are written
    as JSON, which TOML reads the same for strings and lists of strings."""
    path.write_text(
        "\n".join(
            f"[[{table}]]\n" + "".join(f"{key} = {_json(value)}\n" for key, value in fields.items())
            for table, fields in entries
        )
    )


def _json(value) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def _toml(value, language: str) -> str:
    if isinstance(value, list):
        return _json([f"[{language}] {v}" for v in value])
    return _json(f"[{language}] {value}")


@pytest.fixture
def translated_copy(content_copy: Path) -> Path:
    """A copy of the fixture content with a Spanish translation made by `write_translation`."""
    write_translation(content_copy)
    return content_copy


@pytest.fixture(scope="session")
def translated_fixture(tmp_path_factory) -> Path:
    """The fixture content with its machine-made Spanish translation (read-only), made once."""
    folder = tmp_path_factory.mktemp("translated") / "content"
    shutil.copytree(FIXTURE_CONTENT, folder)
    write_translation(folder)
    return folder


@pytest.fixture(scope="session")
def rendered_translation(translated_fixture: Path, django_db_setup, django_db_blocker):
    """`translated_fixture` read, validated and rendered once for the whole run."""
    with django_db_blocker.unblock():
        return render_content(read_content(translated_fixture))


@pytest.fixture
def translated(db, rendered_translation) -> list[Procedure]:
    """The fixture content and its machine-made Spanish translation, in the test database."""
    sync.apply(rendered_translation)
    return list(Procedure.objects.all())
