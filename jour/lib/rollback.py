"""A request whose changes are rolled back must not say it saved them.

A page queues its "saved" message as it saves (jour/lib/formpages.py); when something later in the same
request fails — a save that lost the race (409), the database gone (503), any error (500) — the transaction
is rolled back, but the queued message would still be stored on the way out and shown on her next page.
"""

from django.contrib import messages
from django.http import HttpRequest


def drop_messages(request: HttpRequest) -> None:
    """Drop the request's messages: none is carried to the next page, nor shown on this one."""
    storage = messages.get_messages(request)
    for _message in storage:  # iterated, the storage is "used": it stores nothing for the next request
        pass
    # Iterating keeps them for this response (a page rendering `messages` would still list them): forget them.
    loaded = getattr(storage, "_loaded_messages", None)
    if loaded is not None:
        loaded.clear()
