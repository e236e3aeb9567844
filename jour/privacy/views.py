"""The coordinator's data-protection pages: the retention policy, register extracts and erasure on request.

Extracts and erasures work on the subjects the apps declare in the registry of personal data (a
resident, a contact woman): this module names no feature app's model.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from jour.audit.log import record
from jour.audit.models import Action, AuditEvent
from jour.lib.formpages import form_page

from .extract import account_section, build_extract
from .forms import RetentionPolicyForm, SubjectErasureForm, SubjectLookupForm
from .models import ErasureReason, RetentionPolicy
from .pdf import render_pdf
from .registry import erase as erase_record
from .registry import not_erased, registry


def retention(request: HttpRequest) -> HttpResponse:
    policy = RetentionPolicy.load()
    form = RetentionPolicyForm(request.POST or None, instance=policy)
    last_runs = AuditEvent.objects.filter(action=Action.PURGE).order_by("-at")[:10]  # a lazy slice: read if shown
    message, context = _("The retention policy is saved."), {"policy": policy, "last_runs": last_runs}
    template = "privacy/retention.html"
    return form_page(
        request, form, message=message, success_url="privacy:retention", template=template, context=context
    )


def _subject_forms(request: HttpRequest, form_class, *, only_not_erased: bool) -> list:
    """One form per subject of the registry, bound when the POST names that subject's field."""
    forms = []
    for subject in registry.subjects.values():
        records = subject.choice_queryset(subject.model.objects.for_user(request.user))
        if only_not_erased:
            records = not_erased(records)
        name = subject.lookup_field or subject.key
        data = request.POST if request.method == "POST" and name in request.POST else None
        forms.append(form_class(data, subject=subject, records=records))
    return forms


def _context(forms) -> dict:
    # `<subject>_form` too, so a test or a template can name one.
    return {"forms": forms, **{f"{form.subject.key}_form": form for form in forms}}


def _named(subject, person) -> str:
    """How the page names her: by her lookup field (the case number), else the subject and the row's id."""
    return getattr(person, subject.lookup_field) if subject.lookup_field else f"{subject.label} {person.pk}"


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
    """Register extract for one person of any subject (a resident, a contact woman), as a PDF."""
    forms = _subject_forms(request, SubjectLookupForm, only_not_erased=False)
    for form in forms:
        if not (form.is_bound and form.is_valid()):
            continue
        subject, person = form.subject, form.record
        result = build_extract(person, subject=subject)
        if subject.account:
            account = getattr(person, subject.account)
            result.sections.insert(0, account_section(account))
            account_events = AuditEvent.objects.filter(object_type=account._meta.label_lower, object_id=str(account.pk))
            result.access_log = sorted([*result.access_log, *account_events], key=lambda event: (event.at, event.id))
        record(request, Action.EXPORT, person, detail={"format": "pdf", "register_extract": True})
        return _pdf_response(
            request,
            title=_("Register extract"),
            extract=result,
            filename=f"{subject.extract_file_prefix}-{person.pk}.pdf",
            subject=_named(subject, person),
        )
    return render(request, "privacy/extract.html", _context(forms))


def erase(request: HttpRequest) -> HttpResponse:
    """Erasure on request: a first POST shows what will happen, a second (with confirm) does it."""
    forms = _subject_forms(request, SubjectErasureForm, only_not_erased=True)
    confirmed = request.POST.get("confirm") == "yes"
    for form in forms:
        if not (form.is_bound and form.is_valid()):
            continue
        subject, person = form.subject, form.record
        context = {"form": form, "subject": subject, "person": person, "named": _named(subject, person)}
        if not confirmed:
            return render(request, "privacy/erase_confirm.html", context)
        if subject.law_check and not form.cleaned_data["law_allows"]:
            form.add_error("law_allows", _("Confirm that the law allows erasure."))
            return render(request, "privacy/erase_confirm.html", context)
        erase_record(subject.key, person, reason=ErasureReason.REQUEST, by=request.user)
        record(request, Action.DELETE, person, detail={"erasure": "request"})
        messages.success(request, _("The record is erased. What the reports count is kept without her identity."))
        return redirect("privacy:erase")
    return render(request, "privacy/erase.html", _context(forms))
