"""The numbers of the follow-up report, per question, assembled from the other apps' statistics.

(Named figures.py, not numbers.py: `make messages` runs inside the app folder, where a numbers.py would
shadow the standard library module of that name.)

Every block runs a fixed number of SQL queries whatever the data size: the other apps aggregate in SQL
(their `stats.py`), the registers here are aggregated with GROUP BY. Each table carries its counting rule
and, for staff, a link to the filtered list it comes from. Values are raw here; `document.py` formats them
(and shows small counts as "<3"). The apps above reporting add their numbers through the hooks at the end
(`contribute` a block, `contribute_table` a table to a block made here), so reporting imports none of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jour.calls import stats as calls_stats
from jour.calls.models import Channel
from jour.lib.charts import PALETTE, Series
from jour.shelter.models import ShelterProfile
from residents import stats as residents_stats
from residents.plans import stats as plans_stats
from residents.plans.models import Authority
from volunteers import stats as volunteers_stats

from .models import (
    CompetenceDevelopment,
    DataBlock,
    Deviation,
    DeviationKind,
    Feedback,
    FeedbackKind,
    FollowUpReport,
    MediaChannel,
    MediaFigure,
    OutreachActivity,
    OutreachKind,
    PrintedFolder,
)

# A person count (suppressible as "<3"), or any other number / text shown as it is.
PERSONS = "persons"
PLAIN = "plain"


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[Any]]  # first cell is the row label
    rule: str = ""
    link: str = ""
    kind: str = PERSONS  # PERSONS: values are person counts and may be shown as "<3"


@dataclass
class Block:
    tables: list[Table] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)  # label, text
    chart: str = ""  # key of a chart shown with this block
    link: str = ""  # where staff find the facts (tables carry their own links)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @classmethod
    def of(cls, report: FollowUpReport) -> Period:
        return cls(report.period_start, report.period_end)

    def years(self, count: int) -> list[Period]:
        """`count` calendar years up to the end year, each clipped to the period's end; oldest first."""
        last = self.end.year
        return [
            Period(dt.date(year, 1, 1), min(dt.date(year, 12, 31), self.end))
            for year in range(last - count + 1, last + 1)
        ]


def _cached(report: FollowUpReport, function, **kwargs):
    """One call per argument set while a document is built (the same year feeds several questions)."""
    cache = report.__dict__.setdefault("_stats_cache", {})
    key = (function.__module__, function.__name__, tuple(sorted(kwargs.items())))
    if key not in cache:
        cache[key] = function(**kwargs)
    return cache[key]


def _link(view_name: str, *args, **params) -> str:
    url = reverse(view_name, args=args)
    query = {key: value for key, value in params.items() if value not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url


def _range_params(period: Period) -> dict[str, str]:
    return {"date_from": period.start.isoformat(), "date_to": period.end.isoformat()}


def _home_code(report: FollowUpReport) -> str:
    return report.municipality_id


# Q5 and Q6: the support line ------------------------------------------------------------------


def _rules(*rules) -> str:
    return " ".join(str(rule) for rule in rules)


def _channel_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Channel.choices}


def _contact_statistics(report: FollowUpReport, period: Period) -> calls_stats.ContactStatistics:
    return _cached(
        report,
        calls_stats.contact_statistics,
        start=period.start,
        end=period.end,
        home_municipality_code=_home_code(report),
    )


