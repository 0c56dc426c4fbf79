"""One settings module, driven by OPENSIT_* environment variables (12-factor)."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import available_timezones

import dj_database_url
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("OPENSIT_HOME", Path.cwd()))
VAR_DIR = Path(os.environ.get("OPENSIT_VAR_DIR", PROJECT_DIR / "var"))


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = _env_bool("OPENSIT_DEBUG", False)
SECRET_KEY = os.environ.get("OPENSIT_SECRET_KEY") or (
    "insecure-development-key-set-OPENSIT_SECRET_KEY-in-production"
)
# `.localhost`: the demo destination sites (regional.localhost, escapade.localhost, docs/sites.md)
ALLOWED_HOSTS = _env_list("OPENSIT_ALLOWED_HOSTS", "127.0.0.1,localhost,.localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "opensit.core",
    "opensit.network",
    "opensit.catalog",
    "opensit.connectors",
    "opensit.formats",
    "opensit.demo",
    "opensit.search",
    "opensit.backoffice",
    "opensit.backoffice.leaflet_assets.apps.LeafletAssetsConfig",
    "wagtail.users",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.admin",
    "wagtail.contrib.forms",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail",
    "modelcluster",
    "taggit",
    "ninja",
    "opensit.diffusion",
    "opensit.quality",
    "opensit.partners",
    "opensit.media",
    "opensit.jobs",
    "opensit.sites",
    "opensit.widgets",
    "django_tasks",
    "django_tasks_db",  # the jobs' queue: one table, on SQLite and PostgreSQL alike
    "modelsearch",  # Wagtail 8's search of images and documents in the admin
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before the locale: a destination site's host gets the sites' URLs (docs/sites.md).
    "opensit.sites.middleware.DestinationMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "opensit.core.csp.CSPMiddleware",  # django-csp's, with the policies built once
    "opensit.sites.middleware.SiteImagesMiddleware",  # before it on the way out: site images
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "opensit.urls"
WSGI_APPLICATION = "opensit.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ]
        },
    }
]

DATABASE_URL = os.environ.get("OPENSIT_DATABASE_URL") or f"sqlite:///{VAR_DIR / 'opensit.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the single writer; the pragmas are applied per connection.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            " PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; PRAGMA mmap_size=268435456;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    # Connections are kept 60 s, as on PostgreSQL: reopening one per request (pragmas, a cold
    # 64 MB page cache) cost ~10 ms, more than answering most API requests (docs/diffusion.md).
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("OPENSIT_TEST_SQLITE_NAME", "")}
# Read replicas (docs/deployment.md): streaming replicas of the PostgreSQL primary, comma-separated.
# They become `replica_1`, `replica_2`...; the public API's reads go to one of them, everything
# else to the primary (`opensit.core.routers`). Without them no router is installed at all.
for _number, _url in enumerate(_env_list("OPENSIT_DATABASE_REPLICA_URLS", ""), start=1):
    _replica = dj_database_url.parse(_url, conn_max_age=60)
    _postgres = "django.db.backends.postgresql"
    if not (_replica["ENGINE"] == DATABASES["default"]["ENGINE"] == _postgres):
        raise ValueError(
            f"OPENSIT_DATABASE_REPLICA_URLS: replica {_number} ({_replica['ENGINE']}) and the"
            " primary (OPENSIT_DATABASE_URL) must both be PostgreSQL (postgres://...)"
        )
    # Named in pg_stat_activity, where an operator (and tests/replicas) sees who reads what.
    _replica["OPTIONS"] = {"application_name": "opensit-read", **_replica.get("OPTIONS", {})}
    _replica["TEST"] = {"MIRROR": "default"}  # tests read the primary's test database
    DATABASES[f"replica_{_number}"] = _replica
DATABASE_ROUTERS = ["opensit.core.routers.ReplicaRouter"] if len(DATABASES) > 1 else []
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared state (docs/deployment.md): rate-limit counts, the API keys' generation counter and,
# with Redis, the usage counts live in Django's cache. Unset, it is this process's memory: each
# gunicorn worker then counts its own rate limits and may accept a revoked key for up to 30 s.
# `redis://` or `rediss://` (TLS) share them between every process and server.
CACHE_SCHEMES = {"redis", "rediss", "unix"}


def _caches(url: str, prefix: str) -> dict[str, dict]:
    """Django's CACHES from OPENSIT_CACHE_URL: a clear error at start for an unknown scheme."""
    if not url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    scheme = urlsplit(url).scheme
    if scheme not in CACHE_SCHEMES:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"OPENSIT_CACHE_URL: unknown scheme {scheme or '(none)'!r} in {url!r}; expected"
            " redis://host:6379/0, rediss://... (TLS) or unix:///path/redis.sock, or unset for"
            " a single process's memory"
        )
    return {
        "default": {
            # Django's Redis cache, falling back to the process's memory while Redis is down
            # (opensit.core.cache_backend); a Redis that does not answer in 1 s counts as down.
            "BACKEND": "opensit.core.cache_backend.FallbackRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 1.0, "socket_timeout": 1.0},
        }
    }


