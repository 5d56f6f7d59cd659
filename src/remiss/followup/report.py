"""The annual follow-up report of a strategy: what was done, how far each insats has come, and
how the indicators moved — for one calendar year.

``report_assemble`` reads the database once and returns a ``FollowupReport``: frozen
dataclasses that no page or document builder needs to query further. ``annual_report_freeze``
stores the report of a year as an ``AnnualReport`` snapshot (JSON, from ``to_data``), which is
what was reported: the page and the documents show the frozen report when there is one, and
``report_from_snapshot`` reads it back. Freezing the same year again replaces the snapshot.

The rules, so that a reader of the report knows what the words mean:

- **Focus areas** are the consultation's parts of kind "inriktningsområde", in reading order;
  a part of another kind that has an action plan or an indicator is shown too, so nothing
  planned is left out.
- **Status at the end of the year** is the last entry of the insats's status history made on
  or before 31 December of the year; an insats without history up to then shows its current
  status.
- **The value of an indicator** is the value recorded for the year. Statistics often come a
  year or two late, so the report also gives the *latest value up to the year*, and the
  *change* is the latest value minus the value before it (with both years shown).
- **On track** (``ON_TRACK``): the straight line from the base (base year, base value) to the
  target (target year, target value) gives an expected value for the year of the latest
  value (the target itself after the target year). The indicator is on track when the latest
  value is at least the expected value (at most, when lower is better), *behind* when not.
  Without a base, a target, a target year after the base year, or a value after the base
  year, the report says *no basis for an assessment* (``NO_DATA``).
- **What changed since the year before** compares with the previous year's frozen report when
  there is one (``basis == "snapshot"``): insatser not in it are new, insatser whose status
  differs have changed, indicators whose latest value differs have moved. Without a frozen
  report the comparison is computed from the history (``basis == "history"``): the status at
  the end of the previous year, insatser whose history begins in the year, and the latest
  indicator value up to the previous year.
"""

import dataclasses
import types
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Union, get_args, get_origin, get_type_hints

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from remiss.audit.services import audit_record
from remiss.consultations.models import (
    Consultation,
    DraftVersionKind,
    Section,
    SectionKind,
)

from .models import (
    ActionPlan,
    AnnualReport,
    Indicator,
    Insats,
    InsatsReport,
    InsatsStatusChange,
)

SCHEMA_VERSION = 1

ON_TRACK = "on_track"
BEHIND = "behind"
NO_DATA = "no_data"

BASIS_SNAPSHOT = "snapshot"
BASIS_HISTORY = "history"

# Prefixes a remiss title carries that the strategy's own name does not.
TITLE_PREFIXES = ("remissversion av ", "remissversion: ", "förslag till ", "förslag: ")


# --- The report ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsultationFacts:
    id: str
    case_number: str
    title: str
    strategy_title: str
    remitting_body: str
    adopted_on: date | None = None
    adopted_by: str = ""
    adoption_case_number: str = ""


@dataclass(frozen=True)
class PointRef:
    """A point of an answer that an insats answers to."""

    body: str
    point_text: str
    point_key: str = ""


@dataclass(frozen=True)
class InsatsLine:
    id: str
    number: str
    title: str
    description: str = ""
    responsible: str = ""
    co_actors: tuple[str, ...] = ()
    planned_start: date | None = None
    planned_end: date | None = None
    actual_start: date | None = None
    actual_end: date | None = None
    status: str = ""  # at the end of the year (InsatsStatus value)
    status_before: str = ""  # at the end of the year before ("" when unknown)
    narrative: str = ""  # the responsible actor's report for the year
    narrative_by: str = ""
    reported_status: str = ""
    sources: tuple[PointRef, ...] = ()
    is_new: bool = False
    is_demo_data: bool = False

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def status_changed(self) -> bool:
        return bool(self.status_before) and self.status_before != self.status


@dataclass(frozen=True)
class PlanLine:
    id: str
    title: str
    description: str = ""
    decided_on: date | None = None
    case_number: str = ""
    insatser: tuple[InsatsLine, ...] = ()
    is_demo_data: bool = False


@dataclass(frozen=True, order=True)
class YearValue:
    year: int
    value: float


