from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jour.audit.log import record_form_save

from .forms import ShelterProfileForm
from .models import ShelterProfile


def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "shelter/profile.html", {"profile": ShelterProfile.load()})


def profile_edit(request: HttpRequest) -> HttpResponse:
    instance = ShelterProfile.load()
    form = ShelterProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        record_form_save(request, form, instance, created=False)
        messages.success(request, _("The shelter profile is saved."))
        return redirect("shelter:profile")
    return render(request, "shelter/profile_form.html", {"form": form})
