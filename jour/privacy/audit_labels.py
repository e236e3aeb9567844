"""How the audit log names data-protection records: the retention policy and the key rotation."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jour.audit.labels import labeller


@labeller("privacy.retentionpolicy")
def policy(ids):
    return {pk: _("the retention policy") for pk in ids}


@labeller("privacy.encryptionkeys", kind=gettext_lazy("encryption keys"))
def keys(ids):
    return {pk: _("key rotation") for pk in ids}