def personal_meetings(report: FollowUpReport) -> Block:
    years = Period.of(report).years(report.years_side_by_side)
    # The two counts alone per year (one light pass each), not the whole statistics of every year.
    stats = [
        _cached(
            report,
            calls_stats.meeting_persons,
            start=year.start,
            end=year.end,
            home_municipality_code=_home_code(report),
        )
        for year in years
    ]
    columns = [_("Persons")] + [str(y.start.year) for y in years]
    rows = [
        [_("Offered a personal meeting, total")] + [s.offered.total for s in stats],
        [_("of whom living in the municipality")] + [s.offered.inside for s in stats],
        [_("of whom living in another municipality or abroad")] + [s.offered.outside for s in stats],
        [_("of whom residence unknown")] + [s.offered.unknown for s in stats],
        [_("Met in a personal meeting")] + [s.held.total for s in stats],
    ]
    return Block(
        tables=[
            Table(
                title=_("Persons offered a personal meeting, per year"),
                columns=columns,
                rows=rows,
                rule=_rules(calls_stats.RULE_MEETINGS, calls_stats.RULE_PLACE),
                link=_link("calls:contact_list", **_range_params(Period(years[0].start, years[-1].end))),
            )
        ]
    )


def support_contacts(report: FollowUpReport) -> Block:
    period = Period.of(report)
    s = _contact_statistics(report, period)
    persons = Table(
        title=_("Persons who received advice and support"),
        columns=[_("Persons"), _("Number")],
        rows=[
            [_("Unique persons, total"), s.persons.total],
            [_("of whom living in the municipality"), s.persons.inside],
            [_("of whom living in another municipality or abroad"), s.persons.outside],
            [_("of whom residence unknown"), s.persons.unknown],
            [_("of whom women subjected to violence"), s.women.total],
        ],
        rule=_rules(calls_stats.RULE_UNIQUE_PERSONS, calls_stats.RULE_PLACE),
        link=_link("calls:contact_list", **_range_params(period)),
    )
    labels = _channel_labels()
    calls = Table(
        title=_("Support and advice contacts"),
        columns=[_("Contacts"), _("Number")],
        rows=[[_("Support contacts, total"), s.support_contacts]]
        + [[labels.get(channel, channel), n] for channel, n in s.by_channel.items() if n],
        rule=_rules(calls_stats.RULE_SUPPORT_CONTACTS),
        link=_link("calls:contact_list", **_range_params(period)),
        kind=PLAIN,
    )
    return Block(tables=[persons, calls], chart="contacts")


def contacts_per_month(report: FollowUpReport) -> dict:
    """Support contacts per month and channel: the same contacts as the table's "Support contacts, total",
    in the statistics page's colours."""
    s = _contact_statistics(report, Period.of(report))
    return {
        "months": sorted(s.support_per_month),
        "series": calls_stats.channel_series(s.support_per_month, used_only=True),
        "total": s.support_contacts,
        "rule": calls_stats.RULE_SUPPORT_CONTACTS,
    }


# Q7: protected housing -----------------------------------------------------------------------


# Question 7 counts stays without a social-services placement of women from the municipality; its chart
# shows the same stays, so the bars add up to the table's nights.
RULE_NIGHTS = gettext_lazy(
    "Nights inside the period: a stay from 1 to 3 March is 2 nights; each child counts its own nights."
)


def _housing_filters(report: FollowUpReport) -> dict:
    return {"placed_by_social_services": False, "home_municipality_code": _home_code(report)}


def housing(report: FollowUpReport) -> Block:
    period = Period.of(report)
    n = _cached(report, residents_stats.nights, start=period.start, end=period.end, **_housing_filters(report))
    # Stays whose placement or home municipality is unknown cannot be counted above; they are shown, not dropped.
    unknown = _cached(report, residents_stats.unknown_placement_or_home, start=period.start, end=period.end)
    persons = Table(
        title=_("Persons living in the municipality housed without social-services placement"),
        columns=[_("Persons"), _("Number")],
        rows=[
            [_("Women"), n.adult_persons],
            [_("Children"), n.child_persons],
            [_("Not counted: women whose placement or home municipality is unknown"), unknown.adult_persons],
            [_("Not counted: children whose placement or home municipality is unknown"), unknown.child_persons],
        ],
        rule=_(
            "Unique persons with a stay overlapping the period, with no placing social services and with the "
            "municipality as home municipality."
        ),
        link=_link("residents:stay_list", **_range_params(period), placed="no", home=_home_code(report)),
    )
    nights_table = Table(
        title=_("Nights in protected housing for these persons"),
        columns=[_("Nights"), _("Number")],
        rows=[[_("Adults"), n.adults], [_("Children"), n.children]],
        rule=str(RULE_NIGHTS),
        link=persons.link,
        kind=PLAIN,
    )
    # Who was offered a place comes first, as the question asks it: regulation counts it from its placement
    # requests (regulation/followup.py); without a contribution the persons and nights stand alone.
    return Block(tables=[*contributed_tables(report, DataBlock.HOUSING), persons, nights_table], chart="nights")


