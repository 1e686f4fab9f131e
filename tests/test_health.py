"""/healthz: 200 only when the database answers and content is loaded."""

from __future__ import annotations

from django.db import OperationalError
from django.urls import reverse

from portal.models import ContentVersion


def test_healthy_when_content_is_loaded(client, loaded):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"


def test_path_is_the_conventional_one():
    assert reverse("healthz") == "/healthz"


def test_unhealthy_before_content_is_loaded(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.content == b"content not loaded\n"


def test_unhealthy_when_the_database_is_unreachable(client, loaded, monkeypatch, caplog):
    def unreachable(*args, **kwargs):
        raise OperationalError('connection to server on socket "/run/postgresql" failed')

    monkeypatch.setattr(ContentVersion.objects, "exists", unreachable)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    # The reason goes to the log for the operator, not to whoever asked.
    assert response.content == b"database unavailable\n"
    assert "/run/postgresql" in caplog.text


def test_never_cached(client, loaded):
    response = client.get(reverse("healthz"))
    assert "no-store" in response.headers["Cache-Control"]
    assert "ETag" not in response.headers


def test_unhealthy_answer_is_never_cached_either(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert "no-store" in response.headers["Cache-Control"]


def test_head_is_answered_for_monitors(client, loaded):
    response = client.head(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b""


def test_unsafe_methods_are_refused(client, loaded):
    assert client.post(reverse("healthz")).status_code == 405


def test_sets_no_cookie(client, loaded):
    assert not client.get(reverse("healthz")).cookies
