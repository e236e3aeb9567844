"""Jour's one settings module. Everything secret or deployment-specific comes from the environment."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
# Demo mode loads demo users with known TOTP secrets; it is refused outside DEBUG.
DEMO = DEBUG and env.bool("JOUR_DEMO", default=False)

SECRET_KEY = env("SECRET_KEY") if not DEBUG else env("SECRET_KEY", default="insecure-development-key-only")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Keys for encrypted fields: a comma-separated list, newest first (MultiFernet); see docs/data-protection.md.
FIELD_ENCRYPTION_KEYS = env.list(
    "FIELD_ENCRYPTION_KEYS",
    default=["zR9BLa1Bx-QXyGyVVY-4gfA2CqX3J5o1QqiDnq0pG9k="] if DEBUG else [],
)
# The key of the keyed hashes (the blind index of first names): its own, newest first; see docs/data-protection.md.
BLIND_INDEX_KEYS = env.list(
    "BLIND_INDEX_KEY",
    default=["development-blind-index-key-not-for-production"] if DEBUG else [],
)

INSTALLED_APPS = [
    "jour.accounts.admin_site.JourAdminConfig",  # django.contrib.admin, every change audited
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_otp",
    "django_otp_webauthn",
    "axes",
    "django_htmx",
    "django_filters",
    "csp",
    "jour.lib",
    "jour.accounts",
    "jour.access",
    "jour.audit",
    "jour.shelter",
    "jour.calls",
    "jour.directory",
    "jour.privacy",
    "jour.operations",
    "residents",
    "residents.plans",
    "volunteers",
    "reporting",
    "regulation",
]
# The demo data and logins (and Faker, which generates them) exist only in demo mode: a production install
# has neither the app nor its commands, and never imports an app's demo.py.
if DEMO:
    INSTALLED_APPS.append("jour.demo")

MIDDLEWARE = [
    # First and last: a request that meets an unreachable database ends as one 503 page, logged once.
    "jour.outage.DatabaseOutageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "jour.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jour.accounts.middleware.SessionRenewalMiddleware",
    "jour.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jour.middleware.NoStoreForSignedInMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "jour.access.middleware.AccessPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
    "jour.lib.versioning.StaleVersionMiddleware",
    "jour.outage.DatabaseOutageViewMiddleware",
]

ROOT_URLCONF = "jour.urls"
WSGI_APPLICATION = "jour.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jour.shelter.context_processors.shelter",
                "jour.access.context_processors.access",
                "jour.navigation.navigation",
            ],
            "libraries": {"jour_forms": "jour.form_rendering"},
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# An unreachable database server is a 503 within seconds, not after the system's TCP timeout (minutes).
DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", 5))
# Every request runs in one transaction: a failed form or an error leaves nothing half-saved.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# No JIT compilation: a page's queries run in milliseconds, while a table autovacuum never analyses (under 50
# rows, such as the permit's premises) is estimated at hundreds of rows and made PostgreSQL compile the board's
# places query for 230-360 ms (docs/benchmarks.md). The long statistics queries also turn it off themselves.
DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds the menu per role and language and the support line's statistics per period: numbers and
# markup, never personal data. Per process by default; CACHE_URL=filecache:///var/cache/jour shares it
# between workers (a folder only the app's user can read and write: the menu is served as it is stored).
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The coordinator's one-time link for a forgotten password (jour.accounts.views.user_reset_access).
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lockout (jour/accounts/lockout.py): 5 failures against one account lock it, 5 from one client address lock
# that address, each for 15 minutes, counted independently. A good login clears only her own username's
# failures (axes' AXES_RESET_ON_SUCCESS would clear the address's failures against every account).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False
AXES_USERNAME_CALLABLE = "jour.accounts.lockout.axes_username"
AXES_LOCKOUT_CALLABLE = "jour.accounts.views.locked_out"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False  # jour/accounts/admin.py registers read-only versions
# The client address: behind PROXY_COUNT trusted proxies, the PROXY_COUNT-th X-Forwarded-For entry from the
# right (jour/lib/client_ip.py); the lockout and the audit log both use it.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "jour.lib.client_ip.client_ip"

# Sessions end after IDLE minutes without a request (renewed at most once a minute, see
# jour.accounts.middleware), and when the browser closes.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env.int("JOUR_IDLE_MINUTES", default=30) * 60
SESSION_RENEWAL_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Audit review: what the coordinator is alerted about (see jour/audit/alerts.py).
AUDIT_BURST_RECORDS = env.int("AUDIT_BURST_RECORDS", default=20)
AUDIT_BURST_MINUTES = env.int("AUDIT_BURST_MINUTES", default=10)
AUDIT_OFFICE_HOURS = tuple(env.list("AUDIT_OFFICE_HOURS", default=["07:00", "20:00"]))
AUDIT_ALERT_EMAILS = env.bool("AUDIT_ALERT_EMAILS", default=True)
# More failed logins than this, across all accounts, within AUDIT_BURST_MINUTES: someone is guessing.
AUDIT_LOGIN_FAILURE_BURST = env.int("AUDIT_LOGIN_FAILURE_BURST", default=15)

# Monitoring (jour/operations): GET /status/ answers only with `Authorization: Bearer <STATUS_TOKEN>`.
STATUS_TOKEN = env("STATUS_TOKEN", default="")
# Where staff open Jour, for messages printed on the server (create_coordinator); else the first ALLOWED_HOSTS.
JOUR_URL = env("JOUR_URL", default="")

OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Jour")
# Passkeys (WebAuthn) as a second factor, never instead of the password (jour/accounts/passkeys.py).
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_RP_ID_CALLABLE = "jour.accounts.passkeys.relying_party_id"
OTP_WEBAUTHN_RP_NAME_CALLABLE = "jour.accounts.passkeys.relying_party_name"
OTP_WEBAUTHN_HELPER_CLASS = "jour.accounts.passkeys.PasskeyHelper"
# The helper expects the origin each page was served under (a host in ALLOWED_HOSTS); this list, the same
# hosts over https, is what the library's own system check looks at.
OTP_WEBAUTHN_ALLOWED_ORIGINS = [f"https://{host.lstrip('.')}" for host in ALLOWED_HOSTS if host != "*"] or [
    "https://localhost"
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["jour.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# Django's form renderer with capitalised labels (jour/form_rendering.py).
FORM_RENDERER = "jour.form_rendering.Renderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail goes to the SMTP server named by EMAIL_URL: smtp://host:25, smtp+tls://user:password@host:587 (STARTTLS)
# or smtp+ssl://user:password@host:465. In development (DEBUG) it is printed instead; EMAIL_BACKEND, when set,
# overrides both (the tests keep mail in memory).
_EMAIL = env.email_url("EMAIL_URL", default="smtp://localhost:25")
EMAIL_BACKEND = env(
    "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend" if DEBUG else _EMAIL["EMAIL_BACKEND"]
)
EMAIL_HOST = _EMAIL["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _EMAIL["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _EMAIL["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _EMAIL["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _EMAIL.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _EMAIL.get("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="jour@localhost")

# Security headers. Behind a TLS proxy set SECURE_PROXY_SSL_HEADER through PROXY_SSL_HEADER=1.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
if env.bool("PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# The preload directive only takes effect once the domain is submitted to the browsers' list.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Error reports never carry request data: it may hold personal data.
DEFAULT_EXCEPTION_REPORTER_FILTER = "jour.errors.NoRequestDataFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A request that met an unreachable database is logged once, as one line (jour/outage.py).
    "filters": {"skip_logged_outages": {"()": "jour.outage.SkipLoggedOutages"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"filters": ["skip_logged_outages"]},
        # Request paths hold only ids; query strings (search terms) are never logged.
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