def nights_per_month(report: FollowUpReport) -> dict:
    """The nights of question 7's table per month: the same stays, so the bars add up to the table."""
    period = Period.of(report)
    rows = _cached(
        report, residents_stats.nights_per_month, start=period.start, end=period.end, **_housing_filters(report)
    )
    return {
        "months": [row.month for row in rows],
        "series": [
            Series(_("Adults"), [row.adults for row in rows], PALETTE[0]),
            Series(_("Children"), [row.children for row in rows], PALETTE[1]),
        ],
        "total": sum(row.adults + row.children for row in rows),
        "rule": RULE_NIGHTS,
    }


# Q8: accessibility ---------------------------------------------------------------------------


def shelter_profile(report: FollowUpReport) -> ShelterProfile:
    """The shelter profile, read once per document (the heading and Q8 show it)."""
    return _cached(report, ShelterProfile.load)


def accessibility(report: FollowUpReport) -> Block:
    profile = shelter_profile(report)
    facts = [
        (_("Opening hours"), profile.opening_hours or "\u2013"),
        (_("Telephone hours"), profile.telephone_hours or "\u2013"),
    ]
    if profile.public_phone:
        facts.append((_("Phone"), profile.public_phone))
    return Block(facts=facts, link=_link("shelter:profile"))


# Q10: competence -----------------------------------------------------------------------------


def _volunteer_statistics(report: FollowUpReport, period: Period) -> volunteers_stats.VolunteerStatistics:
    return _cached(report, volunteers_stats.volunteer_statistics, start=period.start, end=period.end)


def competence(report: FollowUpReport) -> Block:
    period = Period.of(report)
    v = _volunteer_statistics(report, period)
    training = Table(
        title=_("Basic training of contact women (study circle)"),
        columns=[_("Training"), _("Number")],
        rows=[
            [_("Study circles held"), v.study_circles_held],
            [_("Volunteers who completed the study circle"), v.trained_in_period],
            [_("Study-circle hours attended"), v.training_hours],
            [_("Active contact women"), v.active_volunteers],
        ],
        rule=_(
            "Study circles with a session in the period; volunteers whose last required session (make-ups "
            "included) fell in the period; hours attended in the period."
        ),
        link=_link("volunteers:circle_list"),
        kind=PLAIN,
    )
    courses = list(
        CompetenceDevelopment.objects.filter(date__range=(period.start, period.end))
        .order_by("date", "id")
        .values_list(
            "date", "title", "provider", "hours", "staff_participants", "board_participants", "volunteer_participants"
        )[:60]
    )
    return Block(
        tables=[
            training,
            Table(
                title=_("Competence development"),
                columns=[_("Date"), _("Course and provider"), _("Hours"), _("Staff"), _("Board"), _("Volunteers")],
                rows=[
                    [date_format(d, "SHORT_DATE_FORMAT"), f"{title} ({provider})", hours, st, bo, vo]
                    for d, title, provider, hours, st, bo, vo in courses
                ],
                rule=_("Courses and seminars in the register of competence development, dated in the period."),
                link=_link("reporting:register_list", "competence", **_range_params(period)),
                kind=PLAIN,
            ),
        ]
    )


# Q13: the quality registers, four years ------------------------------------------------------


