"""Run the same work in several threads at the same moment, each on its own database connection."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def at_once(work: Callable[[int], None], times: int = 2, *, timeout: float = 60) -> None:
    """Start `times` threads running `work(index)` together (behind a barrier) and wait for all of them.

    Django opens a connection per thread; each thread closes its own when its work is done.
    """
    start = threading.Barrier(times)

    def run(index: int) -> None:
        try:
            start.wait(timeout=timeout)
            work(index)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
