"""Read the current judgement: the officer's decision where there is one, else the machine's.

Read-only; the pages and exports use these instead of repeating the rule.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery

from remiss.consultations.models import Consultation, Section
from remiss.responses.models import Response
from remiss.runs import RunStatus

from .models import (
    AnalysisRun,
    Point,
    PointCorrection,
    PointKind,
    PointPlacement,
    Stance,
    StanceCorrection,
    StanceJudgement,
    Theme,
)


def latest_run(consultation: Consultation) -> AnalysisRun | None:
    return consultation.analysis_runs.filter(status=RunStatus.KLAR).order_by("-created_at").first()


@dataclass(frozen=True)
class CurrentStance:
    label: str
    source: str  # "officer" or "machine"
    machine: StanceJudgement | None
    correction: StanceCorrection | None

    @property
    def display(self) -> str:
        return str(Stance(self.label).label) if self.label in Stance.values else self.label


def current_stance(response: Response, run: AnalysisRun | None) -> CurrentStance | None:
    machine = StanceJudgement.objects.filter(run=run, response=response).first() if run else None
    correction = response.stance_corrections.select_related("decided_by").first()
    if correction is not None:
        return CurrentStance(correction.label, "officer", machine, correction)
    if machine is not None:
        return CurrentStance(machine.label, "machine", machine, None)
    return None


@dataclass
class CurrentPoint:
    point: Point
    kind: str
    sections: list[Section]
    machine_sections: list[PointPlacement]
    correction: PointCorrection | None
    themes: list[Theme] = field(default_factory=list)

    @property
    def corrected(self) -> bool:
        return self.correction is not None

    @property
    def kind_display(self) -> str:
        return str(PointKind(self.kind).label) if self.kind in PointKind.values else self.kind


def _corrections_by_key(responses) -> dict[str, PointCorrection]:
    corrections = (
        PointCorrection.objects.filter(response__in=responses)
        .select_related("decided_by")
        .prefetch_related("sections")
        .order_by("-decided_at")
    )
    latest: dict[str, PointCorrection] = {}
    for correction in corrections:
        latest.setdefault(correction.key, correction)
    return latest


def _current(points, corrections) -> list[CurrentPoint]:
    current = []
    for point in points:
        correction = corrections.get(point.key)
        if correction is not None and correction.not_a_point:
            continue
        placements = list(point.placements.all())
        if correction is not None and correction.sections_decided:
            sections = list(correction.sections.all())
        else:
            sections = [placement.section for placement in placements[:1]]
        kind = correction.kind if correction is not None and correction.kind else point.kind
        current.append(
            CurrentPoint(
                point=point,
                kind=kind,
                sections=sections,
                machine_sections=placements,
                correction=correction,
                themes=[theme for theme in point.themes.all() if theme.merged_into_id is None],
            )
        )
    return current


def _points_of_run(run: AnalysisRun):
    return Point.objects.filter(run=run).prefetch_related(
        Prefetch("placements", queryset=PointPlacement.objects.select_related("section")),
        "themes",
    )


def current_points(response: Response, run: AnalysisRun | None) -> list[CurrentPoint]:
    if run is None:
        return []
    points = _points_of_run(run).filter(response=response).order_by("position")
    return _current(points, _corrections_by_key([response]))


def section_points(section: Section, run: AnalysisRun | None) -> list[CurrentPoint]:
    """Every point placed under the section now, by machine or by an officer."""
    if run is None:
        return []
    corrections = _corrections_by_key(
        Response.objects.filter(consultation_id=section.consultation_id)
    )
    # Only the points that can be under the section: placed there by the machine (the first
    # placement decides, below) or decided by an officer. Not every point of the run.
    placed_here = PointPlacement.objects.filter(section=section).values("point_id")
    points = (
        _points_of_run(run)
        .filter(Q(pk__in=placed_here) | Q(key__in=list(corrections)))
        .select_related("response__organisation")
        .order_by("response__organisation__name", "position")
    )
    current = _current(points, corrections)
    return [item for item in current if section in item.sections]


def consultation_points(run: AnalysisRun | None) -> list[CurrentPoint]:
    """Every current point of a run, with its answer, body and document, in answer order."""
    if run is None:
        return []
    points = list(
        _points_of_run(run)
        .select_related("response__organisation", "document")
        .order_by("response__organisation__name", "response__received_at", "position")
    )
    responses = {point.response_id for point in points}
    return _current(points, _corrections_by_key(list(responses)))


def current_stances(
    consultation: Consultation, run: AnalysisRun | None
) -> dict[object, CurrentStance]:
    """The current position of every answer of the consultation that has one, by answer id."""
    machine = {j.response_id: j for j in StanceJudgement.objects.filter(run=run)} if run else {}
    corrections: dict = {}
    for correction in StanceCorrection.objects.filter(response__consultation=consultation).order_by(
        "-decided_at"
    ):
        corrections.setdefault(correction.response_id, correction)
    stances = {}
    for response_id in machine.keys() | corrections.keys():
        correction = corrections.get(response_id)
        judgement = machine.get(response_id)
        if correction is not None:
            stances[response_id] = CurrentStance(correction.label, "officer", judgement, correction)
        else:
            stances[response_id] = CurrentStance(judgement.label, "machine", judgement, None)
    return stances


def section_point_counts(consultation: Consultation, run: AnalysisRun | None) -> dict:
    if run is None:
        return {}
    corrections = _corrections_by_key(Response.objects.filter(consultation=consultation))
    keys = list(corrections)
    # Points without an officer's decision count under their first machine placement, counted
    # in the database; the few with a decision go through the same rule as everywhere else.
    first_section = Subquery(
        PointPlacement.objects.filter(point=OuterRef("pk"))
        .order_by("rank", "pk")
        .values("section_id")[:1]
    )
    counts: Counter = Counter(
        {
            row["first_section"]: row["n"]
            for row in Point.objects.filter(run=run)
            .exclude(key__in=keys)
            .annotate(first_section=first_section)
            .values("first_section")
            .annotate(n=Count("pk"))
            .order_by()
        }
    )
    decided = _points_of_run(run).filter(key__in=keys)
    for item in _current(decided, corrections):
        for section in item.sections:
            counts[section.pk] += 1
        if not item.sections:
            counts[None] += 1
    return {key: value for key, value in counts.items() if value}


def active_themes(run: AnalysisRun | None):
    if run is None:
        return Theme.objects.none()
    return run.themes.filter(merged_into=None).prefetch_related("points")


@dataclass
class SectionRow:
    section: Section | None
    depth: int
    points: int


@dataclass
class ResponseRow:
    response: Response
    stance: CurrentStance | None
    points: int


@dataclass
class ConsultationOverview:
    responses: list[ResponseRow]
    stance_counts: dict[str, int]
    sections: list[SectionRow]
    themes: list[Theme]
    endorsements: list
    duplicate_groups: list


def consultation_overview(
    consultation: Consultation, run: AnalysisRun | None
) -> ConsultationOverview:
    """Everything the analysis overview page shows, in few queries."""
    responses = list(consultation.responses.select_related("organisation"))
    stances = current_stances(consultation, run)
    point_counts: Counter = Counter(
        dict(
            Point.objects.filter(run=run)
            .values("response_id")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("response_id", "n")
        )
        if run
        else {}
    )
    rows = []
    for response in responses:
        stance = stances.get(response.pk)
        rows.append(ResponseRow(response, stance, point_counts[response.pk]))
    counts: Counter[str] = Counter(row.stance.label for row in rows if row.stance)
    placed = section_point_counts(consultation, run)
    tree = consultation.sections.as_tree()
    sections: list[SectionRow] = []

    def walk(nodes, depth):
        for node in nodes:
            sections.append(SectionRow(node.section, depth, placed.get(node.section.pk, 0)))
            walk(node.children, depth + 1)

    walk(tree, 0)
    sections.append(SectionRow(None, 0, placed.get(None, 0)))
    return ConsultationOverview(
        responses=rows,
        stance_counts={label: counts[label] for label in Stance.values if counts[label]},
        sections=sections,
        themes=list(active_themes(run)),
        endorsements=list(
            run.endorsements.select_related("response__organisation", "endorsed_response")
        )
        if run
        else [],
        duplicate_groups=list(run.duplicate_groups.prefetch_related("members__organisation"))
        if run
        else [],
    )
