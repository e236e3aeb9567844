from jour.lib.pdf import html_to_pdf


def render_pdf(html: str) -> bytes:
    return html_to_pdf(html)
