"""Settings for Remiss: one module, environment parsed once, safe defaults.

Every value a deployment may change comes from an environment variable named ``REMISS_*``
(or ``DATABASE_URL``). Secrets can also be given as ``<NAME>_FILE`` pointing at a file.
A value that cannot be parsed stops the program with a message naming the variable.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parents[1]

_TRUE = {"1", "true", "yes", "on", "ja"}
_FALSE = {"0", "false", "no", "off", "nej", ""}


def env_str(name: str, default: str = "") -> str:
    """A string from the environment, or from the file named by ``<name>_FILE``."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as error:
            message = f"{name}_FILE={file_name!r} cannot be read: {error}"
            raise ImproperlyConfigured(message) from error
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false).")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from error


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_path(name: str, default: Path) -> Path:
    raw = os.environ.get(name)
    return Path(raw).expanduser().resolve() if raw else default


def env_choice(name: str, default: str, choices: set[str]) -> str:
    value = os.environ.get(name, default).strip().upper()
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} is not one of {', '.join(sorted(choices))}.")
    return value


# In a source checkout data lives in its var/ folder; an installed copy uses ./var.
_SOURCE_CHECKOUT = (PROJECT_DIR / "pyproject.toml").exists()
DATA_DIR = env_path("REMISS_DATA_DIR", (PROJECT_DIR if _SOURCE_CHECKOUT else Path.cwd()) / "var")
FILES_DIR = env_path("REMISS_FILES_DIR", DATA_DIR / "files")


def _secret_key() -> str:
    """The configured key, or one kept in the data directory so sessions survive restarts."""
    configured = env_str("REMISS_SECRET_KEY")
    if configured:
        return configured
    key_file = DATA_DIR / "secret-key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("REMISS_DEBUG", False)
ALLOWED_HOSTS = env_list("REMISS_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("REMISS_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django_tasks_db",
    "django.contrib.staticfiles",
    "remiss",
    "remiss.accounts",
    "remiss.audit",
    "remiss.consultations",
    "remiss.responses",
    "remiss.analysis",
    "remiss.portal",
    "remiss.compilation",
    "remiss.followup",
    "remiss.search",
    "remiss.api",
    "ninja",  # the API's docs page with Swagger UI from ninja's own static files, no CDN
    "remiss.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "remiss.middleware.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "remiss.urls"
WSGI_APPLICATION = "remiss.wsgi.application"
ASGI_APPLICATION = "remiss.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'remiss.sqlite3'}"),
        conn_max_age=env_int("REMISS_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] != ":memory:":
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20}
    )
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "consultations:list"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Set REMISS_STATIC_ROOT (and run `remiss collectstatic`) in production; without it the files
# are served from the package by WhiteNoise.
STATIC_ROOT = (
    env_path("REMISS_STATIC_ROOT", DATA_DIR) if os.environ.get("REMISS_STATIC_ROOT") else None
)
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


# Intake: the largest single answer file accepted (bytes), also inside ZIP files and e-mails.
REMISS_MAX_UPLOAD_BYTES = env_int("REMISS_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
# Uploaded files wait here until the worker has read them; then they are removed.
INTAKE_SPOOL_DIR = env_path("REMISS_INTAKE_SPOOL_DIR", DATA_DIR / "incoming")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 500

# Background work (intake of uploaded files) runs in `remiss worker` processes that claim
# tasks from the database. REMISS_TASKS_IMMEDIATE=1 runs them inside the request instead.
TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend"
        if env_bool("REMISS_TASKS_IMMEDIATE", False)
        else "django_tasks_db.DatabaseBackend"
    }
}

# E-mail (invitations, reminders, receipts). "smtp" sends through REMISS_EMAIL_HOST; "file"
# writes each message to REMISS_EMAIL_FILE_PATH (the demo); "console" prints it.
_EMAIL_BACKEND = env_choice("REMISS_EMAIL_BACKEND", "file", {"SMTP", "FILE", "CONSOLE"})
MAILERS = {
    "default": {
        "SMTP": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("REMISS_EMAIL_HOST", "localhost"),
                "port": env_int("REMISS_EMAIL_PORT", 25),
                "username": env_str("REMISS_EMAIL_HOST_USER"),
                "password": env_str("REMISS_EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("REMISS_EMAIL_USE_TLS", False),
                "timeout": 30,
            },
        },
        "FILE": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(env_path("REMISS_EMAIL_FILE_PATH", DATA_DIR / "mail"))},
        },
        "CONSOLE": {"BACKEND": "django.core.mail.backends.console.EmailBackend"},
    }[_EMAIL_BACKEND]
}
DEFAULT_FROM_EMAIL = env_str("REMISS_EMAIL_FROM", "remiss@localhost")

# The address the public and respondents reach Remiss at, for links in e-mails and letters.
REMISS_PUBLIC_URL = env_str("REMISS_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
# An invitation link works until the body's deadline plus this many days, unless revoked.
REMISS_INVITATION_GRACE_DAYS = env_int("REMISS_INVITATION_GRACE_DAYS", 30)
# Reminders go out this many days before the deadline (`remiss send_reminders`).
REMISS_REMINDER_DAYS = [int(day) for day in env_list("REMISS_REMINDER_DAYS", ["7", "1"])]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("REMISS_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
}

# A shared cache for the portal's rate limits (remiss.portal.throttle). Empty: each process
# keeps its own (LocMemCache), enough for one process. Several gunicorn workers or hosts need
# a shared one: REMISS_CACHE_URL=redis://127.0.0.1:6379/0 (install the `redis` extra).
_CACHE_URL = env_str("REMISS_CACHE_URL").strip()
if not _CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif _CACHE_URL.split("://", 1)[0] in {"redis", "rediss", "unix"}:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _CACHE_URL,
            "KEY_PREFIX": "remiss",
        }
    }
else:
    raise ImproperlyConfigured(
        "REMISS_CACHE_URL must be empty or start with redis://, rediss:// or unix://."
    )

# Logs go to standard error, one line per record: REMISS_LOG_FORMAT=plain (readable) or json
# (one JSON object per line, with method, path, status and duration of requests).
_LOG_FORMAT = env_choice("REMISS_LOG_FORMAT", "PLAIN", {"PLAIN", "JSON"}).lower()
_REDACTED_REQUEST_LOG = {"filters": ["request_fields", "redact_tokens"]}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "remiss.logformat.PlainFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
        "json": {"()": "remiss.logformat.JsonFormatter"},
    },
    # Invitation links (/svara/<token>/) never reach a log: the filter masks the token. The
    # request_fields filter first copies method, path (masked), status and duration from the
    # record, so the JSON format can show them after the message has been masked.
    "filters": {
        "request_fields": {"()": "remiss.logformat.RequestFieldsFilter"},
        "redact_tokens": {"()": "remiss.portal.logging.RedactTokensFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": _LOG_FORMAT,
            "filters": ["request_fields", "redact_tokens"],
        }
    },
    "root": {
        "handlers": ["console"],
        "level": env_choice(
            "REMISS_LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}
        ),
    },
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.request": _REDACTED_REQUEST_LOG,
        "django.server": {
            "handlers": ["console"],
            **_REDACTED_REQUEST_LOG,
            "level": "INFO",
            "propagate": False,
        },
        # `remiss serve` hands this configuration to gunicorn (logconfig_dict), so its error
        # and access logs have the same format and masking.
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {
            "handlers": ["console"],
            **_REDACTED_REQUEST_LOG,
            "level": "INFO",
            "propagate": False,
        },
        # WeasyPrint and fontTools report each step at INFO while writing a PDF.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