def quality_register(report: FollowUpReport) -> Block:
    years = Period.of(report).years(4)
    first, last = years[0].start, years[-1].end
    counts: dict[tuple[int, str], int] = {}
    for row in (
        Feedback.objects.filter(date__range=(first, last))
        .annotate(year=ExtractYear("date"))
        .values("year", "kind")
        .annotate(n=Count("id"))
    ):
        counts[(row["year"], row["kind"])] = row["n"]
    for row in (
        Deviation.objects.filter(date__range=(first, last))
        .annotate(year=ExtractYear("date"))
        .values("year", "kind")
        .annotate(n=Count("id"), ivo=Count("id", filter=Q(reported_to_ivo=True)))
    ):
        counts[(row["year"], row["kind"])] = row["n"]
        counts[(row["year"], "ivo")] = counts.get((row["year"], "ivo"), 0) + row["ivo"]
    labels = [
        (FeedbackKind.FEEDBACK, _("Feedback")),
        (FeedbackKind.COMPLAINT, _("Complaints")),
        (DeviationKind.DEVIATION, _("Deviations")),
        (DeviationKind.LEX_SARAH, _("Lex Sarah reports")),
        ("ivo", _("of which reported to IVO")),
    ]
    return Block(
        tables=[
            Table(
                title=_("Feedback, complaints, deviations and lex Sarah reports per year"),
                columns=[_("Type")] + [str(y.start.year) for y in years],
                rows=[[label] + [counts.get((y.start.year, kind), 0) for y in years] for kind, label in labels],
                rule=_("Entries in the registers by the year of their date."),
                link=_link("reporting:register_list", "feedback"),
                kind=PLAIN,
            )
        ]
    )


# Q2 and Q4: outreach and information ---------------------------------------------------------


def outreach(report: FollowUpReport) -> Block:
    period = Period.of(report)
    rows = (
        OutreachActivity.objects.filter(date__range=(period.start, period.end))
        .values("kind")
        .annotate(n=Count("id"), people=Sum("participants"))
    )
    by_kind = {row["kind"]: row for row in rows}
    table_rows = [
        [label, by_kind[kind]["n"], by_kind[kind]["people"] or 0]
        for kind, label in OutreachKind.choices
        if kind in by_kind
    ]
    table_rows.append([_("Total"), sum(r[1] for r in table_rows), sum(r[2] for r in table_rows)])
    return Block(
        tables=[
            Table(
                title=_("Outreach and information activities"),
                columns=[_("Type"), _("Activities"), _("Participants")],
                rows=table_rows,
                rule=_("Activities in the outreach register dated in the period; participants as registered."),
                link=_link("reporting:register_list", "outreach", **_range_params(period)),
                kind=PLAIN,
            )
        ]
    )


def _readings(on_or_before: dt.date) -> dict[str, int]:
    rows = (
        MediaFigure.objects.filter(date__lte=on_or_before, followers__isnull=False)
        .order_by("channel", "-date", "-id")
        .distinct("channel")
        .values_list("channel", "followers")
    )
    return dict(rows)


def information(report: FollowUpReport) -> Block:
    period = Period.of(report)
    before = _readings(period.start - dt.timedelta(days=1))
    after = _readings(period.end)
    issues = dict(
        MediaFigure.objects.filter(date__range=(period.start, period.end), issues_sent__isnull=False)
        .values("channel")
        .annotate(n=Sum("issues_sent"))
        .values_list("channel", "n")
    )
    rows = []
    for channel, label in MediaChannel.choices:
        if channel in before or channel in after or channel in issues:
            rows.append([label, before.get(channel, "\u2013"), after.get(channel, "\u2013"), issues.get(channel, "")])
    media = Table(
        title=_("Social media and newsletter"),
        columns=[_("Channel"), _("Followers at start"), _("Followers at end"), _("Issues sent")],
        rows=rows,
        rule=_("The latest reading before the period and the latest reading at its end; issues sent in the period."),
        link=_link("reporting:register_list", "media"),
        kind=PLAIN,
    )
    folders = list(
        PrintedFolder.objects.filter(date__lte=period.end)
        .values("language")
        .annotate(n=Count("id"), copies=Sum("copies"))
        .order_by("language")
    )
    places = list(
        PrintedFolder.objects.filter(date__range=(period.start, period.end))
        .order_by("placed_at")
        .values_list("placed_at", flat=True)
        .distinct()[:30]
    )
    folder_table = Table(
        title=_("Printed folders"),
        columns=[_("Language"), _("Registered placements"), _("Copies")],
        rows=[[f["language"], f["n"], f["copies"] or ""] for f in folders],
        rule=_("Folders registered up to the end of the period."),
        link=_link("reporting:register_list", "folders"),
        kind=PLAIN,
    )
    block = Block(tables=[media, folder_table])
    if places:
        block.facts.append((_("Placed in the period at"), "; ".join(places)))
    return block


