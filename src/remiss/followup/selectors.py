"""Read the follow-up for the pages: plans, insatser, indicators and the chain back to answers.

Read-only, few queries; the views use these instead of repeating the rules (which parts are
focus areas, which points an insats answers, which years have something to report).
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone

from remiss.analysis.selectors import CurrentPoint, consultation_points, latest_run
from remiss.compilation.models import Reply
from remiss.consultations.models import (
    Consultation,
    DraftVersionKind,
    Organisation,
    Section,
    SectionKind,
)

from .charts import indicator_chart_svg
from .models import (
    ActionPlan,
    AdoptionTrace,
    AnnualReport,
    Indicator,
    IndicatorValue,
    Insats,
    InsatsReport,
    InsatsSource,
    ReportingLink,
)


def focus_areas(consultation: Consultation) -> list[Section]:
    """The parts the follow-up is organised by: the focus areas, or else the top-level parts."""
    sections = list(consultation.sections.all())
    areas = [s for s in sections if s.kind == SectionKind.INRIKTNINGSOMRADE]
    if not areas:
        areas = [s for s in sections if s.parent_id is None]
    return sorted(areas, key=lambda s: (s.position, s.number))


def focus_area_queryset(consultation: Consultation):
    """The focus areas as a queryset, for form choices."""
    sections = consultation.sections.all()
    if sections.filter(kind=SectionKind.INRIKTNINGSOMRADE).exists():
        return sections.filter(kind=SectionKind.INRIKTNINGSOMRADE)
    return sections.filter(parent=None)


def insatser_of(consultation: Consultation):
    return Insats.objects.filter(plan__consultation=consultation).select_related(
        "plan__focus_area", "responsible"
    )


@dataclass
class IndicatorRow:
    indicator: Indicator
    values: list[IndicatorValue]
    chart: str

    @property
    def latest(self) -> IndicatorValue | None:
        return self.values[-1] if self.values else None


def indicator_chart(indicator: Indicator, values: list[IndicatorValue] | None = None) -> str:
    values = list(indicator.values.all()) if values is None else values
    target = base = None
    if indicator.target_value is not None and indicator.target_year is not None:
        target = (indicator.target_year, indicator.target_value)
    if indicator.base_value is not None and indicator.base_year is not None:
        base = (indicator.base_year, indicator.base_value)
    return indicator_chart_svg(
        [(v.year, v.value) for v in values],
        title=indicator.name,
        unit=indicator.unit,
        target=target,
        base=base,
    )


def indicator_row(indicator: Indicator) -> IndicatorRow:
    values = list(indicator.values.all())
    return IndicatorRow(indicator, values, indicator_chart(indicator, values))


@dataclass(frozen=True)
class IndicatorTableRow:
    year: int
    value: IndicatorValue | None
    base: float | None
    target: float | None


def indicator_table(indicator: Indicator) -> list[IndicatorTableRow]:
    """The chart's numbers as rows, one per year with a value, the base or the target."""
    values = {v.year: v for v in indicator.values.all()}
    years = set(values)
    if indicator.base_year is not None and indicator.base_value is not None:
        years.add(indicator.base_year)
    if indicator.target_year is not None and indicator.target_value is not None:
        years.add(indicator.target_year)
    return [
        IndicatorTableRow(
            year=year,
            value=values.get(year),
            base=indicator.base_value if year == indicator.base_year else None,
            target=indicator.target_value if year == indicator.target_year else None,
        )
        for year in sorted(years)
    ]


@dataclass
class AreaRow:
    section: Section
    plans: list[ActionPlan]
    indicators: list[IndicatorRow]


@dataclass
class FollowupOverview:
    consultation: Consultation
    areas: list[AreaRow]
    years: list[int]
    annual_reports: dict[int, AnnualReport]
    adopted: object | None  # the latest DraftVersion of kind "antagen"
    candidates: int


def report_years(consultation: Consultation) -> list[int]:
    """Years with values, reports or a frozen report, and the current year; newest first."""
    years = set(
        IndicatorValue.objects.filter(indicator__consultation=consultation).values_list(
            "year", flat=True
        )
    )
    years |= set(
        InsatsReport.objects.filter(insats__plan__consultation=consultation).values_list(
            "year", flat=True
        )
    )
    years |= set(consultation.annual_reports.values_list("year", flat=True))
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def adopted_version(consultation: Consultation):
    return (
        consultation.draft_versions.filter(kind=DraftVersionKind.ANTAGEN)
        .order_by("-created_at")
        .first()
    )


