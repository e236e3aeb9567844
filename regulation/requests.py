"""The figures of the placement requests of a period, in SQL: requests, offered, turned away by reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Avg, Count, ExpressionWrapper, F, Sum, fields
from django.utils.translation import gettext_lazy as _

from jour.lib.months import local_bounds

from .models import OFFERED_OUTCOMES, PlacementRequest, RequestOutcome, RequestSource, TurnedAwayReason

RULE_REQUESTS = _(
    "Requests for a place received in the period (date and time of the request), from social services, the "
    "woman herself or others; each request counts once with the adults and children it was for. Offered a place: "
    "admitted, or offered and not taken. Turned away: refused by the jour, by its reason; referrals to another "
    "jour and withdrawn requests are counted apart."
)


@dataclass(frozen=True)
class RequestStatistics:
    requests: int = 0
    adults: int = 0
    children: int = 0
    by_outcome: dict[str, int] = field(default_factory=dict)  # requests per outcome
    turned_away_by_reason: dict[str, int] = field(default_factory=dict)  # requests per reason
    turned_away_adults: int = 0
    turned_away_children: int = 0
    offered: int = 0  # requests offered a place (admitted or offered, not taken)
    offered_adults: int = 0
    offered_children: int = 0
    mean_hours_to_answer: float | None = None

    @property
    def turned_away(self) -> int:
        return self.by_outcome.get(RequestOutcome.TURNED_AWAY, 0)


# Requests made without the social services: by the woman herself, another jour or anyone else.
WITHOUT_SOCIAL_SERVICES = (RequestSource.HERSELF, RequestSource.OTHER_JOUR, RequestSource.OTHER)


def requests_in(
    *,
    start: dt.date,
    end: dt.date,
    source: str | None = None,
    sources: tuple[str, ...] | None = None,
    municipality_code: str | None = None,
):
    since, until = local_bounds(start, end)
    requests = PlacementRequest.objects.filter(received_at__gte=since, received_at__lt=until)
    if source:
        requests = requests.filter(source=source)
    if sources is not None:
        requests = requests.filter(source__in=sources)
    if municipality_code:
        requests = requests.filter(municipality_id=municipality_code)
    return requests


def request_statistics(
    *,
    start: dt.date,
    end: dt.date,
    source: str | None = None,
    sources: tuple[str, ...] | None = None,
    municipality_code: str | None = None,
) -> RequestStatistics:
    """Requests received from `start` to `end` (inclusive, local dates), optionally of one source (or several)
    or one municipality, in two queries."""
    requests = requests_in(start=start, end=end, source=source, sources=sources, municipality_code=municipality_code)
    by_outcome = {value: 0 for value in RequestOutcome.values}
    by_reason = {value: 0 for value in TurnedAwayReason.values}
    totals = {"n": 0, "adults": 0, "children": 0}
    turned = {"adults": 0, "children": 0}
    offered = {"n": 0, "adults": 0, "children": 0}
    rows = (
        requests.values("outcome", "turned_away_reason")
        .annotate(n=Count("id"), adults=Sum("adults"), children=Sum("children"))
        .order_by()
    )
    for row in rows:
        n, adults, children = row["n"], row["adults"] or 0, row["children"] or 0
        by_outcome[row["outcome"]] += n
        totals["n"] += n
        totals["adults"] += adults
        totals["children"] += children
        if row["outcome"] == RequestOutcome.TURNED_AWAY:
            by_reason[row["turned_away_reason"]] += n
            turned["adults"] += adults
            turned["children"] += children
        if row["outcome"] in OFFERED_OUTCOMES:
            offered["n"] += n
            offered["adults"] += adults
            offered["children"] += children
    wait = ExpressionWrapper(F("answered_at") - F("received_at"), output_field=fields.DurationField())
    mean = requests.filter(answered_at__isnull=False).aggregate(mean=Avg(wait))["mean"]
    return RequestStatistics(
        requests=totals["n"],
        adults=totals["adults"],
        children=totals["children"],
        by_outcome=by_outcome,
        turned_away_by_reason=by_reason,
        turned_away_adults=turned["adults"],
        turned_away_children=turned["children"],
        offered=offered["n"],
        offered_adults=offered["adults"],
        offered_children=offered["children"],
        mean_hours_to_answer=None if mean is None else mean.total_seconds() / 3600,
    )
