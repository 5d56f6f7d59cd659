"""Read the current judgement: the officer's decision where there is one, else the machine's.

Read-only; the pages and exports use these instead of repeating the rule.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery

from remiss.consultations.models import Consultation, Section
from remiss.responses.models import Response
from remiss.runs import RunStatus

from .counts import run_counts
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


def _details(points: list[Point]) -> tuple[dict, dict]:
    """The placements (rank 0 first, with their parts) and the themes (by machine label) of
    the points, by point id: two queries, without building a related manager per point."""
    placements: dict = defaultdict(list)
    themes: dict = defaultdict(list)
    pks = [point.pk for point in points]
    if pks:
        for placement in (
            PointPlacement.objects.filter(point_id__in=pks)
            .select_related("section")
            .order_by("rank", "pk")
        ):
            placements[placement.point_id].append(placement)
        for row in (
            Theme.points.through.objects.filter(point_id__in=pks)
            .select_related("theme")
            .order_by("theme__machine_label", "theme_id")
        ):
            themes[row.point_id].append(row.theme)
    return placements, themes


def _current(points, corrections) -> list[CurrentPoint]:
    points = list(points)
    placements_of, themes_of = _details(points)
    current = []
    for point in points:
        correction = corrections.get(point.key)
        if correction is not None and correction.not_a_point:
            continue
        placements = placements_of[point.pk]
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
                themes=[theme for theme in themes_of[point.pk] if theme.merged_into_id is None],
            )
        )
    return current


PAGE_SIZE = 100  # rows per page of the analysis pages
LIST_LIMIT = 100  # endorsements and duplicate groups shown on the overview
MEMBERS_SHOWN = 20  # answers named per duplicate group on the overview


def _points_of_run(run: AnalysisRun):
    return _with_details(Point.objects.filter(run=run))


def _with_details(points: QuerySet) -> QuerySet:
    """Points with their body (``_current`` reads their placements and themes)."""
    return points.select_related("response__organisation")


@dataclass
class Page:
    """One page of a longer list: its rows, which page it is, and how many rows there are."""

    items: list
    number: int
    size: int
    total: int

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def page_numbers(self) -> list[int | None]:
        return page_window(self.number, self.pages)

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None


NEAR = 2  # pages linked on each side of the current one


def page_window(number: int, pages: int, near: int = NEAR) -> list[int | None]:
    """The page links of a pager: the first and the last page and those within ``near`` of
    ``number``; None where pages are left out (an ellipsis). A few links however many pages."""
    shown = {1, pages, *range(number - near, number + near + 1)}
    numbers: list[int | None] = []
    for page in sorted(n for n in shown if 1 <= n <= pages):
        if numbers and page - numbers[-1] > 1:
            numbers.append(page - 1 if page - numbers[-1] == 2 else None)  # no "…" for one
        numbers.append(page)
    return numbers


def page_number(page, total: int, size: int) -> int:
    """``page`` (from 1) kept within the pages there are."""
    pages = max(1, -(-total // size))
    return min(max(int(page or 1), 1), pages)


@dataclass
class PointDecisions:
    """The officers' decisions on the points of a consultation, by point key.

    They are few (made by hand); the points are many. This is the one place of the rule: a
    point is under the parts the officer decided (``sections_decided``; ``not_a_point`` hides
    it) else under the machine's first placement, the one with rank 0.
    """

    by_key: dict[str, PointCorrection]
    _by_run: dict = field(default_factory=dict, repr=False)  # counts made, by run id

    @cached_property
    def overridden(self) -> set[str]:
        """Keys whose machine placement does not count."""
        return {
            key
            for key, correction in self.by_key.items()
            if correction.not_a_point or correction.sections_decided
        }

    @cached_property
    def by_section(self) -> dict[object, list[str]]:
        """Keys an officer placed under each part (None: under no part, the general points)."""
        placed: dict[object, list[str]] = {}
        for key, correction in self.by_key.items():
            if correction.not_a_point or not correction.sections_decided:
                continue
            for section in list(correction.sections.all()) or [None]:
                placed.setdefault(section.pk if section else None, []).append(key)
        return placed

    @cached_property
    def placed_keys(self) -> set[str]:
        return {key for keys in self.by_section.values() for key in keys}

    def points_under(self, run: AnalysisRun, section_id) -> QuerySet:
        """The points of the run under one part now (None: under no part), unordered.

        A condition on each point (not a join), so that a page ordered by body can be read
        from the bodies' index without visiting every point of the part.
        """
        officer = self.by_section.get(section_id, [])
        skip = self.overridden.difference(officer)
        first = PointPlacement.objects.filter(point=OuterRef("pk"), rank=0)
        if section_id is None:
            condition = ~Exists(first)
        else:
            condition = Exists(first.filter(section_id=section_id))
        if officer:
            condition |= Q(key__in=officer)
        points = Point.objects.filter(condition, run=run)
        return points.exclude(key__in=skip) if skip else points

    def count_under(self, consultation: Consultation, run: AnalysisRun, section_id) -> int:
        """How many points of the run are under one part now (None: under no part)."""
        return self._stored_counts(run)[0][section_id]

    def distinct_count(self, run: AnalysisRun) -> int:
        """How many current points the run has (each once, however many parts it is under)."""
        return self._stored_counts(run)[1]

    def _stored_counts(self, run: AnalysisRun) -> tuple[Counter, int]:
        """The run's stored machine counts with the officers' decisions applied on top: the
        points they decided (few) leave their machine part and go under the officer's parts."""
        if run.pk not in self._by_run:
            stored = run_counts(run)
            rows: Counter = Counter()  # points of the run with such a decision, by key
            machine: Counter = Counter()  # their rank-0 placements, by part
            if self.overridden:
                keys = list(self.overridden)
                rows.update(
                    Point.objects.filter(run=run, key__in=keys).values_list("key", flat=True)
                )
                machine.update(
                    PointPlacement.objects.filter(point__run=run, point__key__in=keys, rank=0)
                    .order_by()
                    .values_list("section_id", flat=True)
                )
            counts: Counter = Counter(stored.sections)
            counts.subtract(machine)
            counts[None] -= rows.total() - machine.total()
            distinct = stored.points - rows.total()
            for section_id, keys in self.by_section.items():
                counts[section_id] += sum(rows[key] for key in keys)
            distinct += sum(rows[key] for key in self.placed_keys)
            self._by_run[run.pk] = (counts, distinct)
        counts, distinct = self._by_run[run.pk]
        return Counter(counts), distinct

    def counts(
        self, consultation: Consultation, run: AnalysisRun, where: Q | None = None
    ) -> tuple[Counter, int]:
        """Current points per part (None: under no part) and distinct current points.

        Without ``where``: the run's stored machine counts, with the few points that have an
        officer's decision taken off their machine part and put under the officer's parts.
        With ``where``: only points of the run that satisfy it count, counted in the database;
        the few points with an officer's decision go through the rule here.
        """
        if where is None:
            return self._stored_counts(run)
        points = Point.objects.filter(run=run).filter(where)
        machine = points.exclude(key__in=self.overridden) if self.overridden else points
        distinct = machine.count()
        placements = PointPlacement.objects.filter(rank=0, point__in=machine).order_by()
        # One count per part, each from the index on (section, rank): no scan of the table.
        per_part = (
            placements.filter(section=OuterRef("pk"))
            .values("section")
            .annotate(n=Count("*"))
            .values("n")
        )
        counts: Counter = Counter(
            {
                pk: n
                for pk, n in Section.objects.filter(consultation=consultation)
                .order_by()
                .annotate(n=Subquery(per_part))
                .values_list("pk", "n")
                if n
            }
        )
        counts[None] = distinct - sum(counts.values())
        if self.placed_keys:
            existing = set(points.filter(key__in=self.placed_keys).values_list("key", flat=True))
            for section_id, keys in self.by_section.items():
                counts[section_id] += sum(1 for key in keys if key in existing)
            distinct += len(existing)
        return counts, distinct


