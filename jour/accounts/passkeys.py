"""Passkeys (WebAuthn) as a second factor for every role, through django-otp-webauthn.

A passkey is phishing-resistant (bound to Jour's own domain) and easy on a contact woman's phone: no code
to type. It is a second factor only — the password comes first (passwordless login is off), so the lockout
still counts every guess. The views are the library's, with two changes: the session key is renewed when
a passkey verifies the session, and enrolment is audited. The relying party is the host the page was
served under (ALLOWED_HOSTS decides which hosts those may be).
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.utils.translation import gettext
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import views as webauthn_views
from django_otp_webauthn.helpers import WebAuthnHelper

from jour.audit.log import record
from jour.audit.models import Action

from .passkey_texts import SCRIPT_TEXTS


def relying_party_id(request: HttpRequest) -> str:
    """The host without its port (a WebAuthn relying party is a domain)."""
    from django.http.request import split_domain_port

    domain, _port = split_domain_port(request.get_host())
    return domain


def relying_party_name(request: HttpRequest) -> str:
    return "Jour"


class PasskeyHelper(WebAuthnHelper):
    def get_allowed_origins(self) -> list[str]:
        # The page's own origin: scheme (https behind the proxy, PROXY_SSL_HEADER) and a host in ALLOWED_HOSTS.
        return [f"{self.request.scheme}://{self.request.get_host()}"]


def _renew_session_key(request: HttpRequest) -> None:
    request.session.cycle_key()


class BeginRegistration(webauthn_views.BeginCredentialRegistrationView):
    pass


class CompleteRegistration(webauthn_views.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        was_verified = self.request.user.is_verified()
        if not was_verified:
            # Her first second factor also verifies this session: under a new key.
            _renew_session_key(self.request)
        response = super().post(*args, **kwargs)
        if isinstance(response, JsonResponse) and response.status_code == 200:
            record(self.request, Action.OTP_ENROL, self.request.user, detail={"method": "passkey"})
        return response


class BeginAuthentication(webauthn_views.BeginCredentialAuthenticationView):
    pass


class CompleteAuthentication(webauthn_views.CompleteCredentialAuthenticationView):
    def complete_auth(self, device):
        _renew_session_key(self.request)
        return super().complete_auth(device)

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if self.request.user.is_authenticated:
            record(self.request, Action.OTP_FAILED, self.request.user, detail={"method": "passkey"})
        return response


class PasskeyCatalog(JavaScriptCatalog):
    """The passkey scripts' texts in the page's language, from Jour's own catalogues (passkey_texts.py):
    the library has no Swedish, and Swedish is Jour's default."""

    packages = ["django_otp_webauthn"]

    def get_catalog(self):
        return {text: gettext(text) for text in SCRIPT_TEXTS}


# The names the library's template tags and scripts look up (namespace otp_webauthn).
app_name = "otp_webauthn"
urlpatterns = [
    path("registration/begin/", BeginRegistration.as_view(), name="credential-registration-begin"),
    path("registration/complete/", CompleteRegistration.as_view(), name="credential-registration-complete"),
    path("authentication/begin/", BeginAuthentication.as_view(), name="credential-authentication-begin"),
    path("authentication/complete/", CompleteAuthentication.as_view(), name="credential-authentication-complete"),
    path("jsi18n/", PasskeyCatalog.as_view(), name="js-i18n-catalog"),
]