@dataclass(frozen=True)
class IndicatorLine:
    id: str
    name: str
    definition: str = ""
    unit: str = ""
    source: str = ""  # IndicatorSource value
    source_id: str = ""
    geography: str = ""
    attribution: str = ""
    base_year: int | None = None
    base_value: float | None = None
    target_year: int | None = None
    target_value: float | None = None
    higher_is_better: bool = True
    values: tuple[YearValue, ...] = ()  # every value up to the year, oldest first
    value_of_year: float | None = None
    latest: YearValue | None = None
    previous: YearValue | None = None
    change: float | None = None  # latest minus previous
    expected: float | None = None  # on the line from base to target, in the latest's year
    track: str = NO_DATA
    insatser: tuple[str, ...] = ()  # labels of the insatser it follows
    is_demo_data: bool = False

    @property
    def target(self) -> YearValue | None:
        if self.target_year is None or self.target_value is None:
            return None
        return YearValue(self.target_year, self.target_value)

    @property
    def base(self) -> YearValue | None:
        if self.base_year is None or self.base_value is None:
            return None
        return YearValue(self.base_year, self.base_value)


@dataclass(frozen=True)
class FocusArea:
    section_id: str
    number: str
    title: str
    kind: str = SectionKind.INRIKTNINGSOMRADE.value
    plans: tuple[PlanLine, ...] = ()
    indicators: tuple[IndicatorLine, ...] = ()

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def insatser(self) -> tuple[InsatsLine, ...]:
        return tuple(insats for plan in self.plans for insats in plan.insatser)


@dataclass(frozen=True)
class StatusChange:
    insats_id: str
    insats: str
    before: str
    after: str


@dataclass(frozen=True)
class IndicatorMove:
    indicator_id: str
    name: str
    unit: str = ""
    before: YearValue | None = None
    after: YearValue | None = None


@dataclass(frozen=True)
class Changes:
    basis: str
    previous_year: int
    previous_frozen_at: datetime | None = None
    status_changes: tuple[StatusChange, ...] = ()
    new_insatser: tuple[str, ...] = ()
    indicator_moves: tuple[IndicatorMove, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.status_changes or self.new_insatser or self.indicator_moves)


@dataclass(frozen=True)
class FollowupReport:
    consultation: ConsultationFacts
    year: int
    generated_at: datetime
    focus_areas: tuple[FocusArea, ...] = ()
    changes: Changes = field(default_factory=lambda: Changes(BASIS_HISTORY, 0))
    has_demo_data: bool = False
    schema: int = SCHEMA_VERSION

    @property
    def title(self) -> str:
        return f"Uppföljning {self.year}: {self.consultation.strategy_title}"

    @property
    def insats_count(self) -> int:
        return sum(len(area.insatser) for area in self.focus_areas)

    @property
    def indicator_count(self) -> int:
        return sum(len(area.indicators) for area in self.focus_areas)

    def to_data(self) -> dict[str, Any]:
        """The report as JSON-safe data (dates as ISO strings)."""
        return _encode(self)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "FollowupReport":
        """The report back from ``to_data``; unknown keys are refused (``ValueError``)."""
        return _decode(cls, data)


# --- JSON ---------------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_encode(item) for item in value]
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    return value


def _decode(kind: Any, data: Any) -> Any:
    if data is None:
        return None
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        options = [arg for arg in get_args(kind) if arg is not type(None)]
        return _decode(options[0], data)
    if origin is tuple:
        item = get_args(kind)[0]
        return tuple(_decode(item, value) for value in data)
    if dataclasses.is_dataclass(kind):
        if not isinstance(data, dict):
            raise ValueError(f"{kind.__name__}: expected an object, got {type(data).__name__}")
        hints = get_type_hints(kind)
        names = {f.name for f in dataclasses.fields(kind)}
        unknown = set(data) - names
        if unknown:
            raise ValueError(f"{kind.__name__}: unknown fields {sorted(unknown)}")
        return kind(**{name: _decode(hints[name], value) for name, value in data.items()})
    if kind is datetime:
        return datetime.fromisoformat(data)
    if kind is date:
        return date.fromisoformat(data)
    if kind is float:
        return float(data)
    if kind in (int, str, bool):
        if not isinstance(data, kind) or (kind is int and isinstance(data, bool)):
            raise ValueError(f"expected {kind.__name__}, got {data!r}")
        return data
    raise ValueError(f"cannot read {kind!r}")


