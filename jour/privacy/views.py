from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from jour.audit.log import record, record_form_save
from jour.audit.models import Action, AuditEvent
from residents.models import Child, Resident
from volunteers.models import VolunteerProfile

from .app_purgers import not_erased
from .extract import Section, build_extract
from .forms import (
    ResidentErasureForm,
    ResidentLookupForm,
    RetentionPolicyForm,
    VolunteerErasureForm,
    VolunteerLookupForm,
)
from .models import ErasureReason, RetentionPolicy
from .pdf import render_pdf
from .shell import resident_to_shell, volunteer_to_shell


def retention(request: HttpRequest) -> HttpResponse:
    policy = RetentionPolicy.load()
    form = RetentionPolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        policy = form.save(commit=False)
        policy.updated_by = request.user
        policy.save()
        record_form_save(request, form, policy, created=False)
        messages.success(request, _("The retention policy is saved."))
        return redirect("privacy:retention")
    last_runs = AuditEvent.objects.filter(action=Action.PURGE).order_by("-at")[:10]
    return render(request, "privacy/retention.html", {"form": form, "policy": policy, "last_runs": last_runs})


def _pdf_response(request: HttpRequest, *, title: str, extract, filename: str, subject: str) -> HttpResponse:
    html = render_to_string(
        "privacy/extract_pdf.html",
        {"title": title, "subject": subject, "extract": extract, "generated": timezone.localtime()},
        request=request,
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def extract(request: HttpRequest) -> HttpResponse:
    """Register extract for one resident or one volunteer, as a PDF."""
    resident_form = ResidentLookupForm(
        request.POST if "case_number" in request.POST else None,
        residents=Resident.objects.for_user(request.user),
    )
    volunteer_form = VolunteerLookupForm(
        request.POST if "volunteer" in request.POST else None,
        volunteers=VolunteerProfile.objects.for_user(request.user).select_related("user"),
    )
    if request.method == "POST" and resident_form.is_bound and resident_form.is_valid():
        resident = resident_form.resident
        result = build_extract(resident)
        record(request, Action.EXPORT, resident, detail={"format": "pdf", "register_extract": True})
        return _pdf_response(
            request,
            title=_("Register extract"),
            extract=result,
            filename=f"registerutdrag-boende-{resident.pk}.pdf",
            subject=resident.case_number,
        )
    if request.method == "POST" and volunteer_form.is_bound and volunteer_form.is_valid():
        profile = volunteer_form.cleaned_data["volunteer"]
        result = build_extract(profile, redacted={Resident, Child})
        account = profile.user
        result.sections.insert(
            0,
            Section(
                title=_("Account"),
                rows=[
                    (_("Username"), account.username),
                    (_("Name"), account.get_full_name()),
                    (_("E-mail address"), account.email),
                    (_("Active"), _("yes") if account.is_active else _("no")),
                    (_("Account created"), f"{timezone.localtime(account.date_joined):%Y-%m-%d}"),
                ],
            ),
        )
        result.access_log = sorted(
            [*result.access_log, *AuditEvent.objects.filter(object_type="accounts.user", object_id=str(account.pk))],
            key=lambda event: (event.at, event.id),
        )
        record(request, Action.EXPORT, profile, detail={"format": "pdf", "register_extract": True})
        return _pdf_response(
            request,
            title=_("Register extract"),
            extract=result,
            filename=f"registerutdrag-kontaktkvinna-{profile.pk}.pdf",
            subject=_("Contact woman %(id)s") % {"id": profile.pk},
        )
    return render(request, "privacy/extract.html", {"resident_form": resident_form, "volunteer_form": volunteer_form})


def erase(request: HttpRequest) -> HttpResponse:
    """Erasure on request: a first POST shows what will happen, a second (with confirm) does it."""
    residents = not_erased(Resident.objects.for_user(request.user), "residents.resident")
    volunteers = not_erased(
        VolunteerProfile.objects.for_user(request.user).select_related("user"), "volunteers.volunteerprofile"
    )
    resident_form = ResidentErasureForm(request.POST if "case_number" in request.POST else None, residents=residents)
    volunteer_form = VolunteerErasureForm(request.POST if "volunteer" in request.POST else None, volunteers=volunteers)
    confirmed = request.POST.get("confirm") == "yes"
    if request.method == "POST" and resident_form.is_bound and resident_form.is_valid():
        resident = resident_form.resident
        if not confirmed:
            return render(request, "privacy/erase_confirm.html", {"form": resident_form, "resident": resident})
        if not resident_form.cleaned_data["law_allows"]:
            resident_form.add_error("law_allows", _("Confirm that the law allows erasure."))
            return render(request, "privacy/erase_confirm.html", {"form": resident_form, "resident": resident})
        resident_to_shell(resident=resident, reason=ErasureReason.REQUEST, by=request.user)
        record(request, Action.DELETE, resident, detail={"erasure": "request"})
        messages.success(request, _("The record is erased. What the reports count is kept without her identity."))
        return redirect("privacy:erase")
    if request.method == "POST" and volunteer_form.is_bound and volunteer_form.is_valid():
        profile = volunteer_form.cleaned_data["volunteer"]
        if not confirmed:
            return render(request, "privacy/erase_confirm.html", {"form": volunteer_form, "profile": profile})
        volunteer_to_shell(profile=profile, reason=ErasureReason.REQUEST, by=request.user)
        record(request, Action.DELETE, profile, detail={"erasure": "request"})
        messages.success(request, _("The record is erased. What the reports count is kept without her identity."))
        return redirect("privacy:erase")
    return render(request, "privacy/erase.html", {"resident_form": resident_form, "volunteer_form": volunteer_form})
