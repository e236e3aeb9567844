from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.utils.translation import gettext_lazy as _

from .models import LoginPolicy, Role, User


class LoginForm(AuthenticationForm):
    # AuthenticationForm sets the username's max_length after the field is built, so Django never checks it:
    # a longer name went on to django-axes, whose insert of the failed attempt overflowed (a 500).
    username = UsernameField(
        max_length=User._meta.get_field("username").max_length, widget=forms.TextInput(attrs={"autofocus": True})
    )

    error_messages = {
        "invalid_login": _("Wrong username or password. After 5 failed attempts the account is locked for 15 minutes."),
        "inactive": _("This account is deactivated."),
    }


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].replace(" ", "").strip()


class UserCreateForm(forms.ModelForm):
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. Give it to her in person; she can change it after logging in."),
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].required = True

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            candidate = User(**{k: cleaned.get(k) for k in ("username", "first_name", "last_name", "email")})
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class UserEditForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "role", "is_active"]
        help_texts = {"is_active": _("Deactivating ends her sessions at once.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].required = True
        self.fields["role"].choices = Role.choices


class LoginPolicyForm(forms.ModelForm):
    class Meta:
        model = LoginPolicy
        fields = ["volunteers_need_two_factor"]