# --- Rules --------------------------------------------------------------------------------


def strategy_title(title: str) -> str:
    """The strategy's name from the remiss's title: 'Remissversion av Näringslivs- och …' →
    'Näringslivs- och …'."""
    lowered = title.lower()
    for prefix in TITLE_PREFIXES:
        if lowered.startswith(prefix) and len(title) > len(prefix):
            rest = title[len(prefix) :]
            return rest[0].upper() + rest[1:]
    return title


def on_track(
    *,
    base: YearValue | None,
    target: YearValue | None,
    latest: YearValue | None,
    higher_is_better: bool = True,
) -> tuple[str, float | None]:
    """(ON_TRACK | BEHIND | NO_DATA, the expected value on the line from base to target)."""
    if base is None or target is None or latest is None:
        return NO_DATA, None
    if target.year <= base.year or latest.year <= base.year:
        return NO_DATA, None
    share = min((latest.year - base.year) / (target.year - base.year), 1.0)
    expected = base.value + (target.value - base.value) * share
    tolerance = 1e-9 * max(1.0, abs(expected))
    if higher_is_better:
        good = latest.value >= expected - tolerance
    else:
        good = latest.value <= expected + tolerance
    return (ON_TRACK if good else BEHIND), expected


def end_of_year(year: int) -> datetime:
    """The first moment after 31 December of the year, in the site's time zone."""
    return datetime(year + 1, 1, 1, tzinfo=timezone.get_default_timezone())


def status_at(history: Iterable[InsatsStatusChange], moment: datetime) -> str:
    """The status of the last change before ``moment`` ("" when none was made by then)."""
    status = ""
    for change in sorted(history, key=lambda c: c.changed_at):
        if change.changed_at < moment:
            status = change.status
    return status


# --- Assembly -----------------------------------------------------------------------------


def _facts(consultation: Consultation) -> ConsultationFacts:
    adopted = (
        consultation.draft_versions.filter(kind=DraftVersionKind.ANTAGEN)
        .order_by("-created_at")
        .first()
    )
    return ConsultationFacts(
        id=str(consultation.pk),
        case_number=consultation.case_number,
        title=consultation.title,
        strategy_title=strategy_title(consultation.title),
        remitting_body=consultation.remitting_organisation.name,
        adopted_on=adopted.decided_on if adopted else None,
        adopted_by=adopted.decided_by_body if adopted else "",
        adoption_case_number=adopted.decision_case_number if adopted else "",
    )


def _focus_area_sections(consultation: Consultation) -> list[Section]:
    with_plans = set(consultation.action_plans.values_list("focus_area_id", flat=True))
    with_indicators = set(consultation.indicators.values_list("focus_area_id", flat=True))
    used = with_plans | with_indicators
    ordered: list[Section] = []

    def walk(nodes):
        for node in nodes:
            section = node.section
            if section.kind == SectionKind.INRIKTNINGSOMRADE or section.pk in used:
                ordered.append(section)
            walk(node.children)

    walk(consultation.sections.as_tree())
    return ordered


def _insats_line(insats: Insats, year: int, previous_status: dict[str, str] | None) -> InsatsLine:
    history = list(insats.status_history.all())
    status = status_at(history, end_of_year(year)) or insats.status
    first = min((c.changed_at for c in history), default=None)
    if previous_status is None:  # from the history
        before = status_at(history, end_of_year(year - 1))
        is_new = first is not None and timezone.localtime(first).year == year
    else:  # from last year's frozen report
        before = previous_status.get(str(insats.pk), "")
        is_new = str(insats.pk) not in previous_status
    report = next((r for r in insats.reports.all() if r.year == year), None)
    return InsatsLine(
        id=str(insats.pk),
        number=insats.number,
        title=insats.title,
        description=insats.description,
        responsible=insats.responsible.name if insats.responsible else "",
        co_actors=tuple(sorted(o.name for o in insats.co_actors.all())),
        planned_start=insats.planned_start,
        planned_end=insats.planned_end,
        actual_start=insats.actual_start,
        actual_end=insats.actual_end,
        status=status,
        status_before=before,
        narrative=report.narrative if report else "",
        narrative_by=report.reported_by_label if report else "",
        reported_status=report.status if report else "",
        sources=tuple(
            PointRef(
                body=source.response.organisation.name
                if source.response.organisation_id
                else "Okänd avsändare",
                point_text=source.point_text,
                point_key=source.point_key,
            )
            for source in insats.sources.all()
        ),
        is_new=is_new,
        is_demo_data=insats.is_demo_data,
    )


