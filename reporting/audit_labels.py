"""How the audit log names reporting records: a report by its period and version, a register entry by its date."""

from django.apps import apps

from jour.audit.labels import by_pk, by_value, labeller

from .models import FollowUpReport, RegisterEntry


@labeller("reporting.followupreport")
def reports(ids):
    return by_pk(
        FollowUpReport.objects.only("period_start", "period_end", "version"),
        ids,
        lambda r: f"{r.period_label} v{r.version}",
    )


def _by_date(model):
    return labeller(model._meta.label_lower)(lambda ids: by_value(model.objects.all(), ids, "date"))


for _model in apps.get_app_config("reporting").get_models():
    if issubclass(_model, RegisterEntry):
        _by_date(_model)
