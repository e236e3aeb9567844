"""What the regulated service contributes to the follow-up report (reporting/figures.py, `contribute`).

Question 9 (the child perspective): the children who lived here in the period, by the decision basis of their own
placement, their schooling, health examination, own plan and views. Counts only, and person counts (1 and 2 are
shown as "<3"): no child is named, no word of hers or his is shown. Socialstyrelsen's coming quality indicators for
protected housing ask for these (docs/regulation.md, row 14).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from reporting.figures import Block, Period, Table, cached, contribute, list_link
from reporting.models import DataBlock, FollowUpReport

from .children import RULE_CHILDREN, children_statistics
from .models import LegalBasis, Schooling


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
