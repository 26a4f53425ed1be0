"""Settings for Kinerja, read from environment variables.

Every value a deployment may change comes from the environment through the small
typed helpers below, so that one settings file serves a laptop, CI and production.
"""

import os
import warnings
from pathlib import Path

import dj_database_url
from csp import constants as csp_constants
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str = "False") -> bool:
    return os.environ.get(name, default).lower() in ("1", "true", "yes", "on")


def envint(name: str, default: str) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# DJANGO_ENV=production turns every secure default on at once (HTTPS only
# cookies, redirect to HTTPS, HSTS for a year, the TLS proxy's
# X-Forwarded-Proto trusted); each can still be set on its own below. The
# default, "development", leaves them off for http://127.0.0.1 and the tests.
DJANGO_ENV = os.environ.get("DJANGO_ENV", "development")
if DJANGO_ENV not in ("development", "production"):
    raise ImproperlyConfigured(f"DJANGO_ENV must be 'development' or 'production', not {DJANGO_ENV!r}.")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = envbool("DEBUG", "False")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DJANGO_ENV=production runs with DEBUG off; unset DEBUG.")
# The development key is public (it is in this file). Its "django-insecure-"
# prefix makes `check --deploy` flag it, production mode refuses to start
# without a key of its own, and kinerja/wsgi.py refuses to serve with it unless
# DEBUG is on. Management commands and the tests may use it.
DEVELOPMENT_SECRET_KEY = "django-insecure-kinerja-development-only-never-in-production-0123456789"
SECRET_KEY = os.environ.get("SECRET_KEY") or DEVELOPMENT_SECRET_KEY
if PRODUCTION and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_ENV=production needs SECRET_KEY: a long random string of its own.")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "kinerja.apps_thirdparty.AccountsConfig",  # django.contrib.auth
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "kinerja.apps_thirdparty.SignInAttemptsConfig",  # axes
    "django_tasks",
    "kinerja.apps_thirdparty.TaskQueueConfig",  # django_tasks_db
    "kinerja.organisation",
    "kinerja.planning",
    "kinerja.audit",
    "kinerja.agreements",
    "kinerja.documents",
    "kinerja.submissions",
    "kinerja.notifications",
    "kinerja.monitoring",
    "kinerja.signatures",
    "kinerja.intake",
    "kinerja.actionplans",
    "kinerja.backup",
    "kinerja.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kinerja.lib.csp.PagesOnlyCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes must come last: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kinerja.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kinerja" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kinerja.notifications.context_processors.navigation",
            ],
            "builtins": ["kinerja.lib.templatefilters"],
        },
    },
]

WSGI_APPLICATION = "kinerja.wsgi.application"

