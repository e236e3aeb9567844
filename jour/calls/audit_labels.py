"""How the audit log names support-line records: a contact by its time, a recurring contact by its code."""

from django.utils import timezone

from jour.audit.labels import by_value, int_ids, labeller

from .models import RecurringContact, SupportContact


@labeller("calls.supportcontact")
def contacts(ids):
    rows = SupportContact.objects.filter(pk__in=int_ids(ids)).values_list("pk", "started_at")
    return {str(pk): f"{timezone.localtime(at):%Y-%m-%d %H:%M}" for pk, at in rows}


@labeller("calls.recurringcontact")
def recurring_contacts(ids):
    return by_value(RecurringContact.objects.all(), ids, "code")
