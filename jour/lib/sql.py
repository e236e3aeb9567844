"""Table names for raw SQL, from the models' `_meta`: renaming a table or an app leaves no query behind."""

from django.db import connection
from django.db.models import Model


def table(model: type[Model]) -> str:
    """The model's table, quoted for the database."""
    return connection.ops.quote_name(model._meta.db_table)
