from __future__ import annotations

import json
from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jour.access.scope import get_for_user
from jour.audit.log import record, shows
from jour.audit.models import Action
from jour.shelter.models import ShelterProfile
from jour.shelter.vocabulary import competence_labels, language_labels

from .forms import ImportForm, SearchForm
from .models import ShelterListing
from .public_profile import ProfileIncomplete, build_public_profile
from .services import MAX_PROBLEMS_SHOWN, import_listings

PAGE_SIZE = 25
# A profile not updated for this long may no longer be right: the page says so.
STALE_AFTER_DAYS = 180


def _get_listing_for_user(request: HttpRequest, pk: int) -> ShelterListing:
    return get_for_user(request, ShelterListing.objects.all(), pk=pk)


def _explain(listing: ShelterListing, *, competences: list[str], language: str) -> None:
    """Attach why a listing matched (and what it lacks) to show next to its score."""
    listing.matched = competence_labels([code for code in competences if code in listing.competences])
    listing.missing = competence_labels([code for code in competences if code not in listing.competences])
    if language:
        (listing.matched if language in listing.languages else listing.missing).extend(language_labels([language]))


def index(request: HttpRequest) -> HttpResponse:
    """Search the directory: best matches first, with the reason for each."""
    form = SearchForm(request.GET or None)
    listings = ShelterListing.objects.for_user(request.user)
    wanted = 0
    arguments: dict = {"competences": [], "language": ""}
    if form.is_bound:
        if form.is_valid():
            arguments = form.search_arguments()
            wanted = len(arguments["competences"]) + (1 if arguments["language"] else 0)
            listings = listings.search(**arguments)
        else:
            listings = listings.none()
    else:
        listings = listings.search()
    page = Paginator(listings, PAGE_SIZE).get_page(request.GET.get("page"))
    stale_before = timezone.now() - timedelta(days=STALE_AFTER_DAYS)
    for listing in page:
        _explain(listing, competences=arguments["competences"], language=arguments["language"])
        listing.stale = listing.profile_updated_at < stale_before
    context = {"form": form, "page": page, "wanted": wanted, "stale_days": STALE_AFTER_DAYS}
    return render(request, "directory/index.html", context)


def import_profiles(request: HttpRequest) -> HttpResponse:
    """The coordinator imports a file of public profiles: all of it, or nothing."""
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if request.method == "POST" and form.is_valid():
        result = import_listings(profiles=form.profiles)
        # Counts only: which shelters were imported is not the audit trail's business.
        record(
            request,
            Action.CREATE,
            object_type="directory.shelterlisting",
            detail={"import": "json", "created": result.created, "updated": result.updated},
        )
        messages.success(
            request,
            _("Profiles imported: %(created)s new, %(updated)s updated.")
            % {"created": result.created, "updated": result.updated},
        )
        return redirect("directory:index")
    context = {
        "form": form,
        "problems": form.problems[:MAX_PROBLEMS_SHOWN],
        "more_problems": max(0, len(form.problems) - MAX_PROBLEMS_SHOWN),
        "count": ShelterListing.objects.for_user(request.user).count(),
    }
    return render(request, "directory/import.html", context)


@require_POST
def listing_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator removes a jour from the directory (closed, or no longer publishing its profile)."""
    listing = _get_listing_for_user(request, pk)
    record(request, Action.DELETE, listing)
    listing.delete()
    messages.success(request, _("The shelter is removed from the directory."))
    return redirect("directory:index")


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
