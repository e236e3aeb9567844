"""django-otp-webauthn's texts, so that Jour's catalogues give them in Swedish.

The library ships no Swedish catalogue. Its scripts ask the JavaScript catalogue (otp_webauthn:js-i18n-catalog,
passkeys.PasskeyCatalog) for SCRIPT_TEXTS, and its views answer with SERVER_TEXTS, which the scripts show under
the passkey button. Listing them here puts them in locale/ by `make messages`, where they are translated like
every other string; tests/security/test_passkey_texts.py reads the library's scripts and fails when an
upgrade brings a text missing here or untranslated.
"""

from django.utils.translation import gettext_noop

SCRIPT_TEXTS = (
    # otp_webauthn_register.js
    gettext_noop("Register a Passkey"),
    gettext_noop("Registering..."),
    gettext_noop("Registration failed. Unable to fetch registration options from server."),
    gettext_noop("Registration aborted."),
    gettext_noop("Registration failed. You most likely already have a Passkey registered for this site."),
    gettext_noop("Registration aborted or not allowed."),
    gettext_noop(
        "Registration failed. A technical problem occurred that prevents you from registering a Passkey for this site."
    ),
    gettext_noop("Registration failed. An unknown error occurred."),
    gettext_noop("Finishing registration..."),
    gettext_noop("Registration failed. The server was unable to verify this passkey."),
    gettext_noop("Registration failed. A server error occurred."),
    gettext_noop("Registration successful!"),
    gettext_noop("An error occurred during registration."),
    # otp_webauthn_auth.js
    gettext_noop("Verify with Passkey"),
    gettext_noop("Verifying..."),
    gettext_noop("Verification failed. Could not retrieve parameters from the server."),
    gettext_noop("Verification aborted."),
    gettext_noop("Verification canceled or not allowed."),
    gettext_noop("Verification failed. An unknown error occurred."),
    gettext_noop("Finishing verification..."),
    gettext_noop("Verification failed. An unknown server error occurred."),
    gettext_noop("Verification failed. A server error occurred."),
    gettext_noop("Verification successful!"),
    gettext_noop("An error occurred during verification."),
)

# The messages of the library's views and exceptions (shown by the scripts when a step is refused).
SERVER_TEXTS = (
    gettext_noop("Error processing WebAuthn request."),
    gettext_noop("Malformed request. JSON not parsable."),
    gettext_noop("State is missing or invalid. Please begin the operation first before trying to complete it."),
    gettext_noop("Unprocessable Entity"),
    gettext_noop("Passwordless login is disabled."),
    gettext_noop("This user account is marked as disabled."),
    gettext_noop("This Passkey has been marked as disabled."),
    gettext_noop("The Passkey you tried to use was not found. Perhaps it was removed?"),
    gettext_noop(
        "The Passkey you tried to use does not belong to the currently logged-in user. Try using a different "
        "Passkey or logout first to use this Passkey."
    ),
    gettext_noop("Authentication required."),
    gettext_noop("User is not verified."),
    gettext_noop(
        "You must verify your identity first with an existing MFA device before you can register a new passkey."
    ),
)
