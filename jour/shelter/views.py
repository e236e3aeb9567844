import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jour.audit.log import shows
from jour.directory.public_profile import ProfileIncomplete, build_public_profile, own_free_places
from jour.lib.formpages import form_page

from .forms import ShelterProfileForm
from .models import ShelterProfile


def profile(request: HttpRequest) -> HttpResponse:
    context = {"profile": ShelterProfile.load(), "free_places": own_free_places(on=timezone.localdate())}
    return render(request, "shelter/profile.html", context)


def profile_edit(request: HttpRequest) -> HttpResponse:
    instance = ShelterProfile.load()
    form = ShelterProfileForm(request.POST or None, instance=instance)
    message, template = _("The shelter profile is saved."), "shelter/profile_form.html"
    return form_page(request, form, message=message, success_url="shelter:profile", template=template)


def public_profile_export(request: HttpRequest) -> HttpResponse:
    """Download the public profile (JSON, docs/directory.md) for other jours and umbrella organisations."""
    instance = ShelterProfile.load()
    now = timezone.now()
    try:
        document = build_public_profile(profile=instance, now=now)
    except ProfileIncomplete:
        messages.error(request, _("Choose the shelter's municipality in the profile before exporting it."))
        return redirect("shelter:profile")
    shows(request, instance, format="json", document="public_profile")
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2) + "\n", content_type="application/json; charset=utf-8"
    )
    filename = f"public-profile-{timezone.localdate(now):%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
