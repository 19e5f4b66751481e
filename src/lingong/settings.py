"""Lingong settings: one module, every value from the environment through typed helpers."""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.translation import gettext_lazy as _

from lingong.core.crypto import field_key_problem
from lingong.core.env import (
    ImproperlyConfiguredEnv,
    env_bool,
    env_decimal,
    env_int,
    env_list,
    env_origin,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(env_str("LINGONG_VAR_DIR", str(PROJECT_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# demo (the default): what ./scripts/serve runs, demo secrets allowed, DEBUG off, Chinese error pages.
# development ("dev"): the same with DEBUG on, asked for explicitly (./scripts/serve --dev).
# test: under pytest unless the caller says otherwise. production: real secrets and SITE_URL required.
LINGONG_ENV = env_str("LINGONG_ENV", "test" if "pytest" in sys.modules else "demo")
LINGONG_ENV = {"dev": "development"}.get(LINGONG_ENV, LINGONG_ENV)
if LINGONG_ENV not in {"demo", "development", "test", "production"}:
    raise ImproperlyConfiguredEnv(
        f"LINGONG_ENV={LINGONG_ENV!r} must be demo, development (dev), test or production."
    )
PRODUCTION = LINGONG_ENV == "production"

# Demo secrets make a laptop run work out of the box; production refuses them.
_DEMO_SECRET_KEY = "lingong-demo-secret-key-not-for-production-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105 - refused in production below
_DEMO_FIELD_KEY = "bGluZ29uZy1kZW1vLWZpZWxkLWtleS0wMDAwMDAwMDA="  # base64 of 32 demo bytes
SECRET_KEY = env_str("SECRET_KEY", None if PRODUCTION else _DEMO_SECRET_KEY, required=PRODUCTION)
LINGONG_FIELD_KEY = env_str("LINGONG_FIELD_KEY", None if PRODUCTION else _DEMO_FIELD_KEY, required=PRODUCTION)
if PRODUCTION and (SECRET_KEY == _DEMO_SECRET_KEY or LINGONG_FIELD_KEY == _DEMO_FIELD_KEY):
    raise ImproperlyConfiguredEnv(
        "Production refuses to start with the demo SECRET_KEY or LINGONG_FIELD_KEY."
    )
if PRODUCTION and "replace-with" in SECRET_KEY + LINGONG_FIELD_KEY:
    raise ImproperlyConfiguredEnv("Production refuses the placeholders of docs/production.env.example.")
if PRODUCTION and len(SECRET_KEY) < 50:
    raise ImproperlyConfiguredEnv("SECRET_KEY must be at least 50 characters in production.")
if PRODUCTION and (_field_key_problem := field_key_problem(LINGONG_FIELD_KEY)):
    raise ImproperlyConfiguredEnv(f"Production refuses a weak field key: {_field_key_problem}")

# Django's debug pages list every URL pattern and setting: only for a developer who asks for them
# (LINGONG_ENV=development); any other environment refuses DEBUG at start-up.
DEBUG = env_bool("DEBUG", default=LINGONG_ENV == "development")
if DEBUG and LINGONG_ENV != "development":
    raise ImproperlyConfiguredEnv(
        f"DEBUG is on with LINGONG_ENV={LINGONG_ENV}: debug pages show settings and secrets; "
        "they are only for LINGONG_ENV=development on a developer's own machine."
    )
# The public base URL for links that leave the page (QR codes, SMS, printed logins): scheme://host[:port].
# Unset, pages use the host the request came in on (lingong.core.siteurl); tasks need it set to link.
SITE_URL = env_origin("SITE_URL")
if PRODUCTION and not SITE_URL:
    raise ImproperlyConfiguredEnv("SITE_URL is required in production: SMS and printed QR codes link to it.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
if SITE_URL:
    # The configured public address is always served (a proxy may forward its Host and Origin as they are).
    _site_host = urlsplit(SITE_URL).hostname or ""
    if "*" not in ALLOWED_HOSTS and _site_host not in ALLOWED_HOSTS:
        ALLOWED_HOSTS.append(_site_host if ":" not in _site_host else f"[{_site_host}]")
    if SITE_URL not in CSRF_TRUSTED_ORIGINS:
        CSRF_TRUSTED_ORIGINS.append(SITE_URL)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "axes",  # password login lock-out (lingong.accounts.lockout)
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "ninja",  # serves Swagger UI from its own static files instead of a CDN
    "huey.contrib.djhuey",
    "lingong.core",
    "lingong.audit",
    "lingong.accounts",
    "lingong.org",
    "lingong.taxonomy",
    "lingong.workers",
    "lingong.employers",
    "lingong.jobs",
    "lingong.notifications",
    "lingong.staff",
    "lingong.engagements",
    "lingong.contracts",
    "lingong.insurance",
    "lingong.settlement",
    "lingong.ratings",
    "lingong.workflow",
    "lingong.recruit",
    "lingong.disputes",
    "lingong.legal",
    "lingong.arbitration",
    "lingong.live",
    "lingong.fairs",
    "lingong.mediation",
    "lingong.skills",
    "lingong.training",
    "lingong.housekeeping",
    "lingong.rights",
    "lingong.stats",
    "lingong.reports",
    "lingong.simulation",
    "lingong.ops",  # health, readiness and metrics (issue 15)
    "lingong.demo",  # the demo-data builder and its seed command; on top of every other app
    "django_prometheus",
]

MIDDLEWARE = [
    # Request counts and latencies for /metrics: first and last, so they time the whole stack.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # CSP, Permissions-Policy and no-store for signed-in responses (after WhiteNoise: static files are
    # answered before it). It reads request.user after the view, set by the session or a bearer token.
    "lingong.core.middleware.SecurityHeadersMiddleware",
    "lingong.core.middleware.RequestSizeLimitMiddleware",
    "lingong.core.middleware.NulCharacterMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "lingong.core.siteurl.CurrentRequestMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Answers a locked-out login the views did not answer themselves (the admin's). Kept before the
    # sync-only DomainErrorPageMiddleware so it runs in sync mode (its async path mis-calls the callable).
    "axes.middleware.AxesMiddleware",
    "lingong.core.middleware.DomainErrorPageMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

# The largest body read (no uploads here: forms and JSON only). Above it: 413 (core.middleware). It leaves
# room for a text field of a few megabytes, which the field's own maximum length then refuses with a field
# error; every free-text API field has one (tests/test_input_limits.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Paths that take file uploads get a larger body (regex on the path, bytes); core.bodylimit checks it before
# the body is read. Complaint evidence: up to 5 files of 10 MB (disputes.services), plus the form fields.
UPLOAD_BODY_LIMITS: tuple[tuple[str, int], ...] = (
    (r"^/api/v1/complaints/?$", 51 * 1024 * 1024),
    (r"^/me/complaints/new/$", 51 * 1024 * 1024),
)
# Uploaded files above this are spooled to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

ROOT_URLCONF = "lingong.urls"
ASGI_APPLICATION = "lingong.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "lingong.notifications.context_processors.unread_notifications",
                "lingong.accounts.context_processors.elder_mode",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DEFAULT_SQLITE_PATH = VAR_DIR / "lingong.sqlite3"
# Each test process gets its own database, so parallel runs (xdist workers, two checkouts) never collide.
_TEST_DB_SUFFIX = f"{env_str('PYTEST_XDIST_WORKER', 'main')}_{os.getpid()}"
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE_PATH}")
try:
    # SQLite outside tests keeps its connection (10 min): a new connection costs the three PRAGMAs below on
    # every request and every WebSocket message, which was a tenth of a live-room comment's time
    # (docs/benchmarks.md, issue 12). PostgreSQL keeps its connections in a pool instead (below).
    _keep = 600 if DATABASE_URL.startswith("sqlite") and LINGONG_ENV != "test" else 0
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", _keep, minimum=0))
except Exception as exc:  # dj_database_url raises several types for a bad URL
    raise ImproperlyConfiguredEnv(f"DATABASE_URL={DATABASE_URL!r} cannot be parsed: {exc}") from exc
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside one writer; IMMEDIATE takes the write lock when a transaction
    # starts, so two requests never deadlock upgrading a read lock; the timeout queues writers.
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    # Tests use a file so that threads (the concurrency tests) share one database.
    _db["TEST"] = {"NAME": str(VAR_DIR / f"test-{_TEST_DB_SUFFIX}.sqlite3")}
elif _db["ENGINE"] == "django.db.backends.postgresql":
    _db["ENGINE"] = "django.db.backends.postgresql"
    # Fail fast while PostgreSQL restarts (a 503 in seconds, not a hung request), and check a kept
    # connection before reusing it, so the first request after a restart does not fail on a dead one.
    _connect_timeout = env_int("DB_CONNECT_TIMEOUT", 3, minimum=1)
    _db.setdefault("OPTIONS", {}).setdefault("connect_timeout", _connect_timeout)
    _db["CONN_HEALTH_CHECKS"] = True
    # Outside tests each process borrows connections from a pool (psycopg_pool): a new PostgreSQL
    # connection is a server process forked per request, a third of a short API request's time
    # (docs/benchmarks.md, issue 15). The pool checks a connection before lending it (CONN_HEALTH_CHECKS),
    # and waits at most the connect timeout for one, so a database that is away still answers 503 fast.
    # Tests keep plain connections: each test database is created and dropped under them.
    if env_bool("DB_POOL", LINGONG_ENV != "test") and _db["CONN_MAX_AGE"] == 0:
        _db["OPTIONS"]["pool"] = {
            "min_size": env_int("DB_POOL_MIN", 1, minimum=0, maximum=100),
            "max_size": env_int("DB_POOL_MAX", 4, minimum=1, maximum=100),
            "timeout": _connect_timeout,
        }
    _db.setdefault("TEST", {})["NAME"] = f"test_lingong_{_TEST_DB_SUFFIX}"
else:
    raise ImproperlyConfiguredEnv("DATABASE_URL must point at SQLite or PostgreSQL.")
if LINGONG_ENV == "test":
    # Test databases are built from the models, not by replaying the migrations: replaying them costs
    # 45 s per test process (Django re-renders the model state after each of ~130 migrations), which
    # every xdist worker paid in each of CI's two phases. The migrations are still run, once per
    # phase, by tests/test_migrations.py, which also checks they build the very schema the models do.
    _db["TEST"]["MIGRATE"] = env_bool("LINGONG_TEST_MIGRATE", False)
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: channels, cache, tasks ----------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    # Every ASGI process and task worker shares this layer (README "Channel layers"; docs/benchmarks.md).
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "lingong.core.channel_layer.RedisChannelLayer",
            "CONFIG": {
                "hosts": [REDIS_URL],
                # Events a process (or one socket) may fall behind before the oldest are dropped.
                # channels_redis sends ONE message per server process per group_send (all its sockets in
                # the group), and core.consumers relays it once per process: this bounds the backlog of a
                # process, not of a viewer. 100 events are 20 s of a busy screen at 5 a second.
                "capacity": env_int("LINGONG_CHANNEL_CAPACITY", 100),
                # Seconds an undelivered event lives in Redis: a live page wants now, not a minute ago.
                "expiry": 60,
                # A member leaves its groups after this long without re-joining (screens run for days:
                # the relays of core.consumers re-join hourly).
                "group_expiry": 86400,
                # Connections to Redis per process; more callers wait (core/channel_layer.py).
                "max_connections": env_int("LINGONG_CHANNEL_REDIS_CONNECTIONS", 100),
            },
        }
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "lingong"}}

HUEY_IMMEDIATE = env_bool("HUEY_IMMEDIATE", default=LINGONG_ENV == "test")
if REDIS_URL:
    # The priority flavour (Redis >= 5): buying cover and paying go before rendering PDFs (workflow.tasks).
    HUEY = {
        "huey_class": "huey.PriorityRedisHuey",
        "name": "lingong",
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "lingong",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
    }

# --- Auth -------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# The lock-out check goes first: a locked-out phone and address is refused before any password is tried.
AUTHENTICATION_BACKENDS = [
    "lingong.accounts.lockout.LockoutBackend",
    "lingong.accounts.backends.PhonePasswordBackend",
]
# Password login lock-out (django-axes, database handler): per phone number and client address, so a
# guesser cannot lock a worker out everywhere; unknown phones are counted the same as registered ones.
# Behind a proxy the client address must be the real one: run uvicorn with --proxy-headers and
# --forwarded-allow-ips=<the proxy> (docs/production.env.example).
AXES_ENABLED = env_bool("LINGONG_LOGIN_LOCKOUT", True)
# Readiness (/readyz): the task queue counts as behind when a text message has waited longer than this.
LINGONG_READY_MAX_QUEUE_LAG_SECONDS = env_int("LINGONG_READY_MAX_QUEUE_LAG_SECONDS", 300, minimum=1)
AXES_FAILURE_LIMIT = env_int("LINGONG_LOGIN_FAILURE_LIMIT", 5, minimum=1, maximum=100)
AXES_COOLOFF_TIME = timedelta(
    minutes=env_int("LINGONG_LOGIN_COOLOFF_MINUTES", 15, minimum=1, maximum=24 * 60)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "lingong.accounts.lockout.username_for"
AXES_LOCKOUT_CALLABLE = "lingong.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Successful logins are the login history of lingong.accounts (issue 9, rights): no second copy here.
AXES_DISABLE_ACCESS_LOG = True
# Axes' own log lines and stored request data never carry the phone, the address or the password.
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "phone", "code"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if LINGONG_ENV == "test":
    # Hashing cost is not what tests measure; argon2 is still the production hasher.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# One-time SMS codes
_LOG_SENDER = "lingong.notifications.senders.LogSender"
LINGONG_SMS_SENDER = env_str("LINGONG_SMS_SENDER", _LOG_SENDER)
if PRODUCTION and LINGONG_SMS_SENDER.rsplit(".", 1)[-1] == "LogSender":
    raise ImproperlyConfiguredEnv(
        "Production refuses the log-only SMS sender: set LINGONG_SMS_SENDER to the SMS gateway's sender "
        "(a class with send(phone=, template=, params=, channel=) returning the gateway's reference)."
    )
LINGONG_OTP_TTL_SECONDS = env_int("LINGONG_OTP_TTL_SECONDS", 300, minimum=60, maximum=3600)
LINGONG_OTP_RESEND_SECONDS = env_int("LINGONG_OTP_RESEND_SECONDS", 60, minimum=0, maximum=3600)
# The bound is high on purpose: the write benchmark (lingong.bench.writes) has one employer sign hundreds of
# contracts within minutes, each with its own code.
LINGONG_OTP_MAX_PER_HOUR = env_int("LINGONG_OTP_MAX_PER_HOUR", 5, minimum=1, maximum=100000)
LINGONG_OTP_MAX_ATTEMPTS = env_int("LINGONG_OTP_MAX_ATTEMPTS", 5, minimum=1, maximum=20)
LINGONG_API_TOKEN_DAYS = env_int("LINGONG_API_TOKEN_DAYS", 30, minimum=1, maximum=365)
# Inbound SMS (上行短信, issue 12 §3): the provider signs each delivery to POST /api/v1/sms/inbound with this
# per-deployment shared secret (HMAC-SHA256, see lingong.recruit.sms_reply). Empty: the endpoint refuses all.
LINGONG_SMS_INBOUND_SECRET = env_str(
    "LINGONG_SMS_INBOUND_SECRET", "test-inbound-secret" if LINGONG_ENV == "test" else ""
)

# Domain settings (deployment-wide). Business rules a market sets (premium, geofence, grace periods, rating
# prior, VAT threshold, pay ceiling, quick-recruit waves, ...) live on the Market: lingong.org.policy.
LINGONG_PRIVACY_NOTICE_VERSION = env_str("LINGONG_PRIVACY_NOTICE_VERSION", "2026-12")
# Threads per server process that run HTTP requests (core.asgi_handler): requests beyond them wait their
# turn in the event loop. More threads than DB_POOL_MAX only wait for a database connection.
LINGONG_HTTP_THREADS = env_int("LINGONG_HTTP_THREADS", 8, minimum=1, maximum=64)
# Build the matching index when the ASGI server starts (off in tests, which build per test).
LINGONG_MATCHING_WARMUP = env_bool("LINGONG_MATCHING_WARMUP", default=LINGONG_ENV != "test")
# The live screens (lingong.stats.live): after a counted change the figures are pushed at most once per this
# many seconds per market and process (a burst is one push); 0 pushes at once on commit; below 0 never
# (the tests' default, so that the events each transition sends are counted without it; stats tests set 0).
LINGONG_STATS_PUSH_DELAY = float(
    env_decimal("LINGONG_STATS_PUSH_DELAY", "-1" if LINGONG_ENV == "test" else "1")
)
LINGONG_DEFAULT_MARKET_CODE = env_str("LINGONG_DEFAULT_MARKET_CODE", "lunan")
# Integrations (dotted paths): the insurer and the payment provider.
LINGONG_INSURANCE_PROVIDER = env_str(
    "LINGONG_INSURANCE_PROVIDER", "lingong.insurance.providers.LocalInsuranceProvider"
)
# Payments: the built-in provider records an offline transfer made by the employer.
LINGONG_PAYMENT_PROVIDER = env_str(
    "LINGONG_PAYMENT_PROVIDER", "lingong.settlement.providers.OfflineTransferProvider"
)

# --- I18N / time -----------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static -----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it even before collectstatic
# The project's own assets (app.css, app.js, vendored htmx/Alpine) live in the ``lingong`` package, which is
# not an installed app, so the app-directories finder never sees them: list the folder explicitly.
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# --- Security (production) ------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less meta tag; keep default
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Loggers that print a requested path mask phone and ID numbers in it (lingong.logscan.RedactFilter).
    "filters": {"redact": {"()": "lingong.logscan.RedactFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "lingong": {"handlers": ["console"], "level": env_str("LINGONG_LOG_LEVEL", "INFO")},
        "django.request": {"filters": ["redact"]},
        "django.security.csrf": {"filters": ["redact"]},
        "django.security.DisallowedHost": {"filters": ["redact"]},
        "django.server": {"filters": ["redact"]},
        "uvicorn.access": {"filters": ["redact"]},
    },
}