# Results: for the women (implementation plans) and of the contact women's work ----------------------


def results(report: FollowUpReport) -> Block:
    """Results for the women and of the contact women's work."""
    period = Period.of(report)
    plans = _cached(report, plans_stats.plan_statistics, start=period.start, end=period.end)
    block = _self_assessment(report, period)
    block.tables += [_plans_table(plans), _authorities_table(plans)]
    if topics := _orientation_table(plans):
        block.tables.append(topics)
    block.tables.append(_contact_women_table(_volunteer_statistics(report, period)))
    return block


def _self_assessment(report: FollowUpReport, period: Period) -> Block:
    """The change in self-esteem as a table, or a fact saying why it is not shown."""
    change = _cached(report, plans_stats.self_assessment_change, start=period.start, end=period.end)
    if change.suppressed:
        return Block(
            facts=[
                (
                    _("Self-assessment (self-esteem)"),
                    _("Fewer than 3 women answered it twice in the period: not shown, so that nobody is recognised."),
                )
            ]
        )
    table = Table(
        title=_("Change in self-assessment (self-esteem, 10–40 points)"),
        columns=[_("Self-assessment"), _("Value")],
        rows=[
            [_("Women who answered at least twice"), change.women],
            [_("Mean change, points"), f"{change.mean_change:+.1f}".replace(".", ",")],
            [_("Share whose score rose"), f"{round(change.share_improved * 100)} %"],
        ],
        rule=_("Each woman's first and last self-assessment in the period."),
        link=_link("plans:dashboard"),
    )
    return Block(tables=[table])


def _plans_table(plans: plans_stats.PlanStatistics) -> Table:
    return Table(
        title=_("Implementation plans"),
        columns=[_("Plans"), _("Number")],
        rows=[
            [_("Women with an implementation plan"), plans.women_with_plan],
            [_("Women in society orientation"), plans.women_in_orientation],
            [_("Women accompanied or helped with authorities"), plans.women_supported],
        ],
        rule=_(
            "Women whose stay overlaps the period and whose plan has at least one goal; orientation "
            "topics done or in progress in the period; accompaniments and contacts dated in the period."
        ),
        link=_link("plans:dashboard"),
    )


def _authorities_table(plans: plans_stats.PlanStatistics) -> Table:
    labels = {value: str(label) for value, label in Authority.choices}
    rows = [
        [labels.get(authority, authority), n, plans.contacts_by_authority.get(authority, 0)]
        for authority, n in plans.accompaniments_by_authority.items()
        if n or plans.contacts_by_authority.get(authority, 0)
    ]
    rows.append([_("Total"), plans.accompaniments, plans.contacts])
    return Table(
        title=_("Accompaniments and contacts with authorities"),
        columns=[_("Authority"), _("Accompaniments"), _("Contacts")],
        rows=rows,
        rule=_("Accompaniments and contacts on the women's behalf, dated in the period."),
        link=_link("plans:dashboard"),
        kind=PLAIN,
    )


