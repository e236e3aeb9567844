from __future__ import annotations

from django.http import HttpResponse


def download(content: bytes, *, filename: str, mime: str) -> HttpResponse:
    """A file download; `filename` holds a year or an id, never a name."""
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
