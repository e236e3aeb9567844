"""What holds for every connection the app makes to its database."""

from django.db import connection


def test_the_apps_connections_never_compile_queries_with_jit(db):
    # The board's places query ran 2.5 ms and was compiled for 230-360 ms (a premises table too small for
    # autovacuum to analyse is estimated at hundreds of rows): JIT is off for every connection of the app.
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
