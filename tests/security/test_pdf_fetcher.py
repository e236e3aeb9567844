"""Issue 14 item 7: WeasyPrint fetches nothing but the app's static files and data: URLs."""

import base64
import io
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader

from jour.lib.pdf import BASE_URL, static_path_for
from jour.privacy.pdf import render_pdf


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def secret_stylesheet(tmp_path):
    """A file on the server that a PDF must never read: a stylesheet that would print a marker."""
    path = tmp_path / "secret.css"
    path.write_text('body::before { content: "SERVER-FILE-READ"; }')
    return path


@pytest.fixture
def http_server():
    """A server on 127.0.0.1 that counts the requests it gets."""
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            body = b'body::before { content: "HTTP-FETCHED"; }'
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()


def test_file_urls_are_not_fetched(secret_stylesheet):
    html = (
        f'<html><head><link rel="stylesheet" href="file://{secret_stylesheet}"></head>'
        f'<body><p>Plan</p><img src="file:///etc/passwd"></body></html>'
    )
    text = _text(render_pdf(html))
    assert "Plan" in text
    assert "SERVER-FILE-READ" not in text


def test_relative_paths_do_not_reach_the_servers_files():
    # Before, the privacy PDFs resolved relative URLs against the project folder.
    html = '<html><head><link rel="stylesheet" href="static/css/../../jour/settings.py"></head><body>x</body></html>'
    assert _text(render_pdf(html)).strip() == "x"


def test_http_urls_are_not_fetched(http_server):
    url, hits = http_server
    html = (
        f'<html><head><link rel="stylesheet" href="{url}/style.css"></head>'
        f'<body><p>Plan</p><img src="{url}/pixel.png"></body></html>'
    )
    text = _text(render_pdf(html))
    assert hits == []
    assert "HTTP-FETCHED" not in text


def test_data_urls_and_the_apps_static_files_are_fetched(tmp_path, settings):
    css = base64.b64encode(b'body::before { content: "DATA-URL-OK"; }').decode()
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "pdf-test.css").write_text('body::after { content: "STATIC-OK"; }')
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, str(tmp_path)]
    html = (
        f'<html><head><link rel="stylesheet" href="data:text/css;base64,{css}">'
        f'<link rel="stylesheet" href="{settings.STATIC_URL}css/pdf-test.css"></head><body>x</body></html>'
    )
    text = _text(render_pdf(html))
    assert "DATA-URL-OK" in text and "STATIC-OK" in text


@pytest.mark.parametrize(
    "url",
    [
        BASE_URL + "static/../jour/settings.py",
        BASE_URL + "static/%2e%2e/%2e%2e/jour/settings.py",
        BASE_URL + "jour/settings.py",
        "https://jour-pdf.invalid.example.org/static/css/jour.css",
        "file:///etc/passwd",
    ],
)
def test_only_static_files_map_to_a_path(url):
    assert static_path_for(url) is None


def test_a_static_url_maps_to_its_file():
    assert static_path_for(BASE_URL + "static/css/jour.css").endswith("static/css/jour.css")


def test_every_pdf_goes_through_the_one_fetcher():
    root = Path(settings.BASE_DIR)
    offenders = []
    for directory in ["jour", "residents", "volunteers", "reporting"]:
        for path in (root / directory).rglob("*.py"):
            if path.match("jour/lib/pdf.py"):
                continue
            if re.search(r"from weasyprint import|import weasyprint|weasyprint\.HTML", path.read_text()):
                offenders.append(str(path.relative_to(root)))
    assert offenders == []