def _latest(values: list[YearValue], year: int) -> YearValue | None:
    up_to = [v for v in values if v.year <= year]
    return up_to[-1] if up_to else None


def _indicator_line(indicator: Indicator, year: int) -> IndicatorLine:
    values = sorted(
        (YearValue(v.year, v.value) for v in indicator.values.all() if v.year <= year),
        key=lambda v: v.year,
    )
    latest = values[-1] if values else None
    previous = values[-2] if len(values) > 1 else None
    base = (
        YearValue(indicator.base_year, indicator.base_value)
        if indicator.base_year is not None and indicator.base_value is not None
        else None
    )
    target = (
        YearValue(indicator.target_year, indicator.target_value)
        if indicator.target_year is not None and indicator.target_value is not None
        else None
    )
    track, expected = on_track(
        base=base, target=target, latest=latest, higher_is_better=indicator.higher_is_better
    )
    return IndicatorLine(
        id=str(indicator.pk),
        name=indicator.name,
        definition=indicator.definition,
        unit=indicator.unit,
        source=indicator.source,
        source_id=indicator.source_id,
        geography=indicator.geography,
        attribution=indicator.attribution,
        base_year=indicator.base_year,
        base_value=indicator.base_value,
        target_year=indicator.target_year,
        target_value=indicator.target_value,
        higher_is_better=indicator.higher_is_better,
        values=tuple(values),
        value_of_year=next((v.value for v in values if v.year == year), None),
        latest=latest,
        previous=previous,
        change=round(latest.value - previous.value, 9) if latest and previous else None,
        expected=expected,
        track=track,
        insatser=tuple(str(insats) for insats in indicator.insatser.all()),
        is_demo_data=indicator.is_demo_data,
    )


def _previous_snapshot(consultation: Consultation, year: int) -> AnnualReport | None:
    return AnnualReport.objects.filter(consultation=consultation, year=year - 1).first()


def _changes(
    year: int,
    areas: tuple[FocusArea, ...],
    indicators: list[Indicator],
    previous: "FollowupReport | None",
    previous_frozen_at: datetime | None,
) -> Changes:
    insatser = [insats for area in areas for insats in area.insatser]
    status_changes = tuple(
        StatusChange(i.id, i.label, i.status_before, i.status) for i in insatser if i.status_changed
    )
    new = tuple(i.label for i in insatser if i.is_new)
    lines = {line.id: line for area in areas for line in area.indicators}
    if previous is not None:
        before = {line.id: line.latest for area in previous.focus_areas for line in area.indicators}
    else:
        before = {
            str(indicator.pk): _latest(
                sorted(YearValue(v.year, v.value) for v in indicator.values.all()),
                year - 1,
            )
            for indicator in indicators
        }
    moves = tuple(
        IndicatorMove(line.id, line.name, line.unit, before.get(line.id), line.latest)
        for line in lines.values()
        if line.latest is not None and before.get(line.id) != line.latest
    )
    return Changes(
        basis=BASIS_SNAPSHOT if previous is not None else BASIS_HISTORY,
        previous_year=year - 1,
        previous_frozen_at=previous_frozen_at,
        status_changes=status_changes,
        new_insatser=new,
        indicator_moves=moves,
    )


