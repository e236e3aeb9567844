"""How the audit log names the shelter's own profile: by its name."""

from jour.audit.labels import by_value, labeller

from .models import ShelterProfile


@labeller("shelter.shelterprofile")
def profiles(ids):
    return by_value(ShelterProfile.objects.all(), ids, "name")