def followup_overview(consultation: Consultation) -> FollowupOverview:
    """Everything the follow-up home page shows, per focus area."""
    areas = focus_areas(consultation)
    plans = list(
        consultation.action_plans.prefetch_related(
            Prefetch(
                "insatser",
                queryset=Insats.objects.select_related("responsible").prefetch_related("co_actors"),
            )
        )
    )
    indicators = list(consultation.indicators.prefetch_related("values"))
    rows = []
    for area in areas:
        rows.append(
            AreaRow(
                section=area,
                plans=[plan for plan in plans if plan.focus_area_id == area.pk],
                indicators=[indicator_row(i) for i in indicators if i.focus_area_id == area.pk],
            )
        )
    known = {area.pk for area in areas}
    stray = [plan for plan in plans if plan.focus_area_id not in known]
    stray_indicators = [i for i in indicators if i.focus_area_id not in known]
    if stray or stray_indicators:
        # Plans under a part that is no longer a focus area still show, under that part.
        for section in {p.focus_area for p in stray} | {i.focus_area for i in stray_indicators}:
            rows.append(
                AreaRow(
                    section=section,
                    plans=[p for p in stray if p.focus_area_id == section.pk],
                    indicators=[
                        indicator_row(i) for i in stray_indicators if i.focus_area_id == section.pk
                    ],
                )
            )
    return FollowupOverview(
        consultation=consultation,
        areas=rows,
        years=report_years(consultation),
        annual_reports={r.year: r for r in consultation.annual_reports.all()},
        adopted=adopted_version(consultation),
        candidates=consultation.candidate_actors.count(),
    )


@dataclass
class SourceRow:
    source: InsatsSource
    body: Organisation | None
    reply: Reply | None


@dataclass
class InsatsChain:
    insats: Insats
    sources: list[SourceRow]
    traces: list[AdoptionTrace]
    indicators: list[IndicatorRow]
    history: list
    reports: list[InsatsReport]
    co_actors: list[Organisation] = field(default_factory=list)


def source_rows(sources) -> list[SourceRow]:
    sources = list(sources)
    replies = {
        (reply.response_id, reply.key): reply
        for reply in Reply.objects.filter(
            response__in={s.response_id for s in sources},
            key__in={s.point_key for s in sources},
        )
    }
    return [
        SourceRow(s, s.response.organisation, replies.get((s.response_id, s.point_key)))
        for s in sources
    ]


def traces_for_area(consultation: Consultation, section: Section) -> list[AdoptionTrace]:
    """The points that changed this part (or a part under it) in the adopted version."""
    version = adopted_version(consultation)
    if version is None:
        return []
    match = Q(section=section) | Q(section__parent=section)
    if section.number:
        match |= Q(section_number=section.number) | Q(
            section_number__startswith=f"{section.number}."
        )
    return list(version.traces.filter(match).select_related("response__organisation", "section"))


def insats_chain(insats: Insats) -> InsatsChain:
    """The chain both ways: the points the insats answers, the part of the strategy and what
    changed in it when it was adopted, the indicators, the status history and the reports."""
    plan = insats.plan
    sources = insats.sources.select_related("response__organisation").order_by(
        "response__organisation__name", "pk"
    )
    return InsatsChain(
        insats=insats,
        sources=source_rows(sources),
        traces=traces_for_area(plan.consultation, plan.focus_area),
        indicators=[indicator_row(i) for i in insats.indicators.prefetch_related("values")],
        history=list(insats.status_history.select_related("changed_by").order_by("changed_at")),
        reports=list(insats.reports.order_by("-year")),
        co_actors=list(insats.co_actors.all()),
    )


def linkable_points(
    consultation: Consultation, *, section: Section | None = None
) -> list[CurrentPoint]:
    """The current points of the consultation's answers, optionally those under one part."""
    points = consultation_points(latest_run(consultation))
    if section is not None:
        points = [item for item in points if section in item.sections]
    return points


@dataclass
class LinkRow:
    organisation: Organisation
    link: ReportingLink | None
    insatser: int
    reports: int


def reporting_link_rows(consultation: Consultation, year: int) -> list[LinkRow]:
    """Every responsible actor of the consultation's insatser with its link for the year."""
    insatser = list(insatser_of(consultation).exclude(responsible=None))
    links = {
        link.organisation_id: link
        for link in consultation.reporting_links.filter(year=year).order_by("created_at")
    }
    reported = {
        r.insats_id
        for r in InsatsReport.objects.filter(insats__in=[i.pk for i in insatser], year=year)
    }
    organisations: dict = {}
    for insats in insatser:
        organisations.setdefault(insats.responsible_id, (insats.responsible, []))[1].append(insats)
    rows = [
        LinkRow(
            organisation=organisation,
            link=links.get(organisation.pk),
            insatser=len(items),
            reports=sum(1 for i in items if i.pk in reported),
        )
        for organisation, items in organisations.values()
    ]
    return sorted(rows, key=lambda row: row.organisation.name)


def actor_insatser(link: ReportingLink) -> list[Insats]:
    """The insatser the link's actor is responsible for, in the link's consultation."""
    return list(
        Insats.objects.filter(plan__consultation=link.consultation, responsible=link.organisation)
        .select_related("plan__focus_area")
        .prefetch_related(Prefetch("reports", queryset=InsatsReport.objects.filter(year=link.year)))
        .order_by("plan__focus_area__position", "position", "number")
    )


def insatser_for_points(consultation_id) -> dict[tuple, list[Insats]]:
    """The insatser answering each point of a consultation, by (answer id, point key)."""
    found: dict[tuple, list[Insats]] = {}
    for source in InsatsSource.objects.filter(
        response__consultation_id=consultation_id
    ).select_related("insats"):
        found.setdefault((source.response_id, source.point_key), []).append(source.insats)
    return found
