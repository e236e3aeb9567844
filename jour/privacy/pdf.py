from django.conf import settings


def render_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint takes about a second to import and only exports need it.
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
