from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from jour.lib.formpages import form_page

from .forms import ShelterProfileForm
from .models import ShelterProfile


def profile(request: HttpRequest) -> HttpResponse:
    """The shelter's own profile; the directory adds what it publishes of it (`{% own_public_profile %}`)."""
    return render(request, "shelter/profile.html", {"profile": ShelterProfile.load()})


def profile_edit(request: HttpRequest) -> HttpResponse:
    instance = ShelterProfile.load()
    form = ShelterProfileForm(request.POST or None, instance=instance)
    message, template = _("The shelter profile is saved."), "shelter/profile_form.html"
    return form_page(request, form, message=message, success_url="shelter:profile", template=template)
