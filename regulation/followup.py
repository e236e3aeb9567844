"""What the regulated service contributes to the follow-up report (reporting/figures.py's hooks).

Question 7 (protected housing without the social services), its first table (`contribute_table`): who was offered a
place, counted from the placement requests made without the social services by persons living in the municipality,
so "offered" is counted, not guessed.

Question 9 (the child perspective), the whole block (`contribute`): the children who lived here in the period, by
the decision basis of their own placement, their schooling, health examination, own plan and views. Counts only,
and person counts (1 and 2 are shown as "<3"): no child is named, no word of hers or his is shown. Socialstyrelsen's
coming quality indicators for protected housing ask for these (docs/regulation.md, row 14).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from reporting.figures import Block, Period, Table, cached, contribute, contribute_table, list_link
from reporting.models import DataBlock, FollowUpReport

from .children import RULE_CHILDREN, children_statistics
from .models import LegalBasis, Schooling
from .requests import WITHOUT_SOCIAL_SERVICES, request_statistics


@contribute_table(DataBlock.HOUSING)
def offers(report: FollowUpReport) -> Table:
    period = Period.of(report)
    stats = cached(
        report,
        request_statistics,
        start=period.start,
        end=period.end,
        sources=WITHOUT_SOCIAL_SERVICES,
        municipality_code=report.municipality_id,
    )
    return Table(
        title=_("Requests for a place from persons living in the municipality, without social services"),
        columns=[_("Requests"), _("Requests"), _("Adults"), _("Children")],
        rows=[
            [_("Requests, total"), stats.requests, stats.adults, stats.children],
            [_("Offered a place"), stats.offered, stats.offered_adults, stats.offered_children],
            [_("Turned away"), stats.turned_away, stats.turned_away_adults, stats.turned_away_children],
        ],
        rule=_(
            "Requests received in the period from the woman herself, another jour or others (not from social "
            "services) with the municipality as hers; offered a place = admitted, or offered and not taken."
        ),
        link=list_link("regulation:request_list", date_from=period.start.isoformat(), date_to=period.end.isoformat()),
    )


@contribute(DataBlock.CHILDREN)
def children(report: FollowUpReport) -> Block:
    period = Period.of(report)
    stats = cached(report, children_statistics, start=period.start, end=period.end)
    link = list_link("regulation:children")
    basis = dict(LegalBasis.choices)
    schooling = dict(Schooling.choices)
    return Block(
        tables=[
            Table(
                title=_("Children's own placements by decision basis"),
                columns=[_("Decision basis"), _("Children")],
                rows=[[_("Children who lived here"), stats.children]]
                + [[basis[value], stats.by_basis.get(value, 0)] for value in LegalBasis.values]
                + [[_("Not recorded"), stats.without_basis]],
                rule=str(RULE_CHILDREN),
                link=link,
            ),
            Table(
                title=_("Schooling during the stay"),
                columns=[_("Schooling"), _("Children")],
                rows=[[schooling[value], stats.by_schooling.get(value, 0)] for value in Schooling.values]
                + [[_("Not recorded"), stats.by_schooling.get("", 0)]],
                link=link,
            ),
            Table(
                title=_("Health examination and the child's own plan"),
                columns=[_("Health and the child's own plan"), _("Children")],
                rows=[
                    [_("Health examination offered"), stats.health_exam_offered],
                    [_("Health examination done"), stats.health_exam_done],
                    [_("With a plan of her or his own"), stats.with_plan],
                    [_("With her or his views recorded"), stats.with_views],
                ],
                link=link,
            ),
        ]
    )
