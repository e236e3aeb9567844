"""Deploy checks (`manage.py check --deploy`): the app's database role must not be able to rewrite the audit log."""

from __future__ import annotations

from django.core.checks import Error, register
from django.db import DatabaseError, connection

from jour.audit.models import AuditEvent

from .dbroles import ROLE_PROBLEMS_SQL, role_problems


@register("jour", deploy=True)
def app_role_cannot_rewrite_the_audit_log(app_configs, **kwargs) -> list[Error]:
    """The role in DATABASE_URL must be the app role of docs/deployment.md: it owns nothing and may
    neither truncate the audit log nor alter, disable or drop its triggers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute(ROLE_PROBLEMS_SQL, {"table": AuditEvent._meta.db_table})
            row = cursor.fetchone()
    except DatabaseError as error:
        return [Error(f"Could not inspect the database role: {error}", id="jour.E101")]
    problems = role_problems(row) if row else ["is not found in pg_roles"]
    if not problems:
        return []
    return [
        Error(
            f"The app's database role ({connection.settings_dict['USER']}) {', '.join(problems)}: it could rewrite "
            "or switch off the audit log.",
            hint="Connect the app as the app role and run migrations as the owner role (bin/install-server, "
            "docs/deployment.md).",
            id="jour.E100",
        )
    ]
