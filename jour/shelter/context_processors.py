from django.utils.functional import SimpleLazyObject

from .models import ShelterProfile


def shelter(request):
    """The shelter's name and phone for the layout, loaded only by pages that show them."""
    return {"shelter": SimpleLazyObject(ShelterProfile.layout_fields)}