DATABASES = {
    # An empty DATABASE_URL counts as unset: SQLite in the project folder.
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", "60"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several requests may write at once (autosave, uploads, several app server
    # processes). Write-ahead logging lets readers go on while one writes, and
    # IMMEDIATE transactions take the write lock up front, so that a writer waits
    # for its turn (up to the timeout) instead of failing with "database is
    # locked" when a read lock cannot be upgraded.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: after five wrong passwords for one username from one address
# the pair is locked out for fifteen minutes; the same user signs in from any
# other address. Behind the TLS proxy every request comes from the proxy's
# address, so the client's own is read from the header the proxy adds
# (kinerja.lib.client_address, see BEHIND_TLS_PROXY below); a stranger's
# wrong passwords then lock out only the stranger.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "kinerja.lib.client_address.client_address"

# Sessions end after eight working hours or when the browser closes.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 3600))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# TLS: off in development, on with DJANGO_ENV=production (see above).
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", str(PRODUCTION))
CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", str(PRODUCTION))
# HSTS is sent only over HTTPS and only when SECURE_HSTS_SECONDS > 0; it then
# covers the subdomains of the host and allows preloading.
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000" if PRODUCTION else "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "True")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "True")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The reverse proxy terminates TLS and says so in X-Forwarded-Proto; trust the
# header only behind such a proxy (it must overwrite what clients send). The
# proxy also adds the client's address to X-Forwarded-For; the login lock-out
# reads it from there, TRUSTED_PROXY_COUNT entries from the right (one per
# proxy in front of the application, each appending the address it saw).
BEHIND_TLS_PROXY = envbool("BEHIND_TLS_PROXY", str(PRODUCTION))
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "1")
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Pages load scripts, styles and images from this site only, and are never
# framed (django-csp, through kinerja.lib.csp): no inline script, style
# attribute or event handler.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp_constants.SELF],
        "script-src": [csp_constants.SELF],
        "style-src": [csp_constants.SELF],
        "img-src": [csp_constants.SELF, "data:"],
        "frame-ancestors": [csp_constants.NONE],
        "form-action": [csp_constants.SELF],
        "base-uri": [csp_constants.NONE],
        "object-src": [csp_constants.NONE],
    }
}

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The server keeps Jakarta time; each unit carries its own zone (WIB, WITA, WIT)
# for its deadlines and dates.
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "kinerja" / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Stored scans, signed documents and packages are readable by the application's
# user and group only (the default would follow the umask, usually 0644).
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
# One file store for every app server: a shared folder (MEDIA_ROOT on NFS or
# similar), or an S3-compatible bucket through django-storages when
# S3_BUCKET is set (pip install "django-storages[s3]"; credentials and endpoint
# from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_S3_ENDPOINT_URL). Files are
# served only through the access-checked views, never from a public URL.
FILE_STORAGE = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["S3_BUCKET"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if os.environ.get("S3_BUCKET")
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
STORAGES = {
    "default": FILE_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
# Static files are served by whitenoise straight from the app folders in
# development and tests, so no collectstatic step is needed to run the app.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Background jobs (bulk printing, province compilation) are kept in the database,
# so any number of workers on any number of machines share them through it:
# `manage.py db_worker`. A worker claims a job with SELECT ... FOR UPDATE SKIP
# LOCKED, so no job runs twice; `manage.py requeue_stale_jobs` puts back the jobs
# of a worker that was killed.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "kinerja@kpu.go.id")
# The address of the application in links sent by e-mail and in the verification
# links and QR codes printed on every PK. Production needs its real address:
# kinerja/checks.py fails `manage.py check` (and `check --deploy`) on an unset or
# loopback value; `make run` sets it from HOST and PORT.
SITE_URL = os.environ.get("SITE_URL", "" if PRODUCTION else "http://127.0.0.1:8000")

# Electronic signatures (TTE), see kinerja/signatures/signers.py: "local" signs
# with the deployment's own CA (testing, demonstrations), kept in TTE_CA_DIR
# outside the file store; "remote" sends the PDF to a BSrE-style signing service.
TTE_BACKEND = os.environ.get("TTE_BACKEND", "local")
TTE_CA_DIR = Path(os.environ.get("TTE_CA_DIR", BASE_DIR / "var" / "tte-ca"))
TTE_REMOTE_URL = os.environ.get("TTE_REMOTE_URL", "")
TTE_REMOTE_USER = os.environ.get("TTE_REMOTE_USER", "")
TTE_REMOTE_PASSWORD = os.environ.get("TTE_REMOTE_PASSWORD", "")
# Extra root certificates (PEM or DER files) that signatures are validated against, e.g. BSrE's.
TTE_TRUST_ROOTS = envlist("TTE_TRUST_ROOTS")

# A quarter's realisation may be changed freely until this many days after the
# quarter ends; a later correction keeps the earlier value and needs a reason.
QUARTER_GRACE_DAYS = envint("QUARTER_GRACE_DAYS", "15")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Whitenoise serves static files from the app folders (finders) until a
# deployment runs collectstatic; its warning about the missing STATIC_ROOT is
# expected in development and tests.
warnings.filterwarnings("ignore", message="No directory at: ")

# The project's own system checks (SITE_URL), registered for every command.
import kinerja.checks  # noqa: E402, F401
