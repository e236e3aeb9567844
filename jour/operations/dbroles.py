"""The two PostgreSQL roles of every Jour database, in one place.

The *owner* role owns the database and every table and function in it and runs the migrations. The *app*
role, which the web app and its timers connect as, may only SELECT, INSERT, UPDATE and DELETE rows (and use
sequences): it owns nothing, so it can neither ALTER, DISABLE nor DROP a trigger, nor replace a trigger's
function, and it has no TRUNCATE. The audit log's trigger (jour/audit/migrations) therefore binds it.

Used by bin/devdb.py (make run, make test, make bench), bin/install-server and bin/restore, the test
suite's database set-up and the deploy system check: standard library only, since bin/devdb.py runs
before the virtualenv exists. The functions return SQL; each caller runs it with what it has (psql,
psycopg2, Django's connection).
"""

from __future__ import annotations

# Privileges the app role gets on every table and sequence the owner creates (default privileges), and
# nothing more. UPDATE on sequences lets the demo loader set a counter (setval); it cannot ALTER them.
APP_TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
APP_SEQUENCE_PRIVILEGES = "USAGE, SELECT, UPDATE"


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def roles_sql(*, owner: str, app: str, owner_password: str, app_password: str, owner_creates_databases=False) -> str:
    """Create or update both login roles (run as a superuser). Neither is a superuser; the app role
    is no member of the owner role and may create neither roles nor databases. The owner may create
    databases only on a development or test cluster (the test suite's database is made by it)."""
    statements = []
    for role in (owner, app):
        statements.append(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {literal(role)}) THEN "
            f"CREATE ROLE {ident(role)}; END IF; END $$;"
        )
    createdb = "CREATEDB" if owner_creates_databases else "NOCREATEDB"
    statements += [
        f"ALTER ROLE {ident(owner)} LOGIN NOSUPERUSER NOCREATEROLE {createdb} NOREPLICATION NOBYPASSRLS "
        f"PASSWORD {literal(owner_password)};",
        f"ALTER ROLE {ident(app)} LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOREPLICATION NOBYPASSRLS NOINHERIT "
        f"PASSWORD {literal(app_password)};",
    ]
    return "\n".join(statements)


def database_exists_sql(database: str) -> str:
    return f"SELECT 1 FROM pg_database WHERE datname = {literal(database)}"  # noqa: S608 (quoted literal)


def create_database_sql(*, database: str, owner: str) -> str:
    """Run as a superuser when database_exists_sql finds nothing (CREATE DATABASE cannot run in a block)."""
    return f"CREATE DATABASE {ident(database)} OWNER {ident(owner)} ENCODING 'UTF8' TEMPLATE template0;"


def database_access_sql(*, database: str, owner: str, app: str) -> str:
    """Run as a superuser: the owner owns the database; only these two roles may connect to it
    (another instance's roles on the same server may not)."""
    return "\n".join(
        [
            f"ALTER DATABASE {ident(database)} OWNER TO {ident(owner)};",
            f"REVOKE ALL ON DATABASE {ident(database)} FROM PUBLIC;",
            f"GRANT CONNECT, TEMPORARY ON DATABASE {ident(database)} TO {ident(app)};",
        ]
    )


def adopt_objects_sql(*, previous: str, owner: str) -> str:
    """Run as a superuser inside the database: objects an earlier set-up let another role own
    (the app role migrated before the split) pass to the owner."""
    return f"REASSIGN OWNED BY {ident(previous)} TO {ident(owner)};"


def privileges_sql(*, owner: str, app: str) -> str:
    """Run inside the database as the owner (or a superuser); idempotent. The app role gets row
    privileges on what exists now and, through default privileges, on everything the owner creates
    later (every migration)."""
    o, a = ident(owner), ident(app)
    tables, sequences = APP_TABLE_PRIVILEGES, APP_SEQUENCE_PRIVILEGES
    return "\n".join(
        [
            "REVOKE CREATE ON SCHEMA public FROM PUBLIC;",
            f"GRANT USAGE ON SCHEMA public TO {a};",
            f"GRANT {tables} ON ALL TABLES IN SCHEMA public TO {a};",
            f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {a};",
            f"GRANT {sequences} ON ALL SEQUENCES IN SCHEMA public TO {a};",
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA public GRANT {tables} ON TABLES TO {a};",
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA public GRANT {sequences} ON SEQUENCES TO {a};",
        ]
    )


# What the connected role could do to the audit log beyond appending to it. One row; every column
# must be false for the app's role (the deploy system check, jour/operations/checks.py).
ROLE_PROBLEMS_SQL = """
SELECT r.rolsuper,
       r.rolcreaterole,
       r.rolbypassrls,
       EXISTS (SELECT FROM pg_class c
               WHERE c.relnamespace = 'public'::regnamespace AND pg_has_role(current_user, c.relowner, 'MEMBER')),
       EXISTS (SELECT FROM pg_proc p
               WHERE p.pronamespace = 'public'::regnamespace AND pg_has_role(current_user, p.proowner, 'MEMBER')),
       COALESCE(has_table_privilege(current_user, to_regclass(%(table)s), 'TRUNCATE'), false),
       COALESCE(has_table_privilege(current_user, to_regclass(%(table)s), 'TRIGGER'), false),
       pg_has_role(current_user, (SELECT datdba FROM pg_database WHERE datname = current_database()), 'MEMBER')
FROM pg_roles r WHERE r.rolname = current_user
"""
ROLE_PROBLEMS = (
    "is a superuser",
    "may create roles",
    "bypasses row security",
    "owns tables",
    "owns functions (a trigger's function could be replaced)",
    "may TRUNCATE the audit log",
    "may create triggers on the audit log",
    "owns the database",
)


def role_problems(row) -> list[str]:
    """The names of the powers ROLE_PROBLEMS_SQL found the connected role to have."""
    return [problem for problem, present in zip(ROLE_PROBLEMS, row, strict=True) if present]
