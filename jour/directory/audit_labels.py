"""How the audit log names the directory's records: another shelter by its (public) name."""

from jour.audit.labels import by_value, labeller

from .models import ShelterListing


@labeller("directory.shelterlisting")
def listings(ids):
    return by_value(ShelterListing.objects.all(), ids, "name")