def point_decisions(consultation_id) -> PointDecisions:
    return PointDecisions(
        _corrections_by_key(Response.objects.filter(consultation_id=consultation_id))
    )


def current_points(response: Response, run: AnalysisRun | None) -> list[CurrentPoint]:
    if run is None:
        return []
    points = _points_of_run(run).filter(response=response).order_by("position")
    return _current(points, _corrections_by_key([response]))


def points_with_details(run: AnalysisRun, decisions: PointDecisions, pks) -> list[CurrentPoint]:
    """The current points among ``pks`` (of the run), with body, placements and themes."""
    return _current(_points_of_run(run).filter(pk__in=pks), decisions.by_key)


def page_by_body(points: QuerySet, offset: int, limit: int, then: tuple[str, ...]) -> list:
    """Rows ``offset``..``offset + limit`` of ``points`` ordered by the body's name (answers
    without a body last, on every database), then by ``then``.

    The named ones are read in the order of the bodies' index, so a first page visits only
    the points it shows and a few more, however many points there are.
    """
    named = points.filter(response__organisation__isnull=False).order_by(
        "response__organisation__name", *then
    )
    rows = list(named[offset : offset + limit])
    if len(rows) < limit:
        named_total = offset + len(rows) if rows else named.count()
        start = max(0, offset - named_total)
        nameless = points.filter(response__organisation__isnull=True).order_by(*then)
        rows += list(nameless[start : start + limit - len(rows)])
    return rows


