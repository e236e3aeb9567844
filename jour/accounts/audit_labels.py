"""How the audit log names an account: by the name of the person who holds it."""

from django.utils.translation import gettext as _

from jour.audit.labels import int_ids, labeller

from .models import User


@labeller("accounts.user")
def accounts(ids):
    # A failed login with a username no account has is logged as "unknown" (the typed name is not stored).
    labels = {pk: _("an unknown username") for pk in ids if pk == "unknown"}
    users = User.objects.filter(pk__in=int_ids(ids)).only("first_name", "last_name", "username")
    return labels | {str(user.pk): user.display_name for user in users}
