"""The settings module: development defaults, production requirements, and what visitors see.

Settings are read once per process, so anything that depends on environment variables runs in a
subprocess with exactly the variables a deployment would set.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path, reverse
from whitenoise.middleware import WhiteNoiseMiddleware

BASE_DIR = Path(settings.BASE_DIR)
HOST = "portal.example.org"


def production_env(**overrides: str | None) -> dict[str, str]:
    """The environment a clinic's deployment sets, on top of a clean one; None removes a name."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_") and name not in {"SITE_URL", "DATABASE_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=HOST,
        SITE_URL=f"https://{HOST}",
        DATABASE_URL="postgres://portal:secret@db.internal:5432/portal",
    )
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def development_env(**overrides: str) -> dict[str, str]:
    env = production_env(
        DJANGO_DEBUG=None,
        DJANGO_SECRET_KEY=None,
        DJANGO_ALLOWED_HOSTS=None,
        SITE_URL=None,
        DATABASE_URL=None,
    )
    env.update(overrides)
    return env


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settings_in(env: dict[str, str], *names: str) -> dict:
    """The values of ``names`` in portal.settings, loaded with ``env``."""
    result = run_python(
        "import json; from portal import settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {list(names)!r}}}, default=str))",
        env,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# Development


def test_development_needs_no_configuration():
    values = settings_in(
        development_env(), "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "DATABASES"
    )
    assert values["DEBUG"] is True
    assert values["SECRET_KEY"]
    assert "127.0.0.1" in values["ALLOWED_HOSTS"]
    assert values["SITE_URL"] == "http://127.0.0.1:8000"
    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(BASE_DIR / "db.sqlite3")


@pytest.mark.parametrize(
    ("value", "expected"), [(None, "911"), ("", "911"), (" 112 ", "112"), ("999", "999")]
)
def test_the_emergency_number_is_911_unless_the_clinic_sets_another(value, expected):
    env = development_env()
    env.pop("EMERGENCY_NUMBER", None)
    if value is not None:
        env["EMERGENCY_NUMBER"] = value
    assert settings_in(env, "EMERGENCY_NUMBER") == {"EMERGENCY_NUMBER": expected}


@pytest.mark.parametrize("value", ["", "   "])
def test_empty_database_url_means_the_default_sqlite_file(value):
    database = settings_in(development_env(DATABASE_URL=value), "DATABASES")["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(BASE_DIR / "db.sqlite3")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "postgres://portal:secret@db.internal:5433/portal",
            {"HOST": "db.internal", "PORT": 5433, "NAME": "portal", "USER": "portal"},
        ),
        (
            "postgres://postgres@%2Frun%2Fpostgresql/portal",
            {"HOST": "/run/postgresql", "NAME": "portal", "USER": "postgres"},
        ),
    ],
)
def test_database_url_selects_postgresql(url, expected):
    database = settings_in(development_env(DATABASE_URL=url), "DATABASES")["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert {key: database[key] for key in expected} == expected
    # Reuse connections across requests, and notice when the server dropped one.
    assert database["CONN_MAX_AGE"] == 600
    assert database["CONN_HEALTH_CHECKS"] is True


def test_development_serves_static_files_without_collectstatic():
    values = settings_in(
        development_env(), "STORAGES", "WHITENOISE_USE_FINDERS", "WHITENOISE_AUTOREFRESH"
    )
    assert values["STORAGES"]["staticfiles"]["BACKEND"].endswith(".StaticFilesStorage")
    assert values["WHITENOISE_USE_FINDERS"] is True
    assert values["WHITENOISE_AUTOREFRESH"] is True


def test_whitenoise_does_not_warn_about_a_missing_staticfiles_folder(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path / "never-collected"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        WhiteNoiseMiddleware(lambda request: HttpResponse())


@pytest.mark.parametrize("value", ["maybe", "2", "debug"])
def test_unclear_debug_value_stops_the_start(value):
    result = run_python("import portal.settings", development_env(DJANGO_DEBUG=value))
    assert result.returncode != 0
    assert f"DJANGO_DEBUG must be one of 1/0, true/false, yes/no, on/off; got {value!r}" in (
        result.stderr
    )


# Production


@pytest.mark.parametrize(
    "name", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "SITE_URL", "DATABASE_URL"]
)
@pytest.mark.parametrize("value", [None, "", "  "])
def test_production_without_a_required_variable_stops_with_its_name(name, value):
    result = run_python("import portal.settings", production_env(**{name: value}))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{name} is not set. It is required when DJANGO_DEBUG is off" in result.stderr


@pytest.mark.parametrize(
    "key",
    [
        pytest.param("short" * 9, id="fewer-than-50-characters"),
        pytest.param("x" * 64, id="one-character-repeated"),
        pytest.param("abcd" * 16, id="four-different-characters"),
        pytest.param(f"django-insecure-{secrets.token_urlsafe(50)}", id="django-insecure"),
    ],
)
def test_production_refuses_a_weak_secret_key(key):
    result = run_python("import portal.settings", production_env(DJANGO_SECRET_KEY=key))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be at least 50 random characters" in result.stderr
    assert key not in result.stderr


def test_production_refuses_a_site_url_without_scheme():
    result = run_python("import portal.settings", production_env(SITE_URL=HOST))
    assert result.returncode != 0
    assert "SITE_URL must start with https://" in result.stderr


def test_production_refuses_a_number_that_is_not_one():
    result = run_python("import portal.settings", production_env(DJANGO_HSTS_SECONDS="a year"))
    assert result.returncode != 0
    assert "DJANGO_HSTS_SECONDS must be a whole number; got 'a year'." in result.stderr


def test_production_settings():
    values = settings_in(
        production_env(SITE_URL=f"https://{HOST}/"),
        "DEBUG",
        "ALLOWED_HOSTS",
        "SITE_URL",
        "STORAGES",
        "WHITENOISE_USE_FINDERS",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "CSRF_TRUSTED_ORIGINS",
        "SECURE_REFERRER_POLICY",
    )
    assert values == {
        "DEBUG": False,
        "ALLOWED_HOSTS": [HOST],
        "SITE_URL": f"https://{HOST}",
        "STORAGES": {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        },
        "WHITENOISE_USE_FINDERS": False,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "CSRF_TRUSTED_ORIGINS": [f"https://{HOST}"],
        "SECURE_REFERRER_POLICY": "same-origin",
    }


def test_production_redirect_can_be_left_to_the_proxy():
    values = settings_in(production_env(DJANGO_SECURE_SSL_REDIRECT="0"), "SECURE_SSL_REDIRECT")
    assert values == {"SECURE_SSL_REDIRECT": False}


def test_deploy_check_reports_no_issues_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


# Serves real requests with the production settings: the collected, hashed static files, the
# HTTPS redirect, HSTS, and error pages. It runs in its own process on its own SQLite file.
PRODUCTION_REQUESTS = """
import json, re
import django
django.setup()
from django.core.management import call_command
from django.test import Client

for command in ("collectstatic", "migrate"):
    call_command(command, interactive=False, verbosity=0)
call_command("load_content", verbosity=0)

client = Client(HTTP_HOST="portal.example.org", raise_request_exception=False)
def fetch(path, secure=True, **extra):
    headers = {"X-Forwarded-Proto": "https", **extra} if secure else extra
    response = client.get(path, headers=headers)
    return {
        "status": response.status_code,
        "headers": dict(response.headers),
        "body": (b"".join(response) if response.streaming else response.content).decode(
            errors="replace"
        ),
    }

home = fetch("/")
css = re.search(r'href="(/static/portal/site[.][0-9a-f]+[.]css)"', home["body"])
print(json.dumps({
    "home": home,
    "plain_http": fetch("/", secure=False),
    "healthz_plain_http": fetch("/healthz", secure=False),
    "missing": fetch("/no-such-page/"),
    "css": fetch(css.group(1)) if css else None,
    "css_gzip": fetch(css.group(1), **{"Accept-Encoding": "gzip"}) if css else None,
    "manifest": fetch("/static/staticfiles.json"),
    "manifest_gzip": fetch("/static/staticfiles.json", **{"Accept-Encoding": "gzip, br"}),
}))
"""


@pytest.fixture(scope="module")
def production_responses(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("production")
    env = production_env(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        DJANGO_STATIC_ROOT=str(folder / "staticfiles"),
    )
    result = run_python(PRODUCTION_REQUESTS, env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_production_page_over_https(production_responses):
    home = production_responses["home"]
    assert home["status"] == 200
    assert home["headers"]["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "frame-ancestors 'none'" in home["headers"]["Content-Security-Policy"]
    assert "Set-Cookie" not in home["headers"]


def test_production_redirects_plain_http_to_https(production_responses):
    response = production_responses["plain_http"]
    assert response["status"] == 301
    assert response["headers"]["Location"] == f"https://{HOST}/"


def test_production_health_check_answers_over_plain_http(production_responses):
    response = production_responses["healthz_plain_http"]
    assert response["status"] == 200
    assert response["body"] == "ok\n"


def test_production_serves_hashed_static_files_for_at_least_a_year(production_responses):
    css = production_responses["css"]
    assert css is not None, "the page does not link a hashed site.css"
    assert css["status"] == 200
    assert css["headers"]["Content-Type"].startswith("text/css")
    directives = {d.strip() for d in css["headers"]["Cache-Control"].split(",")}
    max_age = next(int(d.split("=")[1]) for d in directives if d.startswith("max-age="))
    assert max_age >= 31536000
    assert {"public", "immutable"} <= directives
    assert production_responses["css_gzip"]["headers"]["Content-Encoding"] == "gzip"


@pytest.mark.parametrize("request_name", ["manifest", "manifest_gzip"])
def test_production_does_not_serve_the_static_files_manifest(production_responses, request_name):
    response = production_responses[request_name]
    assert response["status"] == 404
    assert "portal/site.css" not in response["body"]


def test_production_not_found_page_is_the_friendly_one(production_responses):
    missing = production_responses["missing"]
    assert missing["status"] == 404
    assert "We could not find that page" in missing["body"]
    assert "URLconf" not in missing["body"]
    assert "Content-Security-Policy" in missing["headers"]


# Errors: a visitor never sees a traceback or a setting. The test URLconf is this module.


def explode(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret detail: DATABASES and SECRET_KEY live here")


urlpatterns = [path("explode/", explode, name="explode")]


@pytest.mark.urls(__name__)
def test_server_error_shows_the_friendly_page_without_details(settings):
    assert settings.DEBUG is False
    client = Client(raise_request_exception=False)
    response = client.get(reverse("explode"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in body
    assert "call your care team" in body
    for leak in ("Traceback", "RuntimeError", "secret detail", "SECRET_KEY", settings.SECRET_KEY):
        assert leak not in body
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


@pytest.mark.django_db
def test_not_found_with_debug_off_is_the_friendly_page(client, settings):
    assert settings.DEBUG is False
    response = client.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "We could not find that page" in body
    assert "URLconf" not in body
    assert "portal.site_urls" not in body