def section_points(
    section: Section, run: AnalysisRun | None, *, page: int = 1, size: int | None = None
) -> Page:
    """One page of the points under the section now, by machine or by an officer.

    Ordered by body (answers without one last) and position; only the page's points are read.
    """
    size = size or PAGE_SIZE
    if run is None:
        return Page([], 1, size, 0)
    decisions = point_decisions(section.consultation_id)
    total = decisions.count_under(section.consultation, run, section.pk)
    number = page_number(page, total, size)
    offset = (number - 1) * size
    points = _with_details(decisions.points_under(run, section.pk))
    rows = page_by_body(points, offset, size, ("position", "response_id", "pk"))
    return Page(_current(rows, decisions.by_key), number, size, total)


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


def latest_stance_corrections(consultation: Consultation, responses=None) -> dict:
    """The newest officer's position of each answer that has one (few), by answer id."""
    corrections = StanceCorrection.objects.filter(response__consultation=consultation)
    if responses is not None:
        corrections = corrections.filter(response__in=responses)
    latest: dict = {}
    for correction in corrections.order_by("-decided_at", "-pk"):
        latest.setdefault(correction.response_id, correction)
    return latest


def current_stances(
    consultation: Consultation, run: AnalysisRun | None, *, responses=None
) -> dict[object, CurrentStance]:
    """The current position of every answer of the consultation that has one, by answer id.

    ``responses`` (ids or a queryset) limits it to those answers.
    """
    judgements = StanceJudgement.objects.filter(run=run) if run else StanceJudgement.objects.none()
    if responses is not None:
        judgements = judgements.filter(response__in=responses)
    machine = {j.response_id: j for j in judgements}
    corrections = latest_stance_corrections(consultation, responses)
    stances = {}
    for response_id in machine.keys() | corrections.keys():
        correction = corrections.get(response_id)
        judgement = machine.get(response_id)
        if correction is not None:
            stances[response_id] = CurrentStance(correction.label, "officer", judgement, correction)
        else:
            stances[response_id] = CurrentStance(judgement.label, "machine", judgement, None)
    return stances


def stance_counts(consultation: Consultation, run: AnalysisRun | None) -> dict[str, int]:
    """How many answers hold each current position: the run's stored machine counts, with the
    officers' positions (few) in place of the machine's for the answers they corrected."""
    corrected = latest_stance_corrections(consultation)
    counts: Counter[str] = Counter(correction.label for correction in corrected.values())
    if run is not None:
        counts.update(run_counts(run).stances)
        if corrected:
            counts.subtract(
                StanceJudgement.objects.filter(run=run, response_id__in=list(corrected))
                .order_by()
                .values_list("label", flat=True)
            )
    return {label: counts[label] for label in Stance.values if counts[label]}


