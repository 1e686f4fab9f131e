"""`pip install .` gives a working portal: the wheel carries migrations, management commands,
template tags, templates, static files and content, and runs with no checkout beside it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PAGE = """
import django, portal
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
from portal.models import Procedure
print(portal.__file__)
client = Client()
for path in ["/", Procedure.objects.first().get_absolute_url(), "/glossary/", "/compare/"]:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    assert b"<h1" in response.content, path
print("pages ok")
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The wheel built from this checkout, installed (without its dependencies) into a folder."""
    root = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", root / "dist", settings.BASE_DIR],
        check=True,
        capture_output=True,
    )  # fmt: skip
    [wheel] = (root / "dist").glob("*.whl")
    target = root / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", target, wheel],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return target


def run(installed: Path, tmp_path: Path, *args: str) -> str:
    # Run from an empty folder, so nothing of the checkout can be found by accident.
    env = {
        **os.environ,
        "PYTHONPATH": str(installed),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("CONTENT_DIR", None)
    result = subprocess.run(
        [sys.executable, *args], cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_installed_wheel_migrates_loads_and_serves_pages(installed: Path, tmp_path: Path):
    run(installed, tmp_path, "-m", "portal", "migrate", "--noinput")
    loaded = run(installed, tmp_path, "-m", "portal", "load_content")
    pages = run(installed, tmp_path, "-c", PAGE)

    assert "Loaded " in loaded
    assert str(installed / "portal" / "_site" / "content") in loaded
    assert pages.splitlines() == [str(installed / "portal" / "__init__.py"), "pages ok"]
