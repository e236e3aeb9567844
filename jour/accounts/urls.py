from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("2fa/setup/", views.otp_setup, name="otp_setup"),
    path("2fa/", views.otp_verify, name="otp_verify"),
    path("2fa/backup-codes/", views.backup_codes, name="backup_codes"),
    path("2fa/passkeys/", views.passkeys, name="passkeys"),
    path("2fa/passkeys/<int:pk>/remove/", views.passkey_remove, name="passkey_remove"),
    path("password/", views.password_change, name="password_change"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/reset-2fa/", views.user_reset_2fa, name="user_reset_2fa"),
    path("users/<int:pk>/reset-access/", views.user_reset_access, name="user_reset_access"),
    path("users/login-policy/", views.login_policy, name="login_policy"),
    path("reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
]
