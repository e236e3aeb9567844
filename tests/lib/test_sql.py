from django.db import connection

from jour.audit.models import AuditEvent
from jour.lib.sql import table
from residents.models import Stay


def test_a_table_name_comes_from_the_model_quoted():
    assert table(Stay) == connection.ops.quote_name(Stay._meta.db_table) == '"residents_stay"'
    assert table(AuditEvent) == '"audit_auditevent"'
