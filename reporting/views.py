from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jour.access.scope import get_for_user
from jour.audit.log import record, record_form_save, shows
from jour.audit.models import Action
from jour.lib.formpages import form_page
from jour.lib.formtoken import save_once
from jour.shelter.models import ShelterProfile

from . import services
from .document import document_for
from .forms import AnswerFormSet, QuestionFormSet, RegisterFilterForm, ReportForm
from .models import FollowUpReport
from .output import render_csv, render_pdf, render_xlsx
from .registers import REGISTERS, Register, cells, headers

PAGE_SIZE = 25
REPORT_FORM = "reporting/report_form.html"
REGISTER_FORM = "reporting/register_form.html"


def _get_report_for_user(request: HttpRequest, pk: int) -> FollowUpReport:
    return get_for_user(request, FollowUpReport.objects.select_related("municipality"), pk=pk)


def _get_draft_for_user(request: HttpRequest, pk: int) -> FollowUpReport:
    report = _get_report_for_user(request, pk)
    if report.is_sent:
        # A sent report is frozen: the edit pages of it do not exist.
        raise Http404
    return report


def _get_register(slug: str) -> Register:
    try:
        return REGISTERS[slug]
    except KeyError:
        raise Http404 from None


def index(request: HttpRequest) -> HttpResponse:
    reports = FollowUpReport.objects.for_user(request.user).select_related("municipality")
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reporting/index.html", {"page": page, "registers": REGISTERS.values()})


# Reports ---------------------------------------------------------------------------------------


@save_once
def report_create(request: HttpRequest) -> HttpResponse:
    profile = ShelterProfile.load()
    form = ReportForm(
        request.POST or None, initial=ReportForm.initial_for_new(municipality_code=profile.municipality_id)
    )
    if request.method == "POST" and form.is_valid():
        report = services.report_create(report=form.save(commit=False), by=request.user)
        record_form_save(request, form, report, created=True)
        messages.success(request, _("The report is created as a draft with the questions of the previous report."))
        return redirect("reporting:report_answers", pk=report.pk)
    return render(request, REPORT_FORM, {"form": form, "report": None})


@save_once
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_draft_for_user(request, pk)
    form = ReportForm(request.POST or None, instance=report)
    done, message = reverse("reporting:report_detail", args=[report.pk]), _("The report is saved.")
    context = {"report": report}
    return form_page(request, form, message=message, success_url=done, template=REPORT_FORM, context=context)


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The HTML preview: exactly what the PDF shows, plus links to the lists the numbers come from."""
    report = _get_report_for_user(request, pk)
    document = document_for(report)
    others = report.same_period_reports().order_by("-version")
    return render(
        request,
        "reporting/report_detail.html",
        {"report": report, "doc": document, "others": others},
    )


@save_once
def report_answers(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_draft_for_user(request, pk)
    formset = AnswerFormSet(request.POST or None, queryset=report.questions.order_by("position", "id"))
    if request.method == "POST" and formset.is_valid():
        changed = [form for form in formset.forms if form.has_changed()]
        formset.save()
        for form in changed:
            record_form_save(request, form, form.instance, created=False)
        report.save(update_fields=["updated_at"])
        messages.success(request, _("The answers are saved."))
        return redirect("reporting:report_detail", pk=report.pk)
    return render(request, "reporting/report_answers.html", {"report": report, "formset": formset})


def report_questions(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_draft_for_user(request, pk)
    formset = QuestionFormSet(
        request.POST or None, queryset=report.questions.order_by("position", "id"), prefix="questions"
    )
    if request.method == "POST" and formset.is_valid():
        questions = formset.save(commit=False)
        for question in questions:
            question.report = report
            question.save()
        for question in formset.deleted_objects:
            record(request, Action.DELETE, question)
            question.delete()
        for form in formset.forms:
            if form.instance.pk and form.has_changed() and form not in formset.deleted_forms:
                record_form_save(request, form, form.instance, created=form in formset.extra_forms)
        messages.success(request, _("The questions are saved."))
        return redirect("reporting:report_answers", pk=report.pk)
    return render(request, "reporting/report_questions.html", {"report": report, "formset": formset})


@require_POST
def report_send(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_draft_for_user(request, pk)
    report = services.report_mark_sent(report=report, by=request.user)
    record(request, Action.CHANGE, report, fields=["status", "snapshot"])
    messages.success(request, _("The report is marked as sent. Its texts and numbers are now kept as sent."))
    return redirect("reporting:report_detail", pk=report.pk)


@require_POST
def report_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_report_for_user(request, pk)
    with transaction.atomic():
        draft = services.report_new_version(report=report, by=request.user)
    record(request, Action.CREATE, draft, detail={"from_report": report.pk})
    messages.success(request, _("A new version is started as a draft."))
    return redirect("reporting:report_answers", pk=draft.pk)


def _download(request: HttpRequest, report: FollowUpReport, *, content: bytes, fmt: str, rows: int, mime: str):
    shows(request, report, format=fmt, rows=rows, status=report.status)
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{report.file_stem}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_report_for_user(request, pk)
    document = document_for(report)
    content = render_pdf(document, draft=not report.is_sent)
    return _download(
        request, report, content=content, fmt="pdf", rows=len(document["questions"]), mime="application/pdf"
    )


def report_csv(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_report_for_user(request, pk)
    content, rows = render_csv(document_for(report))
    return _download(request, report, content=content, fmt="csv", rows=rows, mime="text/csv; charset=utf-8")


def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_report_for_user(request, pk)
    content, rows = render_xlsx(document_for(report))
    return _download(
        request,
        report,
        content=content,
        fmt="xlsx",
        rows=rows,
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# Registers -------------------------------------------------------------------------------------


def _get_entry_for_user(request: HttpRequest, register: Register, pk: int):
    return get_for_user(request, register.model.objects.all(), pk=pk)


def register_list(request: HttpRequest, register: str) -> HttpResponse:
    reg = _get_register(register)
    entries = reg.model.objects.for_user(request.user)
    filters = RegisterFilterForm(request.GET or None)
    if filters.is_valid():
        if filters.cleaned_data["date_from"]:
            entries = entries.filter(date__gte=filters.cleaned_data["date_from"])
        if filters.cleaned_data["date_to"]:
            entries = entries.filter(date__lte=filters.cleaned_data["date_to"])
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    shows(request, object_type=reg.model._meta.label_lower, rows=len(page.object_list))
    today = timezone.localdate()
    rows = [
        (entry.pk, cells(reg, entry), reg.warnings(entry, today) if reg.warnings else []) for entry in page.object_list
    ]
    return render(
        request,
        "reporting/register_list.html",
        {"register": reg, "page": page, "rows": rows, "headers": headers(reg), "filters": filters},
    )


@save_once
def register_create(request: HttpRequest, register: str) -> HttpResponse:
    reg = _get_register(register)
    return _register_form_page(request, reg, reg.form(request.POST or None), entry=None)


@save_once
def register_edit(request: HttpRequest, register: str, pk: int) -> HttpResponse:
    reg = _get_register(register)
    entry = _get_entry_for_user(request, reg, pk)
    return _register_form_page(request, reg, reg.form(request.POST or None, instance=entry), entry=entry)


def _register_form_page(request: HttpRequest, reg: Register, form, *, entry) -> HttpResponse:
    done, message = reverse("reporting:register_list", args=[reg.slug]), _("The entry is saved.")
    context = {"register": reg, "entry": entry}
    return form_page(request, form, message=message, success_url=done, template=REGISTER_FORM, context=context)
