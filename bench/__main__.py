"""Run one of the benchmark commands against the database DATABASE_URL points at (never a production one):

    DEBUG=1 python3 bin/devdb.py --throwaway -- bash -c \
        '.venv/bin/python manage.py migrate -v 0 && .venv/bin/python -m bench contact_stats --yes'
    ... && .venv/bin/python -m bench report_pdf --year 2025 --generate

They are Django management commands kept out of the apps (a production install carries no benchmark code);
`python -m bench NAME --help` lists a command's options. `make bench` (bench/run.py) is the load test.
"""

from __future__ import annotations

import importlib
import os
import sys

COMMANDS = {
    "contact_stats": "time contact_statistics() for a year among 1.5 million contacts",
    "report_pdf": "time the follow-up report PDF for a year with 150 000 contacts",
}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        usage = "\n".join(f"  {name:<15}{what}" for name, what in COMMANDS.items())
        sys.exit(f"usage: python -m bench NAME [options]\n{usage}")
    name = sys.argv[1]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jour.settings")
    import django

    django.setup()
    command = importlib.import_module(f"bench.{name}").Command()
    command.run_from_argv(["python -m bench", name, *sys.argv[2:]])


if __name__ == "__main__":
    main()
