"""The server's entry point (what gunicorn imports in each worker)."""

import os
import subprocess
import sys

from django.conf import settings


def test_a_worker_keeps_what_it_loaded_out_of_full_garbage_collections():
    # A full collection walks every tracked object; what the worker loaded at start is frozen, so only what
    # requests make is walked (docs/benchmarks.md: the p95 of the long lists).
    script = "import gc; before = gc.get_freeze_count(); import jour.wsgi; print(before, gc.get_freeze_count())"
    command = [sys.executable, "-c", script]
    result = subprocess.run(command, cwd=settings.BASE_DIR, env=os.environ, capture_output=True, text=True, check=True)
    before, after = (int(n) for n in result.stdout.split())
    assert before == 0 and after > 10_000