CACHE_URL = os.environ.get("OPENSIT_CACHE_URL", "").strip()
CACHES = _caches(CACHE_URL, os.environ.get("OPENSIT_CACHE_KEY_PREFIX", "opensit"))

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

LANGUAGE_CODE = "fr"
LANGUAGES = [
    (code, name)
    for code, name in [
        ("fr", _("French")),
        ("en", _("English")),
        ("de", _("German")),
        ("it", _("Italian")),
        ("es", _("Spanish")),
        ("nl", _("Dutch")),
    ]
    if code in _env_list("OPENSIT_LANGUAGES", "fr,en")
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"

# Security (docs/security.md). Plain http on 127.0.0.1 (`make run`) keeps working: HTTPS-only
# behaviour is switched on by OPENSIT_HTTPS (redirect, HSTS) and OPENSIT_SECURE_COOKIES.
OPENSIT_HTTPS = _env_bool("OPENSIT_HTTPS", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _env_bool("OPENSIT_SECURE_COOKIES", OPENSIT_HTTPS)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = OPENSIT_HTTPS and not DEBUG
SECURE_HSTS_SECONDS = (
    int(os.environ.get("OPENSIT_HSTS_SECONDS", "31536000")) if OPENSIT_HTTPS else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
if _env_bool("OPENSIT_BEHIND_PROXY", False):  # only behind a proxy that sets the header itself
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Password-reset links (Wagtail admin, /admin/password_reset/) expire after this many seconds.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("OPENSIT_PASSWORD_RESET_SECONDS", str(24 * 3600)))
# django-axes: after N failed logins a username is locked out, from that address, for a while.
AXES_FAILURE_LIMIT = int(os.environ.get("OPENSIT_AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("OPENSIT_AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# API keys sent as `api_key=` are masked in every log line (opensit.core.logmask); Django's
# development server logs its request lines through the same filtered handler.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_secrets": {"()": "opensit.core.logmask.MaskSecrets"}},
    "formatters": {"server": {"format": "[{asctime}] {message}", "style": "{"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_secrets"]},
        "server": {
            "class": "logging.StreamHandler",
            "filters": ["mask_secrets"],
            "formatter": "server",
        },
    },
    "loggers": {"django.server": {"handlers": ["server"], "level": "INFO", "propagate": False}},
    "root": {"handlers": ["console"], "level": os.environ.get("OPENSIT_LOG_LEVEL", "WARNING")},
}

# Catalog defaults.
OPENSIT_DEFAULT_LICENCE = "etalab-2.0"
# Media of imports, unless a source's policy says otherwise (docs/media.md): the licence of
# media a source gives none, and what becomes of "all rights reserved" media (network|withhold).
OPENSIT_MEDIA_DEFAULT_LICENCE = os.environ.get("OPENSIT_MEDIA_DEFAULT_LICENCE", "network-terms")
OPENSIT_MEDIA_RESERVED = os.environ.get("OPENSIT_MEDIA_RESERVED", "network")
# Nightly dumps (`opensit export nightly`), served by the API at /api/v1/dumps (docs/formats.md).
OPENSIT_DUMP_DIR = Path(os.environ.get("OPENSIT_DUMP_DIR", VAR_DIR / "dumps"))

# Governance (docs/governance.md).
EMAIL_BACKEND = os.environ.get(
    "OPENSIT_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("OPENSIT_FROM_EMAIL", "opensit@localhost")
# "refuse": a local edit of a field set by the import source is refused; "override": it is kept
# as a local override that survives the next import.
OPENSIT_IMPORT_FIELD_POLICY = os.environ.get("OPENSIT_IMPORT_FIELD_POLICY", "refuse")
# True: edits of published objects by editors become proposals reviewed by the owner's admins.
OPENSIT_REVIEW_EDITS = _env_bool("OPENSIT_REVIEW_EDITS", False)
OPENSIT_INVITATION_DAYS = int(os.environ.get("OPENSIT_INVITATION_DAYS", "14"))
# Data quality (docs/quality.md).
OPENSIT_FRESHNESS_MONTHS = int(os.environ.get("OPENSIT_FRESHNESS_MONTHS", "12"))
OPENSIT_COMMUNE_DISTANCE_KM = float(os.environ.get("OPENSIT_COMMUNE_DISTANCE_KM", "20"))

# Back-office on the Wagtail admin (docs/backoffice.md).
WAGTAIL_SITE_NAME = "OpenSIT"
# Destination sites (docs/sites.md): editorial pages per language, translated with
# wagtail-localize; catalog texts follow the page's language.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_BASE_URL = os.environ.get("OPENSIT_BASE_URL", "http://localhost:8000")
# The time zones a person may choose in their account: the system's, less "localtime" (a file
# of the system's zone database, not a zone: the browser refuses it and the page breaks).
WAGTAIL_USER_TIME_ZONES = sorted(available_timezones() - {"localtime"})
AUTHENTICATION_BACKENDS = [
    "opensit.core.security.LockoutBackend",  # django-axes first: refuses locked-out logins
    "django.contrib.auth.backends.ModelBackend",
    "opensit.backoffice.auth.MembershipAdminAccessBackend",
]
# Map tiles: a URL template; empty for none (the map still works, without background).
OPENSIT_MAP_TILES = os.environ.get(
    "OPENSIT_MAP_TILES", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
LEAFLET_CONFIG = {
    "TILES": [("OpenStreetMap", OPENSIT_MAP_TILES, "© OpenStreetMap")] if OPENSIT_MAP_TILES else [],
    "DEFAULT_CENTER": (47.4, 1.7),
    "DEFAULT_ZOOM": 7,
    "RESET_VIEW": False,
}


def _tile_source(template: str) -> list[str]:
    """The origin of the map tiles for the CSP: `{s}` subdomains become a wildcard."""
    parts = urlsplit(template.replace("{s}.", "*."))
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


# Content-Security-Policy (django-csp): everything from this site, no CDN; map tiles from their
# host. Scripts: files from this site, plus the one inline script that starts a Leaflet map,
# allowed by a per-request nonce (`csp_nonce=request.csp_nonce`). Styles: files only, no style
# attributes (styles set from scripts, as Leaflet's, are allowed). See docs/security.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", *_tile_source(OPENSIT_MAP_TILES)],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# No remote avatars: Gravatar is another origin (blocked by the CSP) and would learn who works here.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Media library (docs/media.md): Wagtail images and documents with credit, licence and end date.
WAGTAILIMAGES_IMAGE_MODEL = "media.LibraryImage"
WAGTAILDOCS_DOCUMENT_MODEL = "media.LibraryDocument"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# No HTML, SVG or scripts in the library: they would run with this site's origin.
WAGTAILDOCS_EXTENSIONS = ["pdf", "gpx", "kml", "kmz", "csv", "txt", "odt", "ods", "docx", "xlsx"]
# Serve uploaded files from Django (small deployments); a front server can take it over.
OPENSIT_SERVE_MEDIA = _env_bool("OPENSIT_SERVE_MEDIA", True)

# Public and write APIs (docs/diffusion.md, docs/write-api.md, docs/security.md).
# The largest body the write API reads: a bigger one is a 413 problem, refused before reading.
OPENSIT_WRITE_MAX_BYTES = int(os.environ.get("OPENSIT_WRITE_MAX_BYTES", "1000000"))
# Webhook URLs resolving to private, loopback, link-local or reserved addresses are refused (at
# registration and at delivery) unless this is on: for tests and closed networks only.
OPENSIT_WEBHOOKS_ALLOW_PRIVATE = _env_bool("OPENSIT_WEBHOOKS_ALLOW_PRIVATE", False)


def _rate_limits(value: str) -> dict[str, int]:
    """`basic=120,standard=600`: requests per window and tier (docs/diffusion.md)."""
    limits = {}
    for item in value.split(","):
        if not item.strip():
            continue
        tier, sep, number = item.partition("=")
        if not sep or not number.strip().isdigit():
            from django.core.exceptions import ImproperlyConfigured

            raise ImproperlyConfigured(
                f"OPENSIT_RATE_LIMITS: {item.strip()!r} is not tier=number (basic=120,...)"
            )
        limits[tier.strip()] = int(number)
    return limits


# Rate limits per project tier, and their window in seconds (defaults in diffusion/ratelimit.py).
OPENSIT_RATE_LIMITS = _rate_limits(os.environ.get("OPENSIT_RATE_LIMITS", ""))
OPENSIT_RATE_WINDOW = int(os.environ.get("OPENSIT_RATE_WINDOW", "60"))
# Usage counts are written to the database every N requests of a process, or every S seconds.
OPENSIT_USAGE_FLUSH_EVERY = int(os.environ.get("OPENSIT_USAGE_FLUSH_EVERY", "200"))
OPENSIT_USAGE_FLUSH_SECONDS = float(os.environ.get("OPENSIT_USAGE_FLUSH_SECONDS", "300"))
# Each app server's own text index, following the database's log (docs/search.md).
OPENSIT_SEARCH_INDEX_DIR = Path(
    os.environ.get("OPENSIT_SEARCH_INDEX_DIR", VAR_DIR / "search-index")
)
# The writer's heap when `opensit search optimize` compacts that index (held for the rebuild
# only): 1024 makes one segment of 200,000 objects, 4000 (Tantivy's most) of 1,000,000.
OPENSIT_SEARCH_OPTIMIZE_HEAP_MB = int(os.environ.get("OPENSIT_SEARCH_OPTIMIZE_HEAP_MB", "1024"))

# Background jobs (docs/deployment.md, "Background jobs"). Two task backends:
# - "default" runs Wagtail's own small tasks (reference index, image focal points, admin search
#   of images and documents) in the request, as before: the back-office must not wait for a
#   worker to find an image just uploaded;
# - "jobs" is OpenSIT's queue, a database table (django-tasks-db) that `opensit worker` runs.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    # "imports": long runs (imports, scheduled sources), so a worker can be kept for them alone.
    "jobs": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "imports"]},
}
# Periodic jobs: job name -> {"cron": "min hour day month weekday"} in TIME_ZONE, or
# {"every": seconds}. The workers enqueue each due one once (opensit.jobs.schedule); the cron
# lines doing the same by hand are in docs/deployment.md. An empty or "off" entry disables one.
OPENSIT_SCHEDULE = {
    "webhooks": {"every": 60},
    "sources": {"every": 300, "job": "opensit.connectors.jobs.run_due_sources"},
    "media_refresh": {"cron": "45 1 * * *"},
    "nightly_dumps": {"cron": "0 2 * * *"},
    "search_optimize": {"cron": "0 3 * * *"},
    "quality_refresh": {"cron": "30 3 * * *"},
    "freshness_reminders": {"cron": "0 8 * * 1"},
    "prune_jobs": {"cron": "15 4 * * *"},
}
# Finished runs of the queue are kept this many days (the back-office's "Background jobs").
OPENSIT_JOBS_KEEP_DAYS = int(os.environ.get("OPENSIT_JOBS_KEEP_DAYS", "30"))
# A running job whose worker has not written its heartbeat for this many seconds is taken as
# lost (killed, out of memory, machine gone): another worker fails it and retries it per its
# policy. Workers beat every min(10, this / 4) seconds.
OPENSIT_JOBS_STALE_SECONDS = float(os.environ.get("OPENSIT_JOBS_STALE_SECONDS", "120"))
if _env_bool("OPENSIT_SCHEDULE_OFF", False):  # cron runs them instead (docs/deployment.md)
    OPENSIT_SCHEDULE = {}
