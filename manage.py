#!/usr/bin/env python
import os
import sys

# Commands that read only the code run on a fresh checkout without the server's secrets: they serve no
# request and read no data (makemigrations only warns when no database answers). Anything set wins.
CODE_ONLY_COMMANDS = {"makemigrations", "makemessages", "compilemessages"}

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jour.settings")
    if sys.argv[1:2] and sys.argv[1] in CODE_ONLY_COMMANDS and "SECRET_KEY" not in os.environ:
        os.environ.setdefault("DEBUG", "1")
        os.environ.setdefault("DATABASE_URL", "postgres://unused@127.0.0.1:1/unused")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
