"""The one way to make a PDF: WeasyPrint with a URL fetcher that reads only the app's static files and data: URLs.

WeasyPrint's default fetcher follows file://, http:// and https:// URLs. A text that reached a PDF template
unescaped, or a stylesheet naming `file:///etc/…`, could then put a server file into a PDF or make the server
call out. Here every other URL is refused (WeasyPrint leaves that image or stylesheet out and goes on).
tests/security/test_pdf_fetcher.py checks that no other module calls WeasyPrint.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation

# Relative URLs in a PDF template ("/static/css/x.css") resolve against this made-up origin; the fetcher
# maps it to the static files and nothing else. ".invalid" can never be a real host (RFC 2606).
BASE_URL = "https://jour-pdf.invalid/"


class RefusedURL(ValueError):
    pass


def static_path_for(url: str) -> str | None:
    """The file behind one of the app's static URLs, or None."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != BASE_URL or parts.query:
        return None
    path = unquote(parts.path)
    if not path.startswith(settings.STATIC_URL):
        return None
    try:
        found = finders.find(path.removeprefix(settings.STATIC_URL))
    except SuspiciousFileOperation:  # ../ out of a static folder
        return None
    return found if isinstance(found, str) else None


def _fetcher_class():
    from weasyprint.urls import URLFetcher  # WeasyPrint takes about a second to import: only for PDFs

    class StaticOnlyURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = static_path_for(url)
            if path is None:
                raise RefusedURL(f"PDF may not fetch {url[:80]!r}")
            # The file itself (not through urllib's file:// handler, which accepts any path).
            from weasyprint.urls import URLFetcherResponse

            with open(path, "rb") as handle:
                return URLFetcherResponse(url, handle.read(), headers={"Content-Type": _content_type(path)})

    return StaticOnlyURLFetcher


def _content_type(path: str) -> str:
    import mimetypes

    return mimetypes.guess_type(path)[0] or "application/octet-stream"


def url_fetcher():
    return _fetcher_class()(allowed_protocols=["data", "https"], allow_redirects=False)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=BASE_URL, url_fetcher=url_fetcher()).write_pdf()