def stance_is(consultation: Consultation, run: AnalysisRun | None, label: str) -> Q:
    """A condition on points (or anything with ``response_id``): the answer's position now."""
    corrected = latest_stance_corrections(consultation)
    officer = [rid for rid, correction in corrected.items() if correction.label == label]
    condition = Q(pk__in=[])
    if run is not None:
        condition = Q(
            response_id__in=StanceJudgement.objects.filter(run=run, label=label).values(
                "response_id"
            )
        )
        if corrected:
            condition &= ~Q(response_id__in=list(corrected))
    if officer:
        condition |= Q(response_id__in=officer)
    return condition


def section_point_counts(consultation: Consultation, run: AnalysisRun | None) -> dict:
    if run is None:
        return {}
    counts, _distinct = point_decisions(consultation.pk).counts(consultation, run)
    return {key: value for key, value in counts.items() if value}


def active_themes(run: AnalysisRun | None) -> list[Theme]:
    """The run's themes not merged away, each with ``point_count`` (from the stored counts)."""
    if run is None:
        return []
    counted = run_counts(run).themes
    themes = list(run.themes.filter(merged_into=None))
    for theme in themes:
        theme.point_count = counted.get(theme.pk, 0)
    return themes


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
    responses: Page  # of ResponseRow
    stance_counts: dict[str, int]
    sections: list[SectionRow]
    themes: list[Theme]  # each with ``point_count``
    endorsements: list
    duplicate_groups: list  # each with ``member_count``, ``shown`` (a few answers), ``more``
    endorsements_total: int = 0
    duplicate_groups_total: int = 0


def consultation_overview(
    consultation: Consultation, run: AnalysisRun | None, *, page: int = 1
) -> ConsultationOverview:
    """What the analysis overview page shows: counts from the database and one page of answers.

    Reads no points and only the page's answers, in a fixed number of queries.
    """
    answers = consultation.responses.all()
    total = answers.count()
    number = page_number(page, total, PAGE_SIZE)
    offset = (number - 1) * PAGE_SIZE
    order = (F("received_at").asc(nulls_first=True), "pk")
    # The page's ids first (a narrow sort), then only those answers with their bodies.
    ids = list(answers.order_by(*order).values_list("pk", flat=True)[offset : offset + PAGE_SIZE])
    responses = list(
        Response.objects.filter(pk__in=ids).select_related("organisation").order_by(*order)
    )
    stances = current_stances(consultation, run, responses=ids)
    point_counts: Counter = Counter(
        dict(
            Point.objects.filter(run=run, response_id__in=ids)
            .values("response_id")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("response_id", "n")
        )
        if run
        else {}
    )
    rows = [
        ResponseRow(response, stances.get(response.pk), point_counts[response.pk])
        for response in responses
    ]
    placed = section_point_counts(consultation, run)
    tree = consultation.sections.as_tree()
    sections: list[SectionRow] = []

    def walk(nodes, depth):
        for node in nodes:
            sections.append(SectionRow(node.section, depth, placed.get(node.section.pk, 0)))
            walk(node.children, depth + 1)

    walk(tree, 0)
    sections.append(SectionRow(None, 0, placed.get(None, 0)))
    endorsements, groups = [], []
    endorsements_total = groups_total = 0
    if run is not None:
        endorsements_total = run.endorsements.count()
        endorsements = list(
            run.endorsements.select_related("response__organisation", "endorsed_response").order_by(
                "pk"
            )[:LIST_LIMIT]
        )
        groups_total = run.duplicate_groups.count()
        groups = list(
            run.duplicate_groups.annotate(member_count=Count("members"))
            .order_by("pk")
            .prefetch_related(
                Prefetch(
                    "members",
                    queryset=Response.objects.select_related("organisation").order_by(
                        "received_at", "pk"
                    )[:MEMBERS_SHOWN],
                    to_attr="shown",
                )
            )[:LIST_LIMIT]
        )
        for group in groups:
            group.more = group.member_count - len(group.shown)
    return ConsultationOverview(
        responses=Page(rows, number, PAGE_SIZE, total),
        stance_counts=stance_counts(consultation, run),
        sections=sections,
        themes=active_themes(run),
        endorsements=endorsements,
        duplicate_groups=groups,
        endorsements_total=endorsements_total,
        duplicate_groups_total=groups_total,
    )
