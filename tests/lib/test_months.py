import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import translation

from jour.lib.months import local_bounds, month_labels, month_starts


def test_month_starts_from_the_month_of_the_start_to_the_month_of_the_end():
    assert month_starts(dt.date(2025, 11, 15), dt.date(2026, 2, 1)) == [
        dt.date(2025, 11, 1),
        dt.date(2025, 12, 1),
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 1),
    ]
    assert month_starts(dt.date(2026, 1, 31), dt.date(2026, 1, 31)) == [dt.date(2026, 1, 1)]
    assert len(month_starts(dt.date(2025, 1, 1), dt.date(2026, 12, 31))) == 24


def test_local_bounds_are_local_midnights_across_daylight_saving():
    since, until = local_bounds(dt.date(2026, 3, 29), dt.date(2026, 3, 29))  # clocks go forward that night
    sthlm = ZoneInfo("Europe/Stockholm")
    assert since == dt.datetime(2026, 3, 29, tzinfo=sthlm) and until == dt.datetime(2026, 3, 30, tzinfo=sthlm)
    assert until.astimezone(dt.UTC) - since.astimezone(dt.UTC) == dt.timedelta(hours=23)


def test_month_labels_short_within_a_year_with_the_year_beyond():
    with translation.override("sv"):
        assert month_labels(month_starts(dt.date(2026, 1, 1), dt.date(2026, 5, 31))) == [
            "jan",
            "feb",
            "mar",
            "apr",
            "maj",
        ]
        assert month_labels(month_starts(dt.date(2025, 1, 1), dt.date(2026, 1, 31)))[:2] == ["2025-01", "2025-02"]
