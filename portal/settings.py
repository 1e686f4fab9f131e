"""The one settings module, driven by environment variables.

Development (the default, ``DJANGO_DEBUG`` unset or on) works with no configuration. Production is
``DJANGO_DEBUG=0``: then a missing secret key, host list, site URL or database URL, or a weak secret
key, stops the start with a message that names the variable, rather than running with an unsafe
default.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
# Templates, static files and content: beside portal/ in a checkout, inside it when installed
# from the wheel (pyproject.toml maps them to portal/_site/).
SITE_DIR = BASE_DIR if (BASE_DIR / "templates").is_dir() else Path(__file__).parent / "_site"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}."
    )


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.") from None


def env_required(name: str, why: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set. It is required when DJANGO_DEBUG is off ({why}). "
            "See the README section 'Deploying'."
        )
    return value


DEBUG = env_bool("DJANGO_DEBUG", default=True)

if DEBUG:
    SECRET_KEY = (
        os.environ.get("DJANGO_SECRET_KEY") or "development-only-key-never-used-in-production"
    )
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
    SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
else:
    SECRET_KEY = env_required("DJANGO_SECRET_KEY", "it signs staff sessions")
    # The same test as `check --deploy` (security.W009), made a refusal instead of a warning.
    if (
        len(SECRET_KEY) < 50
        or len(set(SECRET_KEY)) < 5
        or SECRET_KEY.startswith("django-insecure-")
    ):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be at least 50 random characters, not a Django-generated "
            "'django-insecure-' key. Make one with: "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS") or env_required(
        "DJANGO_ALLOWED_HOSTS", "the host names the site answers to, comma-separated"
    )
    SITE_URL = env_required("SITE_URL", "absolute links in emails, QR codes and link previews")
    if not SITE_URL.startswith(("https://", "http://")):
        raise ImproperlyConfigured(
            f"SITE_URL must start with https:// (the address patients use); got {SITE_URL!r}."
        )
SITE_URL = SITE_URL.rstrip("/")

# The clinic's own details, shown in every article's contact block.
CLINIC_NAME = os.environ.get("CLINIC_NAME", "Your spine clinic")
CLINIC_PHONE = os.environ.get("CLINIC_PHONE", "")
# The number the care cards tell patients to call in an emergency; set it outside North America.
EMERGENCY_NUMBER = os.environ.get("EMERGENCY_NUMBER", "").strip() or "911"

CONTENT_DIR = Path(os.environ.get("CONTENT_DIR", SITE_DIR / "content"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_htmx",
    "template_partials",
    "portal",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The language of a page comes from its address alone (/es/...), never from a cookie or
    # Accept-Language: so not Django's LocaleMiddleware.
    "portal.languages.PathLanguageMiddleware",
    "portal.headers.SecurityHeadersMiddleware",
    "portal.static_files.StaticFilesMiddleware",
    # Pages reach phones compressed even where no proxy compresses them. Public pages hold no
    # secret, and Django masks CSRF tokens per response, so BREACH has nothing to learn.
    "portal.headers.CompressionMiddleware",
    "portal.headers.NoCookiesForPatientsMiddleware",
    # Before the session is read: a refused log-in needs nothing but its count of failures.
    "portal.logins.RefuseLockedOutMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes requires: turns a refused log-in into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.site_urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
                "django.template.context_processors.i18n",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

# An empty DATABASE_URL means the default too (dj_database_url.config would give no database).
# In production it is required: the SQLite file in the checkout is for development only.
# Lower case: not a setting, so the password in it never shows on an error page.
database_url = (
    os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    if DEBUG
    else env_required("DATABASE_URL", "the PostgreSQL database: postgres://USER:PASSWORD@HOST/NAME")
)
DATABASES = {
    "default": dj_database_url.parse(
        database_url,
        conn_max_age=600,
        conn_health_checks=True,
    )
}


def cache_from_url(url: str) -> dict:
    """A cache from ``redis://``, ``rediss://``, ``memcached://host:port`` or ``file:///path``;
    empty means memory in each process."""
    if not url:
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 3000},
        }
    scheme, _, rest = url.partition("://")
    backends = {
        "redis": ("django.core.cache.backends.redis.RedisCache", url),
        "rediss": ("django.core.cache.backends.redis.RedisCache", url),
        "memcached": ("django.core.cache.backends.memcached.PyMemcacheCache", rest),
        "file": ("django.core.cache.backends.filebased.FileBasedCache", rest),
    }
    if scheme not in backends or not rest:
        raise ImproperlyConfigured(
            "PAGE_CACHE_URL must start with redis://, rediss://, memcached:// or file://; "
            f"got {url!r}."
        )
    backend, location = backends[scheme]
    return {"BACKEND": backend, "LOCATION": location, "KEY_PREFIX": "portal"}


# "pages" keeps the final bytes of public pages (portal.caching); a shared cache lets several
# servers render each page once. Entries are keyed by content version, so none goes stale.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {**cache_from_url(os.environ.get("PAGE_CACHE_URL", "").strip()), "TIMEOUT": 86400},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# Log-in limits (django-axes). After AXES_FAILURE_LIMIT failed log-ins for one account, or from one
# address, further attempts for it are refused for AXES_COOLOFF_TIME. portal.logins refuses them
# before the log-in view runs, and Axes's backend, first, before ModelBackend would hash: a refused
# attempt costs no password hashing, so a flood of wrong passwords cannot starve patients' pages.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "portal.logins.client_ip"
AXES_RESET_ON_SUCCESS = True
# Attempts while refused neither count nor extend the wait: refusing writes nothing, and staff can
# log in again on time even while someone keeps trying.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ALLOWED_CORS_ORIGINS = SITE_URL
# No start-up banner, and log lines about what a lock-out is about, not every detail of the browser.
AXES_VERBOSE = False

# English pages at the root, Spanish ones under /es/ (portal/urls.py); the interface's Spanish is
# in portal/locale/, compiled by `make install`.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
# Named, not only found as the portal app's own: `makemessages` run at the top of a checkout
# collects the templates beside portal/ into this catalogue too.
LOCALE_PATHS = [Path(__file__).parent / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [SITE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# WhiteNoise itself marks files with hashed names immutable for ten years; a file asked for by its
# plain name keeps WhiteNoise's short default lifetime, since its content can change.
# In development (and tests) serve straight from static/, so no collectstatic is needed. Set here,
# not left to WhiteNoise's default, because the test runner turns DEBUG off after settings load.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Security. SecurityMiddleware sends nosniff, the Referrer-Policy and (in production) HSTS;
# portal.headers adds the Content-Security-Policy and Permissions-Policy.
SECURE_CONTENT_TYPE_NOSNIFF = True
# "same-origin": other sites never learn which page a patient was reading.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    # Behind a TLS-terminating reverse proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe over plain HTTP; a redirect would read as "down".
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = [SITE_URL]
    # HSTS preload is a decision for the clinic's domain owner, not for this app.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

# How long a shared cache (proxy or CDN) may keep a public page. Conditional GET with the content
# version as ETag makes revalidation cheap after that.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "server": {"class": "logging.StreamHandler", "formatter": "server"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # A procedure code is health information: no log line names one (portal.log_privacy).
    "filters": {"redact_codes": {"()": "portal.log_privacy.RedactCodes"}},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.request": {"filters": ["redact_codes"]},
        # As Django sets it up by default, plus the filter.
        "django.server": {
            "handlers": ["server"],
            "level": "INFO",
            "filters": ["redact_codes"],
            "propagate": False,
        },
        # One line per request while the database is down, with the request's path.
        "portal.outage": {"filters": ["redact_codes"]},
        # django-axes says at INFO what it does on every log-in; its lock-outs are warnings.
        "axes": {"level": "WARNING"},
    },
}