def report_assemble(consultation: Consultation, year: int) -> FollowupReport:
    """The follow-up report of the consultation's strategy for one calendar year, live."""
    consultation = Consultation.objects.select_related("remitting_organisation").get(
        pk=consultation.pk
    )
    frozen_before = _previous_snapshot(consultation, year)
    previous = report_from_snapshot(frozen_before) if frozen_before else None
    previous_status = (
        {i.id: i.status for area in previous.focus_areas for i in area.insatser}
        if previous
        else None
    )
    insatser = Insats.objects.select_related("responsible").prefetch_related(
        "co_actors",
        "status_history",
        Prefetch("reports", queryset=InsatsReport.objects.filter(year=year)),
        "sources__response__organisation",
    )
    plans = (
        ActionPlan.objects.filter(consultation=consultation)
        .prefetch_related(Prefetch("insatser", queryset=insatser))
        .order_by("created_at")
    )
    by_area: dict[Any, list[ActionPlan]] = {}
    for plan in plans:
        by_area.setdefault(plan.focus_area_id, []).append(plan)
    indicators = list(
        Indicator.objects.filter(consultation=consultation).prefetch_related("values", "insatser")
    )
    indicators_by_area: dict[Any, list[Indicator]] = {}
    for indicator in indicators:
        indicators_by_area.setdefault(indicator.focus_area_id, []).append(indicator)

    areas = tuple(
        FocusArea(
            section_id=str(section.pk),
            number=section.number,
            title=section.title,
            kind=section.kind,
            plans=tuple(
                PlanLine(
                    id=str(plan.pk),
                    title=plan.title,
                    description=plan.description,
                    decided_on=plan.decided_on,
                    case_number=plan.case_number,
                    insatser=tuple(
                        _insats_line(insats, year, previous_status)
                        for insats in plan.insatser.all()
                    ),
                    is_demo_data=plan.is_demo_data,
                )
                for plan in by_area.get(section.pk, [])
            ),
            indicators=tuple(
                _indicator_line(indicator, year)
                for indicator in indicators_by_area.get(section.pk, [])
            ),
        )
        for section in _focus_area_sections(consultation)
    )
    has_demo_data = any(
        plan.is_demo_data or any(i.is_demo_data for i in plan.insatser)
        for area in areas
        for plan in area.plans
    ) or any(line.is_demo_data for area in areas for line in area.indicators)
    return FollowupReport(
        consultation=_facts(consultation),
        year=year,
        generated_at=timezone.now(),
        focus_areas=areas,
        changes=_changes(
            year,
            areas,
            indicators,
            previous,
            frozen_before.frozen_at if frozen_before else None,
        ),
        has_demo_data=has_demo_data,
    )


# --- Frozen reports -----------------------------------------------------------------------


def report_from_snapshot(annual_report: AnnualReport) -> FollowupReport:
    return FollowupReport.from_data(annual_report.snapshot)


def frozen_report(consultation: Consultation, year: int) -> AnnualReport | None:
    return (
        AnnualReport.objects.select_related("frozen_by")
        .filter(consultation=consultation, year=year)
        .first()
    )


def report_for_year(
    consultation: Consultation, year: int, *, live: bool = False
) -> tuple[FollowupReport, AnnualReport | None]:
    """The frozen report of the year when there is one (unless ``live``), else the live one."""
    annual = None if live else frozen_report(consultation, year)
    if annual is not None:
        return report_from_snapshot(annual), annual
    return report_assemble(consultation, year), None


@transaction.atomic
def annual_report_freeze(
    *, actor: Any, consultation: Consultation, year: int, is_demo_data: bool = False
) -> AnnualReport:
    """Store the report of the year as it stands now; freezing a year again replaces it."""
    report = report_assemble(consultation, year)
    user = actor if getattr(actor, "is_authenticated", False) else None
    annual = (
        AnnualReport.objects.select_for_update()
        .filter(consultation=consultation, year=year)
        .first()
    )
    replaced = annual is not None
    if annual is None:
        annual = AnnualReport(consultation=consultation, year=year)
    annual.snapshot = report.to_data()
    annual.frozen_at = report.generated_at
    annual.frozen_by = user
    annual.is_demo_data = is_demo_data
    annual.save()
    audit_record(
        actor=actor,
        action="followup.report_frozen",
        obj=annual,
        changes={
            "year": year,
            "replaced": replaced,
            "focus_areas": len(report.focus_areas),
            "insatser": report.insats_count,
            "indicators": report.indicator_count,
        },
    )
    return annual
