"""Failed log-ins are limited per account and per address, and a refused attempt is cheap."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test import RequestFactory
from django.urls import reverse

from portal.logins import client_ip

PASSWORD = "a long staff passphrase"


@pytest.fixture
def hashes(monkeypatch, settings) -> list[str]:
    """Every password hashed from now on, with the production hasher (one iteration, so the
    tests stay fast)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    calls: list[str] = []
    original = PBKDF2PasswordHasher.encode

    def encode(self, password, salt, iterations=None):
        calls.append(password)
        return original(self, password, salt, iterations)

    monkeypatch.setattr(PBKDF2PasswordHasher, "encode", encode)
    monkeypatch.setattr(PBKDF2PasswordHasher, "iterations", 1)
    return calls


@pytest.fixture
def staff(django_user_model, hashes):
    user = django_user_model.objects.create_superuser("staff", "staff@example.org", PASSWORD)
    hashes.clear()
    return user


def log_in(client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        headers={"X-Forwarded-For": address},
    )


def signed_in(client) -> bool:
    return client.get(reverse("admin:index")).status_code == 200


# Each way of spreading the wrong passwords: the limit holds per account and per address.
FLOODS = {
    "one-account-one-address": lambda n: ("staff", "203.0.113.7"),
    "one-account-many-addresses": lambda n: ("staff", f"203.0.113.{n + 10}"),
    "many-accounts-one-address": lambda n: (f"guess{n}", "203.0.113.7"),
}


def flood(client, settings, kind: str) -> None:
    for n in range(settings.AXES_FAILURE_LIMIT):
        username, address = FLOODS[kind](n)
        response = log_in(client, username, "wrong password", address)
        assert response.status_code in (200, 429)


@pytest.mark.parametrize("kind", FLOODS)
def test_right_password_is_refused_after_the_limit(client, settings, staff, kind):
    flood(client, settings, kind)
    # The account, or the address, is locked: even the right password is refused.
    username, address = ("staff", "203.0.113.7")
    response = log_in(client, username, PASSWORD, address)
    assert response.status_code == 429
    assert not signed_in(client)


@pytest.mark.parametrize("kind", FLOODS)
def test_refused_attempt_hashes_no_password(client, settings, staff, hashes, kind):
    flood(client, settings, kind)
    # Each wrong password up to the limit was hashed: that is what the limit protects.
    assert len(hashes) == settings.AXES_FAILURE_LIMIT
    hashes.clear()
    for password in ("wrong password", PASSWORD):
        assert log_in(client, "staff", password).status_code == 429
    assert hashes == []


@pytest.mark.parametrize("kind", FLOODS)
def test_refusal_costs_a_count_per_limit_and_no_log_in_page(
    client, settings, staff, kind, django_assert_max_num_queries
):
    flood(client, settings, kind)
    # One count of recent failures per limit (account, address), and nothing else.
    with django_assert_max_num_queries(len(settings.AXES_LOCKOUT_PARAMETERS)):
        response = log_in(client, "staff", "wrong password")
    assert response.status_code == 429
    assert b"<form" not in response.content


def test_staff_log_in_below_the_limit(client, settings, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "staff", "wrong password").status_code == 200
    response = log_in(client, "staff", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_other_accounts_and_addresses_are_not_locked(client, settings, staff, django_user_model):
    django_user_model.objects.create_superuser("other", "other@example.org", PASSWORD)
    flood(client, settings, "one-account-one-address")
    assert log_in(client, "other", PASSWORD, "198.51.100.1").status_code == 302


def test_lock_ends_after_the_cool_off(client, settings, staff):
    settings.AXES_COOLOFF_TIME = timedelta(seconds=1)
    flood(client, settings, "one-account-one-address")
    assert log_in(client, "staff", PASSWORD).status_code == 429
    time.sleep(1.2)
    assert log_in(client, "staff", PASSWORD).status_code == 302


def test_refused_page_sets_no_cookie_on_patient_pages(client, settings, staff, loaded):
    flood(client, settings, "one-account-one-address")
    client.cookies.clear()
    for url in (reverse("portal:home"), reverse("portal:glossary"), "/no-such-page/"):
        response = client.get(url, headers={"X-Forwarded-For": "203.0.113.7"})
        assert response.status_code in (200, 404)
        assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("", "127.0.0.1"),
        ("203.0.113.7", "203.0.113.7"),
        # The proxy appends the address it saw; earlier entries are whatever the visitor sent.
        ("10.0.0.1, 203.0.113.7", "203.0.113.7"),
        ("2001:db8::1", "2001:db8::1"),
        ("not-an-address", "127.0.0.1"),
        ("203.0.113.7, '); DROP TABLE", "127.0.0.1"),
    ],
)
def test_client_ip_is_the_address_the_proxy_saw(forwarded, expected):
    request = RequestFactory().get("/", headers={"X-Forwarded-For": forwarded} if forwarded else {})
    assert client_ip(request) == expected
