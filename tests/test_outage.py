"""While the database is down every address answers 503, from a page made without the database.

On PostgreSQL the connection is pointed at a socket folder where no server listens, which is what a
stopped server leaves behind, so psycopg fails exactly as in an outage. SQLite's test database
lives in memory and cannot be taken away: there the connection refuses to open a cursor, with the
error SQLite gives for a file it cannot open.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.test import Client
from django.urls import reverse

from portal.log_privacy import redact
from portal.models import Procedure
from portal.outage import RETRY_AFTER_SECONDS

# Closing and reopening the connection is not possible inside the transaction that wraps a test.
pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def unreachable_database(folder: Path) -> Iterator[None]:
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        error = OperationalError("unable to open database file")
        with mock.patch.object(connection, "_cursor", side_effect=error):
            yield
        return
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["HOST"] = str(folder)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


@pytest.fixture
def database_down(transactional_db, tmp_path) -> Iterator[None]:
    with unreachable_database(tmp_path):
        yield


@pytest.fixture
def visitor() -> Client:
    # As a browser: the error comes back as a response, not as an exception in the test.
    return Client(raise_request_exception=False)


def outage_urls() -> list[str]:
    return [
        reverse("portal:home"),
        reverse("portal:procedure", args=["any-procedure"]),
        reverse("portal:compare"),
        reverse("portal:compare") + "?p=one&p=two",
        reverse("portal:glossary"),
        reverse("portal:short_link", args=["AB"]),
        reverse("portal:by_code", args=["cpt", "64999"]),
        reverse("portal:infobutton")
        + "?mainSearchCriteria.v.cs=2.16.840.1.113883.6.12&mainSearchCriteria.v.c=64999",
        "/no-such-page/",
        reverse("sitemap"),
        reverse("robots"),
    ]


def problems(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.levelno >= logging.WARNING]


@pytest.mark.parametrize("url", outage_urls())
def test_every_page_answers_503_with_the_friendly_page(database_down, visitor, caplog, url):
    response = visitor.get(url)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "no-store" in response.headers["Cache-Control"]
    assert response.headers["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "This page is not available right now" in body
    assert settings.CLINIC_NAME in body
    assert "/static/portal/site.css" in body
    for leak in ("Traceback", "OperationalError", "unable to open", "socket"):
        assert leak not in body
    assert "Set-Cookie" not in response.headers
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("url", outage_urls())
def test_each_failure_is_one_log_line_without_traceback(database_down, visitor, caplog, url):
    caplog.clear()
    visitor.get(url)
    [record] = problems(caplog)
    message = record.getMessage()
    # The path, with any procedure code taken out (portal.log_privacy).
    assert message.startswith("Database unavailable: ")
    assert message.endswith(f"; request GET {redact(url.split('?')[0])}")
    assert "64999" not in message
    assert "\n" not in message
    assert record.exc_info is None


def test_log_in_attempt_answers_503(database_down, visitor, caplog):
    response = visitor.post(reverse("admin:login"), {"username": "staff", "password": "wrong"})
    assert response.status_code == 503
    assert len(problems(caplog)) == 1


@pytest.mark.parametrize("url", [reverse("admin:index"), reverse("portal:staff_links")])
def test_staff_pages_answer_503_to_a_signed_in_member_of_staff(
    django_user_model, visitor, tmp_path, caplog, url
):
    staff = django_user_model.objects.create_superuser("staff", "staff@example.org", "pass phrase")
    visitor.force_login(staff)
    with unreachable_database(tmp_path):
        response = visitor.get(url)
    assert response.status_code == 503
    assert "This page is not available right now" in response.content.decode()
    assert len(problems(caplog)) == 1


def test_static_files_are_still_served(database_down, visitor):
    response = visitor.get("/static/portal/site.css")
    assert response.status_code == 200


def test_health_check_says_unavailable_in_one_line(database_down, visitor, caplog):
    response = visitor.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.content == b"database unavailable\n"
    [record] = problems(caplog)
    assert record.getMessage().endswith("; request GET /healthz")
    assert record.exc_info is None


@pytest.mark.parametrize(
    ("path", "lang", "says"),
    [
        ("/no-such-page/", "en", "Something went wrong on our side"),
        # In the language of the address.
        ("/es/no-such-page/", "es", "Algo salió mal de nuestro lado"),
    ],
)
def test_other_errors_still_answer_500(visitor, monkeypatch, path, lang, says):
    def broken(*args, **kwargs):
        raise RuntimeError("not the database")

    monkeypatch.setattr(Procedure.objects, "only", broken)
    response = visitor.get(path)

    assert response.status_code == 500
    assert "Retry-After" not in response.headers
    assert f'<html lang="{lang}">' in response.content.decode()
    assert says in response.content.decode()


def test_pages_come_back_when_the_database_does(loaded, visitor, tmp_path):
    article = loaded[0].get_absolute_url()
    assert visitor.get(article).status_code == 200
    with unreachable_database(tmp_path):
        assert visitor.get(article).status_code == 503
        assert visitor.get(reverse("healthz")).status_code == 503
    assert visitor.get(article).status_code == 200
    assert visitor.get(reverse("healthz")).status_code == 200


def test_the_outage_page_speaks_the_language_of_the_address(database_down, visitor):
    response = visitor.get("/es/")

    assert response.status_code == 503
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert "Esta página no está disponible en este momento" in html
