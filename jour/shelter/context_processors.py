from django.utils.functional import SimpleLazyObject

from .models import ShelterProfile


def shelter(request):
    """The shelter profile for the layout, loaded only by pages that show it."""
    return {"shelter": SimpleLazyObject(ShelterProfile.load)}