def _orientation_table(plans: plans_stats.PlanStatistics) -> Table | None:
    """The society orientation topics worked on in the period; None when there were none."""
    topics = [t for t in plans.orientation_topics if t.women_done or t.women_in_progress]
    if not topics:
        return None
    return Table(
        title=_("Society orientation topics covered"),
        columns=[_("Topic"), _("Women done"), _("Women in progress")],
        rows=[[t.topic, t.women_done, t.women_in_progress] for t in topics],
        rule=_("Topics finished or worked on in the period, counted per woman."),
        link=_link("plans:dashboard"),
    )


def _contact_women_table(v: volunteers_stats.VolunteerStatistics) -> Table:
    return Table(
        title=_("Contact women"),
        columns=[_("Support from contact women"), _("Number")],
        rows=[
            [_("Matches active in the period"), v.matches_active],
            [_("of which after-care (she has moved out)"), v.after_care_matches],
            [_("Meetings held"), v.meetings_held],
            [_("Volunteer hours"), v.volunteer_hours],
        ],
        rule=_("Meetings marked as held in the period; hours as registered by the contact women."),
        link=_link("volunteers:match_list"),
        kind=PLAIN,
    )


BLOCKS = {
    DataBlock.OUTREACH: outreach,
    DataBlock.INFORMATION: information,
    DataBlock.PERSONAL_MEETINGS: personal_meetings,
    DataBlock.SUPPORT_CONTACTS: support_contacts,
    DataBlock.HOUSING: housing,
    DataBlock.ACCESSIBILITY: accessibility,
    DataBlock.COMPETENCE: competence,
    DataBlock.QUALITY_REGISTER: quality_register,
    DataBlock.RESULTS: results,
}


# What the features above reporting contribute (each app's `followup.py`, imported at start-up): they read their
# own statistics, reporting only names the block (DataBlock) and lays it out. A feature contributes either a whole
# block (`contribute`) or a table to a block made here (`contribute_table`).


def contribute(data_block: str):
    """Register the function that makes the numbers of `data_block` (a decorator for an app's followup.py)."""

    def register(function):
        if data_block in BLOCKS:
            raise ImproperlyConfigured(f"The follow-up's data block {data_block!r} has its numbers already.")
        BLOCKS[data_block] = function
        return function

    return register


# The blocks made here that take contributed tables, each with its contributors in the order the apps are
# installed. The block's function places them (`contributed_tables`): question 7 puts them first, before its
# persons and nights.
TABLES: dict[str, list[Callable[[FollowUpReport], Table]]] = {DataBlock.HOUSING: []}


def contribute_table(data_block: str):
    """Register a function `report -> Table` whose table stands in `data_block` where that block places its
    contributed tables (a decorator for an app's followup.py); only the blocks named in TABLES take tables."""

    def register(function):
        if data_block not in TABLES:
            raise ImproperlyConfigured(f"The follow-up's data block {data_block!r} takes no contributed tables.")
        TABLES[data_block].append(function)
        return function

    return register


def contributed_tables(report: FollowUpReport, data_block: str) -> list[Table]:
    """The tables the installed apps contribute to `data_block`; none when no app contributes one."""
    return [function(report) for function in TABLES[data_block]]


def cached(report: FollowUpReport, function, **kwargs):
    """For a contributed block or table: `function(**kwargs)` once per document, as the blocks here read theirs."""
    return _cached(report, function, **kwargs)


def list_link(view_name: str, *args, **params) -> str:
    """For a contributed block or table: the link to the list its numbers come from (staff follow it from the
    preview)."""
    return _link(view_name, *args, **params)


def autodiscover() -> None:
    autodiscover_modules("followup")


def block_for(report: FollowUpReport, data_block: str) -> Block | None:
    function = BLOCKS.get(data_block)
    return function(report) if function else None


def decimal_text(value: Decimal | float | int) -> str:
    if isinstance(value, Decimal | float):
        text = f"{value:.1f}".rstrip("0").rstrip(".")
        return text.replace(".", ",")
    return str(value)
