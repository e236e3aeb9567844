from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jour.audit.log import record_form_save
from jour.audit.models import Action, AuditEvent

from .forms import RetentionPolicyForm
from .models import RetentionPolicy


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
