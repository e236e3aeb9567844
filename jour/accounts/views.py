from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import devices_for_user, match_token, user_has_device
from django_otp import login as otp_login
from django_otp_webauthn.models import WebAuthnCredential

from jour.access.scope import get_for_user
from jour.audit.log import record, shows
from jour.audit.models import Action
from jour.lib.formpages import form_page, save_audited

from .devices import AuthenticatorAppDevice, BackupCodeDevice
from .forms import LoginForm, LoginPolicyForm, TokenForm, UserCreateForm, UserEditForm
from .models import LoginPolicy, User

BACKUP_CODE_COUNT = 10


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def locked_out(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """Shown by django-axes instead of the login form while the account is locked."""
    return render(request, "accounts/locked_out.html", status=429)


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return "home"


def verified_login(request: HttpRequest, device) -> None:
    """Mark the session as past the second factor, under a new session key: a key seen or planted before
    the second step (fixation) is worthless after it."""
    request.session.cycle_key()
    otp_login(request, device)


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def _new_backup_codes(user: User) -> list[str]:
    device, _created = BackupCodeDevice.objects.get_or_create(user=user, name="backup")
    return device.replace_codes(BACKUP_CODE_COUNT)


def otp_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code, confirm with a code.

    Only for an account with no confirmed second factor at all (backup codes count): otherwise a
    password alone could replace her device.
    """
    user = request.user
    if user_has_device(user, confirmed=True):
        return redirect("accounts:otp_verify")
    form = TokenForm(request.POST or None)
    if request.method == "POST":
        device = AuthenticatorAppDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            return redirect("accounts:otp_setup")
        if form.is_valid() and device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            verified_login(request, device)
            codes = _new_backup_codes(user)
            record(request, Action.OTP_ENROL, user)
            return render(request, "accounts/backup_codes.html", {"codes": codes, "enrolled": True})
        if form.is_valid():
            form.add_error("token", _("The code did not match. Check the time on your phone and try again."))
    else:
        # A fresh secret on every visit: a key seen earlier (or over someone's shoulder) is worthless.
        AuthenticatorAppDevice.objects.filter(user=user, confirmed=False).delete()
        device = AuthenticatorAppDevice.objects.create(user=user, name="app", confirmed=False)
    context = {
        "form": form,
        "qr_svg": _qr_svg(device.config_url),
        "secret": base64.b32encode(device.bin_key).decode().rstrip("="),
    }
    return render(request, "accounts/otp_setup.html", context)


def otp_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            verified_login(request, device)
            return redirect(_next_url(request))
        record(request, Action.OTP_FAILED, user)
        form.add_error("token", _("Wrong code. Use the code from your app, or one of your backup codes."))
    context = {
        "form": form,
        "next": request.GET.get("next", ""),
        "has_passkey": WebAuthnCredential.objects.filter(user=user, confirmed=True).exists(),
    }
    return render(request, "accounts/otp_verify.html", context)


@require_POST
def backup_codes(request: HttpRequest) -> HttpResponse:
    if not AuthenticatorAppDevice.objects.filter(user=request.user, confirmed=True).exists():
        # Backup codes back up an authenticator app; without one she enrols first.
        return redirect("accounts:otp_setup")
    codes = _new_backup_codes(request.user)
    record(request, Action.OTP_ENROL, request.user, detail={"backup_codes": "renewed"})
    return render(request, "accounts/backup_codes.html", {"codes": codes, "enrolled": False})


def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # Keeps this session; every other session of hers ends because the password hash changed.
        update_session_auth_hash(request, user)
        record(request, Action.CHANGE, user, fields=["password"])
        messages.success(request, _("Your password is changed. Other sessions have been logged out."))
        return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})


def user_list(request: HttpRequest) -> HttpResponse:
    users = User.objects.for_user(request.user).order_by("-is_active", "role", "first_name", "username")
    shows(request, object_type="accounts.user", list="list", rows=len(users))
    return render(request, "accounts/user_list.html", {"users": users})


def user_create(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save(commit=False)
        user.set_password(form.cleaned_data["password"])
        user.save()
        record(request, Action.CREATE, user, detail={"role": user.role})
        messages.success(request, _("The account is created."))
        return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


def _get_account_for_user(request: HttpRequest, pk: int) -> User:
    return get_for_user(request, User.objects.all(), pk=pk)


def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    account = _get_account_for_user(request, pk)
    form = UserEditForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        if account == request.user and not form.cleaned_data["is_active"]:
            form.add_error("is_active", _("You cannot deactivate your own account."))
        else:
            # The role is no personal data, and a new coordinator is an audit alert.
            role_detail = {"role": account.role} if "role" in form.changed_data else None
            save_audited(request, form, message=_("The account is saved."), detail=role_detail)
            return redirect("accounts:user_list")
    # Any confirmed second factor (authenticator app, passkey, backup codes): the rule the login enforces.
    has_device = user_has_device(account, confirmed=True)
    return render(request, "accounts/user_form.html", {"form": form, "account": account, "has_device": has_device})


def _remove_second_factors(account: User) -> None:
    for device in devices_for_user(account, confirmed=None):
        device.delete()


@require_POST
def user_reset_access(request: HttpRequest, pk: int) -> HttpResponse:
    """She forgot her password (or lost everything): no password and no second factor any more, her sessions
    end, and a one-time link lets her choose a new password; she enrols a second factor at her next login.

    The link is shown once, to the coordinator, who hands it over in person: no e-mail (a shelter's worker
    may share her inbox with the person she fled, and e-mail is no channel for a key)."""
    account = _get_account_for_user(request, pk)
    if account == request.user:
        messages.error(request, _("You cannot reset your own account; another coordinator can."))
        return redirect("accounts:user_edit", pk=account.pk)
    account.set_unusable_password()  # also ends her sessions: their hash no longer matches
    account.save(update_fields=["password"])
    _remove_second_factors(account)
    uid = urlsafe_base64_encode(force_bytes(account.pk))
    link = request.build_absolute_uri(
        reverse("accounts:password_reset_confirm", args=[uid, default_token_generator.make_token(account)])
    )
    record(request, Action.CHANGE, account, fields=["password"], detail={"reset": "password_and_two_factor"})
    record(request, Action.OTP_RESET, account)
    return render(request, "accounts/reset_link.html", {"account": account, "link": link})


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The one-time link: valid until used (the token includes her password hash) or for PASSWORD_RESET_TIMEOUT."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form):
        response = super().form_valid(form)
        record(self.request, Action.CHANGE, form.user, user=form.user, fields=["password"], detail={"reset": "link"})
        messages.success(self.request, _("Your new password is saved. Log in with it."))
        return response


def login_policy(request: HttpRequest) -> HttpResponse:
    policy = LoginPolicy.load()
    # Not `request.POST or None`: unticking the only box posts nothing, and that must still save.
    form = LoginPolicyForm(request.POST if request.method == "POST" else None, instance=policy)
    template = "accounts/login_policy.html"
    return form_page(request, form, message=_("Saved."), success_url="accounts:user_list", template=template)


@require_POST
def user_reset_2fa(request: HttpRequest, pk: int) -> HttpResponse:
    """For a lost phone: she enrols again at her next login."""
    account = _get_account_for_user(request, pk)
    _remove_second_factors(account)
    record(request, Action.OTP_RESET, account)
    messages.success(request, _("Two-factor authentication is reset; she enrols again at her next login."))
    return redirect("accounts:user_edit", pk=account.pk)


def passkeys(request: HttpRequest) -> HttpResponse:
    """Her own passkeys: add one (a new phone, a second device) or remove one, any time after her first login.

    Adding uses the library's registration (passkeys.py), which refuses an enrolled account whose session has
    not passed the second factor; the enrolment is audited there."""
    keys = WebAuthnCredential.objects.filter(user=request.user, confirmed=True).order_by("created_at", "pk")
    return render(request, "accounts/passkeys.html", {"passkeys": keys})


def passkey_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove one of her own passkeys (another account's is 404). Never the last second factor of an account
    that must use one (she adds another passkey or an authenticator app first), and never the one this session
    was verified with (the session would lose its second factor in the middle of her work)."""
    user = request.user
    key = get_object_or_404(WebAuthnCredential, pk=pk, user=user, confirmed=True)
    if request.method != "POST":
        # After the lookup: a passkey that is not hers is 404 whatever the method.
        return HttpResponseNotAllowed(["POST"])
    signed_in_with = getattr(user, "otp_device", None)
    if signed_in_with is not None and signed_in_with.persistent_id == key.persistent_id:
        messages.error(
            request,
            _("You signed in with this passkey. To remove it, sign in with another passkey or your authenticator app."),
        )
        return redirect("accounts:passkeys")
    others = WebAuthnCredential.objects.filter(user=user, confirmed=True).exclude(pk=key.pk).exists()
    has_app = AuthenticatorAppDevice.objects.filter(user=user, confirmed=True).exists()
    if user.requires_2fa and not (others or has_app):
        messages.error(
            request,
            _("This is your only second factor: add another passkey or an authenticator app before removing it."),
        )
        return redirect("accounts:passkeys")
    key.delete()
    record(request, Action.CHANGE, user, fields=["passkeys"], detail={"passkey": "removed"})
    messages.success(request, _("The passkey is removed. It no longer signs you in to Jour."))
    return redirect("accounts:passkeys")
