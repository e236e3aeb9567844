import datetime as dt

from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from jour.lib.rows import short_dates, url_for_pk


def test_url_for_pk_is_reverse():
    for name in ("residents:resident_detail", "plans:orientation", "volunteers:match_detail"):
        url = url_for_pk(name)
        assert [url(pk) for pk in (1, 9, 987654321, 12345678901)] == [
            reverse(name, args=[pk]) for pk in (1, 9, 987654321, 12345678901)
        ]


def test_short_dates_are_the_templates_date_filter_in_each_language():
    template = Template('{{ value|date:"SHORT_DATE_FORMAT" }}')
    for language in ("sv", "en"):
        with translation.override(language):
            short = short_dates()
            for value in (dt.date(2026, 3, 4), dt.date(1999, 12, 31), dt.date(2026, 3, 4), None):
                assert short(value) == template.render(Context({"value": value}))
    assert short(dt.date(2026, 3, 4)) == "2026-03-04"
