"""Settings for every environment, read from the environment (django-environ).

Defaults are safe for production: DEBUG is off, cookies are secure, two-factor login
is required and SECRET_KEY must be set. `make run` turns on the development
conveniences explicitly (see the Makefile), so nothing insecure happens by accident.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# A development key only when DEBUG is on; production must provide one.
if DEBUG:
    SECRET_KEY = env(
        "DJANGO_SECRET_KEY",
        default="development-only-key-not-for-production-0123456789abcdefghijklmnop",
    )
else:
    SECRET_KEY = env("DJANGO_SECRET_KEY")

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Apps -----------------------------------------------------------------------

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "simple_history",
    "template_partials",
]
LOCAL_APPS = [
    "health",
    "accounts",
    "localisation",  # localisation: the organisation's terms and lists
    "participants",
    "programmes",
    "partner_contact",
    "referrals",
    "equality",  # equality monitoring: his and (firewalled) her answers
    "risk",
    "complaints",  # complaints and compliments, under risk (its detector)
    "enquiries",  # enquiries: her own way in (layer: above partner_contact)
    "outcomes",
    "data_rights",  # data_rights: requests of access, erasure..., history pages
    # The top floor: pages that compose the apps above (docs/decisions/0006).
    "casefile",
    "home",
    "reports",  # reports: the period report and its exports (top floor)
    # Demo and benchmark data, seeded in bulk: above everything, it may import
    # every app and nothing imports it.
    "demo",
    # retention: schedule, legal holds, erasure; its layer is just below the top floor.
    "retention",  # retention
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so that static files carry the header too.
    "accounts.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "accounts.middleware.RejectNullBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.SessionActivityMiddleware",
    # languages: after sessions, before CommonMiddleware (Django's documented place).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # languages: the signed-in user's own (accounts/languages.py), once she is known.
    "accounts.languages.UserLanguageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "localisation.middleware.OrganisationTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # data_rights: a write refused on a restricted record is a 409 that says why.
    "data_rights.middleware.ProcessingRestrictedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "accounts.middleware.NoStoreMiddleware",
    # Last, so that a locked-out login is answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "csp.context_processors.nonce",
                "accounts.context_processors.navigation",
                "localisation.context_processors.terms",  # localisation
                "risk.context_processors.alerts",
                "participants.context_processors.approvals",
            ],
        },
    }
]

# Data -----------------------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
# A connection that died with the database is dropped before the next request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The planner's cost of a random page read against a sequential one. PostgreSQL's
# default (4) models spinning disks; on SSDs or a database held in memory 1.1 is
# the usual setting, and with 4 the outcomes page and the period report scanned
# whole tables instead of using their indexes (56 ms against 10 ms at 100,000 men;
# docs/performance-findings.md). Empty: the server's own setting.
RANDOM_PAGE_COST = env.str("DATABASE_RANDOM_PAGE_COST", default="1.1")
if RANDOM_PAGE_COST and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c random_page_cost={float(RANDOM_PAGE_COST)}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: in-process by default; Redis when CACHE_URL is set (several web processes).
CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://"),
    # The menu's fragment (templates/includes/navbar.html), kept in each process
    # under a key of everything it shows (her permissions included): one Redis
    # round trip less on every signed-in page.
    "menu": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "menu",
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

# Authentication -------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.OrganisationUserBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60  # one hour

# Two-factor login: required for every user unless turned off (development only).
# An organisation can also require it for its own users when this is off.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=True)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Perpetrator programme case records")

# Lockout after repeated failures (django-axes), per user name and address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "accounts.lockout.username_for_lockout"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Behind a proxy, the client's address comes from X-Forwarded-For.
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
# A second, per-account limit whatever the address (accounts.lockout): after this
# many failures within the window each further try waits twice as long as the last,
# up to the longest delay, and the account's owner is told.
ACCOUNT_FAILURE_LIMIT = env.int("ACCOUNT_FAILURE_LIMIT", default=10)
ACCOUNT_FAILURE_WINDOW = timedelta(
    hours=env.int("ACCOUNT_FAILURE_WINDOW_HOURS", default=24)
)
ACCOUNT_MAX_DELAY = timedelta(minutes=env.int("ACCOUNT_MAX_DELAY_MINUTES", default=60))

# Sessions end after inactivity. A request renews the clock, written to the
# session at most once a minute (accounts.middleware.SessionActivityMiddleware).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_ACTIVITY_WRITE_SECONDS = 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ENGINE = env("SESSION_ENGINE", default="django.contrib.sessions.backends.db")

# Security headers -----------------------------------------------------------

SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The container health check speaks plain HTTP inside the host.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True
)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: everything from our own origin, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Internationalisation -------------------------------------------------------

LANGUAGE_CODE = "en-gb"
# The languages shipped complete (issue 18); each has a catalogue under locale/.
LANGUAGES = [
    ("en-gb", "English"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("fr", "Français"),
    ("it", "Italiano"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("DJANGO_TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]

# Static files ---------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Widgets render through Jinja2: a form of many rows (the attendance register of
# a group, twelve men with five inputs each) spent most of its time in Django's
# template engine rendering one small template per input and option.
FORM_RENDERER = "django.forms.renderers.Jinja2"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# E-mail ---------------------------------------------------------------------

EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"
)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="casework@example.org")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in notification e-mails point here (no request to read a host from).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Encryption of partner contact details at rest --------------------------------
# Comma-separated Fernet keys, newest first: the first encrypts, all decrypt, so a
# key is rotated by prepending a new one and running `rotate_encryption_keys`.
if DEBUG:
    FIELD_ENCRYPTION_KEYS = env.list(
        "FIELD_ENCRYPTION_KEYS",
        default=["ZGV2ZWxvcG1lbnQtb25seS1rZXktbm90LXNlY3JldCE="],
    )
else:
    FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS")

# Celery ---------------------------------------------------------------------
# The default broker needs no server: messages are files in var/broker.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem"):
    (BASE_DIR / "var" / "broker").mkdir(parents=True, exist_ok=True)
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(BASE_DIR / "var" / "broker"),
        "data_folder_out": str(BASE_DIR / "var" / "broker"),
        "processed_folder": str(BASE_DIR / "var" / "broker-processed"),
        "control_folder": str(BASE_DIR / "var" / "broker-control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {"visibility_timeout": 60 * 60}
)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(BASE_DIR / "var" / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    # Write the heartbeat /healthz reads: beat, the broker and a worker all run.
    "beat-heartbeat": {
        "task": "health.tasks.record_beat_heartbeat",
        "schedule": 60.0,
    },
    # Re-send every alert whose e-mail is still pending (the outbox's safety net).
    "send-pending-alerts": {
        "task": "risk.tasks.send_pending_alerts",
        "schedule": 60.0,
    },
    # Run every risk detector and turn new detections into events and alerts.
    "run-detectors": {
        "task": "risk.tasks.run_detectors",
        "schedule": crontab(minute="*/15"),
    },
    # data_rights: warn managers of requests due within a week, or overdue.
    "data-rights-deadlines": {
        "task": "data_rights.tasks.warn_of_request_deadlines",
        "schedule": crontab(hour=6, minute=40),
    },
    # data_rights: drop exports released a month ago, or about a person erased since.
    "data-rights-drop-exports": {
        "task": "data_rights.tasks.drop_old_exports",
        "schedule": crontab(hour=4, minute=10),
    },
    # reports: delete period-report files prepared in the background a day ago.
    "reports-drop-exports": {
        "task": "reports.tasks.drop_old_report_exports",
        "schedule": crontab(minute=25),
    },
    # Escalate alerts nobody acknowledged in time to the organisation's managers.
    "escalate-alerts": {
        "task": "risk.tasks.escalate_unacknowledged_alerts",
        "schedule": crontab(minute=5),
    },
    # Create due outcome time points and mark (and alert) those whose window closed.
    "outcome-schedule": {
        "task": "outcomes.tasks.run_outcome_schedule",
        "schedule": crontab(hour=2, minute=30),
    },
    # retention: list what passed its retention date in a batch for a manager's review.
    "retention-prepare-batches": {  # retention
        "task": "retention.tasks.prepare_erasure_batches",  # retention
        "schedule": crontab(hour=3, minute=15),  # retention
    },  # retention
}

# The public contact page (enquiries/public.py): where quick exit and Escape
# take her (enquiries: a neutral page), requests per address and hour before a
# polite refusal (enquiries), the seconds under which a sent form is a robot's
# (enquiries), and the seconds a sent request takes at least to answer, so a
# discarded robot's request and a real one cannot be told apart by their timing
# (enquiries).
ENQUIRIES_EXIT = "https://www.bbc.co.uk/weather"
# reports: above this many men an organisation's report files (CSV, XLSX) are
# prepared by a Celery task with their progress shown (0: always); each is kept
# for the manager who asked for REPORT_EXPORT_KEEP_HOURS, then deleted.
REPORT_EXPORT_BACKGROUND_ABOVE = env.int("REPORT_EXPORT_BACKGROUND_ABOVE", 10_000)
REPORT_EXPORT_KEEP_HOURS = env.int("REPORT_EXPORT_KEEP_HOURS", default=24)
ENQUIRIES_QUICK_EXIT_URL = env.str("ENQUIRIES_QUICK_EXIT_URL", ENQUIRIES_EXIT)
ENQUIRIES_PUBLIC_RATE_LIMIT = env.int("ENQUIRIES_PUBLIC_RATE_LIMIT", default=5)
ENQUIRIES_PUBLIC_MIN_FILL_SECONDS = env.int("ENQUIRIES_PUBLIC_MIN_FILL_SECONDS", 3)
ENQUIRIES_PUBLIC_ANSWER_FLOOR_SECONDS = env.float(
    "ENQUIRIES_PUBLIC_ANSWER_FLOOR_SECONDS", default=0.4
)
# enquiries (end)
# Demo data ------------------------------------------------------------------

DEMO_PASSWORD = env("DEMO_PASSWORD", default="demo-password-2026")

# Logging: no personal data in logs; requests are logged by path only.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_query_strings": {"()": "config.logging.StripQueryStrings"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["no_query_strings"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Request lines go through the same filter (runserver's own logger).
        "django.server": {"handlers": ["console"], "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

ADMIN_URL = env("DJANGO_ADMIN_URL", default="admin/")
