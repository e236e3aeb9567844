"""The create or edit page of one model form: on a valid POST save it as this user, audit it, say so, redirect.

Every page that writes a record did the same steps by hand — bind, validate, save, set who did it, save the
many-to-many, write the audit event, put the message, redirect; else render the form with its errors. Here
they are written once, so none can be forgotten on the next page:

    @save_once
    def goal_edit(request, pk):
        goal = _get_goal_for_edit(request, pk)
        form = GoalForm(request.POST or None, instance=goal)
        done = reverse("plans:stay_plan", args=[goal.plan.stay_id])
        return form_page(request, form, message=_("The goal is saved."), success_url=done, template="plans/form.html")

- A new record is audited as a create, a changed one as a change naming the fields the form changed
  (`record_form_save`); an edit that changed nothing writes nothing: no event, no new version, no "changed by".
- Who did it is set by the system, never typed into a form: `created_by` on a new record and `updated_by` on
  every save, where the model has them (the names jour/lib/models.py's `Authored` and `Changed` give them).
  Any other value the form does not hold — the parent, an author under another name — is passed as `values`.
- The page's one-time token (`@save_once`) and lost-update check (`VersionedForm`) work as before: they sit in
  the decorator and the form, and this helper answers a saved POST with the redirect they look for.

A page whose save goes through a service (a rule spanning models, which may refuse the save and put the reason
next to a field) keeps its own `if form.is_valid()` branch and calls `save_audited` — or, where the service
saves, `record_form_save` — itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django import forms
from django.contrib import messages
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from jour.audit.log import record_form_save

CREATED_BY = "created_by"
UPDATED_BY = "updated_by"

Message = str | Callable[[models.Model], str]


def save_audited(
    request: HttpRequest,
    form: forms.ModelForm,
    *,
    message: Message,
    values: Mapping[str, object] | None = None,
    detail: dict | None = None,
) -> models.Model:
    """Save a validated model form as `request.user`: `values` and who did it set first, audited, `message` shown.

    `message` may be a function of the saved record (a code it was given on saving); `detail` goes into the
    audit event (codes and counts only, never a person's data).
    """
    created = form.instance._state.adding
    if not created and not values and not form.has_changed():
        # Nothing to write: no "changed by" she did not do, no new version (another open tab stays valid).
        messages.success(request, message(form.instance) if callable(message) else message)
        return form.instance
    saved = form.save(commit=False)
    for name, value in (values or {}).items():
        setattr(saved, name, value)
    _set_who_did_it(saved, request.user, created=created)
    saved.save()
    form.save_m2m()
    record_form_save(request, form, saved, created=created, detail=detail)
    messages.success(request, message(saved) if callable(message) else message)
    return saved


def form_page(
    request: HttpRequest,
    form: forms.ModelForm,
    *,
    message: Message,
    success_url: str | Callable[[models.Model], str],
    template: str,
    context: Mapping[str, object] | None = None,
    values: Mapping[str, object] | None = None,
) -> HttpResponse:
    """The whole page: a valid POST is saved (`save_audited`) and redirected; otherwise the form is rendered.

    `success_url` is a URL or a view name without arguments, or a function of the saved record giving one
    (a new record's own page). `template` gets `form` and `context`.
    """
    if request.method == "POST" and form.is_valid():
        saved = save_audited(request, form, message=message, values=values)
        return redirect(success_url(saved) if callable(success_url) else success_url)
    return render(request, template, {"form": form, **(context or {})})


def _set_who_did_it(record: models.Model, user, *, created: bool) -> None:
    field_names = {field.name for field in record._meta.concrete_fields}
    if created and CREATED_BY in field_names and getattr(record, f"{CREATED_BY}_id") is None:
        setattr(record, CREATED_BY, user)
    if UPDATED_BY in field_names:
        setattr(record, UPDATED_BY, user)
