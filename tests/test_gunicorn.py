"""The portal behind gunicorn, started with the command and configuration the README gives.

gunicorn parses the request, so what it makes of hostile headers can only be tested through it:
a real gunicorn process on 127.0.0.1, serving a SQLite copy of the portal with the fixture content loaded.
"""

from __future__ import annotations

import http.client
import os
import re
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.urls import reverse

BASE_DIR = Path(settings.BASE_DIR)
GUNICORN = Path(sys.executable).with_name("gunicorn")
SITE_URL = "http://portal.test"


def readme_command() -> list[str]:
    """The gunicorn command line from the README's deployment steps."""
    readme = (BASE_DIR / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^\.venv/bin/gunicorn .*$", readme, re.MULTILINE)
    assert match, "the README shows no gunicorn command"
    return shlex.split(match.group(0))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(port: int, path: str, headers: dict[str, str]) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.putrequest("GET", path)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        connection.close()


@pytest.fixture(scope="module")
def gunicorn_port(tmp_path_factory, fixture_content) -> Iterator[int]:
    folder = tmp_path_factory.mktemp("gunicorn")
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_") and name not in {"SITE_URL", "DATABASE_URL"}
    }
    env.update(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}", SITE_URL=SITE_URL, LOG_LEVEL="WARNING"
    )
    for command in (["migrate", "--noinput"], ["load_content", str(fixture_content)]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=BASE_DIR,
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )
    port = free_port()
    command = readme_command()
    assert "-c" in command, "the README starts gunicorn without its configuration file"
    command[0] = str(GUNICORN)
    log = (folder / "gunicorn.log").open("wb")
    process = subprocess.Popen(
        [*command, "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=log,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (folder / "gunicorn.log").read_text()
            try:
                request(port, "/healthz", {})
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not answer"
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def article_path(gunicorn_port) -> str:
    status, body = request(gunicorn_port, reverse("portal:home"), {})
    assert status == 200
    prefix = reverse("portal:procedure", args=["x"]).removesuffix("x/")
    links = [a["href"] for a in BeautifulSoup(body, "html.parser").select("main a[href]")]
    return next(link for link in links if link.startswith(prefix))


# gunicorn upper-cases header names, so every spelling reached Django as the script prefix.
SCRIPT_NAME_HEADERS = ["SCRIPT_NAME", "Script_Name", "script_name"]


@pytest.mark.parametrize("header", SCRIPT_NAME_HEADERS)
def test_script_name_header_does_not_move_the_site(gunicorn_port, header):
    status, body = request(gunicorn_port, reverse("portal:home"), {header: "/evil"})
    assert status == 200
    page = BeautifulSoup(body, "html.parser")
    assert page.find("link", rel="canonical")["href"] == f"{SITE_URL}/"
    addresses = [tag.get("href") or tag.get("src") for tag in page.select("[href], [src]")]
    assert addresses
    assert not [address for address in addresses if "/evil" in address]


@pytest.mark.parametrize("header", SCRIPT_NAME_HEADERS)
def test_script_name_header_does_not_open_a_second_address(gunicorn_port, article_path, header):
    assert request(gunicorn_port, article_path, {})[0] == 200
    status, _ = request(gunicorn_port, f"/evil{article_path}", {header: "/evil"})
    assert status == 404
