"""The follow-up's workflows: action plans, insatser, indicators, the adopted strategy, the
candidate actors found in the answers, and the actors' yearly reports through their links.

Every function is keyword-only, validates with ``full_clean`` and writes the audit trail
(actions "followup.*"). A focus area, an insats, an answer or an indicator must belong to the
consultation it is used with.

Reporting links work like the portal's invitations (``consultations.invitations``): a random
token of 256 bits goes into the e-mail, only its SHA-256 is stored, and tokens are never
logged. A link for the follow-up of year Y works until 31 March of year Y+1, 23:59 Swedish
time: the actors report on a calendar year in the first quarter of the next, in time for the
region's annual report ("Läget i Stockholmsregionen") in the spring. An officer can revoke it.
"""

import logging
import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from remiss.analysis.selectors import consultation_points, latest_run
from remiss.audit.services import audit_record
from remiss.compilation.assembly import compilation_assemble
from remiss.compilation.models import Outcome
from remiss.consultations.drafts import draft_version_record
from remiss.consultations.invitations import TOKEN_BYTES, token_hash
from remiss.consultations.links import link_from_token
from remiss.consultations.models import (
    Consultation,
    DraftVersion,
    DraftVersionKind,
    Organisation,
    Section,
)
from remiss.portal.models import AnswerStatus, PortalAnswer
from remiss.responses.models import Response
from remiss.tabular import table_error_message
from remiss.textkit.tables import TableError, read_table

from .importing import Problem, parse_indicator_table, strip_title_lines
from .models import (
    ActionPlan,
    AdoptionTrace,
    CandidateActor,
    Indicator,
    IndicatorSource,
    IndicatorValue,
    Insats,
    InsatsReport,
    InsatsSource,
    InsatsStatus,
    InsatsStatusChange,
    ReportingLink,
)

logger = logging.getLogger(__name__)

# What an answer says when the body offers to take part in carrying out the strategy (R46).
# A verb of taking part counts only after a word of willingness ("vill", "kan", "gärna" …),
# so that "strategin ska bidra till tillväxt" is not an offer.
PARTICIPATION_CUES: tuple[str, ...] = (
    r"\b(vill|kan|önskar|avser|är (gärna )?beredda? att|ser fram emot att|tar gärna|gärna)\b"
    r"[^.!?\n]{0,40}?\b(medverka|bidra|delta|samverka)\b",
    r"\b(medverkar|bidrar|deltar|samverkar) gärna\b",
    r"\bdelta i genomförandet\b",
    r"\bvill vara med\b",
    r"\bställer gärna upp\b",
    r"\bsamverka i arbetet\b",
)
_PARTICIPATION = re.compile("|".join(f"(?:{cue})" for cue in PARTICIPATION_CUES), re.IGNORECASE)

INSATS_FIELDS = (
    "number",
    "title",
    "description",
    "responsible",
    "co_actors",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "s3_area",
    "erdf_codes",
    "themes",
    "position",
)
TRACED_OUTCOMES = (Outcome.BEAKTAS, Outcome.BEAKTAS_DELVIS)


def offers_participation(text: str) -> bool:
    """Whether a point's text says the body wants to take part in the work."""
    return bool(_PARTICIPATION.search(text))


def _labels(value: Any) -> list[str]:
    """Themes or codes as a list; a text is split at its commas."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return [str(part).strip() for part in value if str(part).strip()]


def _user(actor: Any | None):
    return actor if getattr(actor, "is_authenticated", False) else None


def _json(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    if isinstance(value, Organisation):
        return value.name
    return str(value)


def _check_focus_area(consultation: Consultation, focus_area: Section) -> None:
    if focus_area.consultation_id != consultation.pk:
        raise ValidationError(
            {"focus_area": _("The focus area is not a part of this consultation's strategy.")},
            code="focus_area_elsewhere",
        )


def _check_dates(insats: Insats) -> None:
    errors = {}
    if insats.planned_start and insats.planned_end and insats.planned_end < insats.planned_start:
        errors["planned_end"] = _("The planned end cannot be before the planned start.")
    if insats.actual_start and insats.actual_end and insats.actual_end < insats.actual_start:
        errors["actual_end"] = _("The actual end cannot be before the actual start.")
    if errors:
        raise ValidationError(errors, code="dates")


def _check_status(status: str) -> None:
    if status not in InsatsStatus.values:
        raise ValidationError(
            {"status": _("“%(status)s” is not a status of an insats.") % {"status": status}},
            code="status",
        )


# --- Action plans and insatser ------------------------------------------------------------


@transaction.atomic
def action_plan_create(
    *,
    actor: Any,
    consultation: Consultation,
    focus_area: Section,
    title: str,
    description: str = "",
    decided_on: date | None = None,
    case_number: str = "",
    is_demo_data: bool = False,
) -> ActionPlan:
    """The action plan of one focus area of the strategy."""
    _check_focus_area(consultation, focus_area)
    plan = ActionPlan(
        consultation=consultation,
        focus_area=focus_area,
        title=title.strip(),
        description=description.strip(),
        decided_on=decided_on,
        case_number=case_number.strip(),
        is_demo_data=is_demo_data,
    )
    plan.full_clean()
    plan.save()
    audit_record(
        actor=actor,
        action="followup.action_plan_created",
        obj=plan,
        changes={"focus_area": focus_area.number, "case_number": plan.case_number},
    )
    return plan


@transaction.atomic
def insats_create(
    *,
    actor: Any,
    plan: ActionPlan,
    title: str,
    number: str = "",
    description: str = "",
    responsible: Organisation | None = None,
    co_actors=(),
    planned_start: date | None = None,
    planned_end: date | None = None,
    actual_start: date | None = None,
    actual_end: date | None = None,
    status: str = InsatsStatus.PLANERAD,
    s3_area: str = "",
    themes=(),
    erdf_codes=(),
    position: int | None = None,
    is_demo_data: bool = False,
) -> Insats:
    """A new insats of an action plan, with the first row of its status history."""
    _check_status(status)
    if position is None:
        position = plan.insatser.count() + 1
    insats = Insats(
        plan=plan,
        number=number.strip(),
        title=title.strip(),
        description=description.strip(),
        responsible=responsible,
        planned_start=planned_start,
        planned_end=planned_end,
        actual_start=actual_start,
        actual_end=actual_end,
        status=status,
        s3_area=s3_area.strip(),
        themes=_labels(themes),
        erdf_codes=_labels(erdf_codes),
        position=position,
        is_demo_data=is_demo_data,
    )
    insats.full_clean()
    _check_dates(insats)
    insats.save()
    if co_actors:
        insats.co_actors.set(list(co_actors))
    InsatsStatusChange.objects.create(
        insats=insats,
        status=status,
        changed_by=_user(actor),
        changed_by_label=_user(actor).get_username() if _user(actor) else "",
    )
    audit_record(
        actor=actor,
        action="followup.insats_created",
        obj=insats,
        changes={
            "plan": str(plan.pk),
            "status": status,
            "responsible": responsible.name if responsible else None,
        },
    )
    return insats


@transaction.atomic
def insats_update(*, actor: Any, insats: Insats, **fields: Any) -> Insats:
    """Change the insats's fields (see INSATS_FIELDS); a new ``status`` goes to the history."""
    status = fields.pop("status", None)
    unknown = set(fields) - set(INSATS_FIELDS)
    if unknown:
        raise TypeError(f"insats_update() got unknown fields: {', '.join(sorted(unknown))}")
    co_actors = fields.pop("co_actors", None)
    changes: dict[str, Any] = {}
    for name, value in fields.items():
        if name in ("themes", "erdf_codes"):
            value = _labels(value)
        elif isinstance(value, str):
            value = value.strip()
        before = getattr(insats, name)
        if before != value:
            changes[name] = {"from": _json(before), "to": _json(value)}
            setattr(insats, name, value)
    insats.full_clean()
    _check_dates(insats)
    if changes:
        insats.save()
    if co_actors is not None:
        before_names = sorted(o.name for o in insats.co_actors.all())
        after_names = sorted(o.name for o in co_actors)
        if before_names != after_names:
            insats.co_actors.set(list(co_actors))
            changes["co_actors"] = {"from": before_names, "to": after_names}
    if changes:
        audit_record(actor=actor, action="followup.insats_updated", obj=insats, changes=changes)
    if status is not None:
        insats_set_status(actor=actor, insats=insats, status=status)
    return insats


@transaction.atomic
def insats_set_status(
    *, actor: Any, insats: Insats, status: str, note: str = "", actor_label: str = ""
) -> Insats:
    """A new status (a row in the history, audited); the same status without a note is no change.

    ``actor_label`` names who changed it when that is not a user (an actor's report).
    """
    _check_status(status)
    note = note.strip()
    before = insats.status
    if before == status and not note:
        return insats
    user = _user(actor)
    label = actor_label or (user.get_username() if user else "")
    InsatsStatusChange.objects.create(
        insats=insats,
        status=status,
        changed_by=user,
        changed_by_label=label[:200],
        note=note,
    )
    if before != status:
        insats.status = status
        insats.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="followup.insats_status_changed",
        obj=insats,
        changes={"status": {"from": before, "to": status}} | ({"note": note} if note else {}),
        actor_label=actor_label or None,
    )
    return insats


@transaction.atomic
def insats_link_point(
    *, actor: Any, insats: Insats, response: Response, point_key: str, point_text: str
) -> InsatsSource:
    """Record that the insats answers a point of an answer (once per point)."""
    if response.consultation_id != insats.plan.consultation_id:
        raise ValidationError(
            _("The answer belongs to another consultation than the insats."), code="elsewhere"
        )
    source, created = InsatsSource.objects.get_or_create(
        insats=insats,
        response=response,
        point_key=point_key,
        defaults={"point_text": point_text},
    )
    if created:
        audit_record(
            actor=actor,
            action="followup.insats_point_linked",
            obj=insats,
            changes={"response": str(response.pk), "point": point_key},
        )
    return source


@transaction.atomic
def insats_unlink_point(*, actor: Any, source: InsatsSource) -> None:
    insats = source.insats
    changes = {"response": str(source.response_id), "point": source.point_key}
    source.delete()
    audit_record(actor=actor, action="followup.insats_point_unlinked", obj=insats, changes=changes)


# --- Indicators ----------------------------------------------------------------------------


@transaction.atomic
def indicator_create(
    *,
    actor: Any,
    consultation: Consultation,
    focus_area: Section,
    name: str,
    unit: str = "",
    source: str = IndicatorSource.EGEN,
    source_id: str = "",
    geography: str = "",
    base_year: int | None = None,
    base_value: float | None = None,
    target_value: float | None = None,
    target_year: int | None = None,
    definition: str = "",
    attribution: str = "",
    higher_is_better: bool = True,
    insatser=(),
    is_demo_data: bool = False,
) -> Indicator:
    """An indicator of a focus area, with its base and target, tied to insatser of the same
    consultation."""
    _check_focus_area(consultation, focus_area)
    insatser = list(insatser)
    if any(i.plan.consultation_id != consultation.pk for i in insatser):
        raise ValidationError(
            {"insatser": _("An insats belongs to another consultation.")}, code="elsewhere"
        )
    if base_year and target_year and target_year < base_year:
        raise ValidationError(
            {"target_year": _("The target year cannot be before the base year.")}, code="years"
        )
    if not attribution and source == IndicatorSource.KOLADA:
        attribution = "Källa: Kolada (RKA)"
    indicator = Indicator(
        consultation=consultation,
        focus_area=focus_area,
        name=name.strip(),
        unit=unit.strip(),
        source=source,
        source_id=source_id.strip(),
        geography=geography.strip(),
        base_year=base_year,
        base_value=base_value,
        target_value=target_value,
        target_year=target_year,
        definition=definition.strip(),
        attribution=attribution.strip(),
        higher_is_better=higher_is_better,
        position=consultation.indicators.filter(focus_area=focus_area).count() + 1,
        is_demo_data=is_demo_data,
    )
    indicator.full_clean()
    indicator.save()
    if insatser:
        indicator.insatser.set(insatser)
    audit_record(
        actor=actor,
        action="followup.indicator_created",
        obj=indicator,
        changes={"focus_area": focus_area.number, "source": source, "source_id": source_id},
    )
    return indicator


def _check_year(year: int) -> None:
    if not isinstance(year, int) or not 1900 <= year <= 2100:
        raise ValidationError({"year": _("The year must be between 1900 and 2100.")}, code="year")


def _value_set(
    indicator: Indicator, year: int, value: float, note: str, imported_from: str
) -> tuple[IndicatorValue, float | None]:
    existing = IndicatorValue.objects.filter(indicator=indicator, year=year).first()
    before = existing.value if existing else None
    row = existing or IndicatorValue(indicator=indicator, year=year)
    row.value = float(value)
    row.note = note.strip()
    row.imported_from = imported_from
    row.recorded_at = timezone.now()
    row.full_clean()
    row.save()
    return row, before


@transaction.atomic
def indicator_value_set(
    *,
    actor: Any,
    indicator: Indicator,
    year: int,
    value: float,
    note: str = "",
    imported_from: str = "",
) -> IndicatorValue:
    """The indicator's value of a year, new or replacing the one recorded."""
    _check_year(year)
    row, before = _value_set(indicator, year, value, note, imported_from)
    audit_record(
        actor=actor,
        action="followup.indicator_value_set",
        obj=indicator,
        changes={"year": year, "value": {"from": before, "to": row.value}}
        | ({"imported_from": imported_from} if imported_from else {}),
    )
    return row


@dataclass(frozen=True)
class ValuesImport:
    """What an import did: ``imported`` values, or ``errors`` (Swedish) and nothing saved."""

    errors: list[str] = field(default_factory=list)
    imported: int = 0
    skipped: int = 0  # cells marked as missing ("..")
    shape: str = ""  # "plain", "kolada" or "pxweb"

    @property
    def ok(self) -> bool:
        return not self.errors


def problem_message(problem: Problem) -> str:
    """The officer's message for a problem of an indicator table."""
    values = {"row": problem.row, "value": problem.value, "column": problem.column}
    if problem.code == "no_columns":
        return _(
            "The table has neither a year column and a value column (år, värde) nor one column "
            "per year."
        )
    if problem.code == "region_not_found":
        return _("No row of the table is for the indicator's geography “%(value)s”.") % values
    if problem.code == "many_regions":
        return (
            _(
                "The table has rows for several regions (%(value)s). Enter the indicator's "
                "geography to choose one."
            )
            % values
        )
    if problem.code == "no_values":
        return _("The table has no values.")
    if problem.code == "many_rows":
        return _("Row %(row)s: the table has several rows for the region “%(value)s”.") % values
    if problem.code == "bad_year":
        return _("Row %(row)s: “%(value)s” is not a year.") % values
    if problem.code == "duplicate_year":
        return (
            _("Row %(row)s: the year %(value)s appears more than once, with different values.")
            % values
        )
    # bad_value
    return _("Row %(row)s, column “%(column)s”: “%(value)s” is not a number.") % values


@transaction.atomic
def indicator_values_import(
    *, actor: Any, indicator: Indicator, filename: str, data: bytes
) -> ValuesImport:
    """Read the yearly values from a CSV or XLSX file (a plain table, Kolada's export or SCB's
    PxWeb table, see ``importing``) and record them; all or nothing."""
    try:
        table = read_table(filename, strip_title_lines(data))
    except TableError as error:
        return ValuesImport(errors=[table_error_message(error)])
    parsed = parse_indicator_table(table, geography=indicator.geography)
    if not parsed.ok:
        return ValuesImport(
            errors=[problem_message(p) for p in parsed.problems],
            skipped=parsed.skipped,
            shape=parsed.shape,
        )
    name = filename.rsplit("/", 1)[-1][:255]
    for year, value in parsed.values:
        _value_set(indicator, year, value, "", name)
    audit_record(
        actor=actor,
        action="followup.indicator_values_imported",
        obj=indicator,
        changes={
            "file": name,
            "shape": parsed.shape,
            "years": [year for year, _value in parsed.values],
        },
    )
    return ValuesImport(imported=len(parsed.values), skipped=parsed.skipped, shape=parsed.shape)


# --- The adopted strategy ------------------------------------------------------------------


@transaction.atomic
def adoption_record(
    *,
    actor: Any,
    consultation: Consultation,
    decided_on: date,
    decided_by_body: str,
    decision_case_number: str,
    source_filename: str = "",
    source_data: bytes = b"",
) -> DraftVersion:
    """Record the adopted strategy and, from the compilation, the points behind it.

    Every point whose outcome is "beaktas" or "beaktas delvis" becomes a trace under its part
    (no part for the general points). A later decision makes a new version; the earlier one
    and its traces stay.
    """
    if decided_on is None:
        raise ValidationError(
            {"decided_on": _("Enter the date of the decision.")}, code="decided_on"
        )
    version = draft_version_record(
        actor=actor,
        consultation=consultation,
        kind=DraftVersionKind.ANTAGEN,
        source_filename=source_filename,
        source_data=source_data,
        decided_on=decided_on,
        decided_by_body=decided_by_body.strip(),
        decision_case_number=decision_case_number.strip(),
    )
    compilation = compilation_assemble(consultation)
    sections = {str(s.pk): s for s in consultation.sections.all()}
    traces = [
        AdoptionTrace(
            version=version,
            section=sections.get(block.section_id) if block.section_id else None,
            section_number=block.number,
            response_id=entry.response_id,
            point_key=entry.key,
            point_text=entry.text,
            outcome=entry.outcome,
            reply=entry.reply,
        )
        for block, entry in compilation.entries()
        if entry.outcome in TRACED_OUTCOMES
    ]
    AdoptionTrace.objects.bulk_create(traces)
    audit_record(
        actor=actor,
        action="followup.adopted",
        obj=consultation,
        changes={
            "version": str(version.pk),
            "decided_on": decided_on.isoformat(),
            "decided_by_body": version.decided_by_body,
            "decision_case_number": version.decision_case_number,
            "traces": len(traces),
        },
    )
    return version


# --- Candidate actors (R46) ----------------------------------------------------------------


@transaction.atomic
def candidate_actors_find(*, actor: Any, consultation: Consultation) -> list[CandidateActor]:
    """The bodies whose answers offer to take part: the portal's participation field and the
    points that say so. Running it again adds only what is new."""
    offers: list[tuple[Organisation, Response, str]] = []
    answers = (
        PortalAnswer.objects.filter(
            consultation=consultation,
            status=AnswerStatus.INSKICKAT,
            response__isnull=False,
            response__organisation__isnull=False,
        )
        .exclude(participation="")
        .select_related("response__organisation")
    )
    for answer in answers:
        if answer.participation.strip():
            offers.append(
                (answer.response.organisation, answer.response, answer.participation.strip())
            )
    for item in consultation_points(latest_run(consultation)):
        response = item.point.response
        if response.organisation is None or not offers_participation(item.point.text):
            continue
        offers.append((response.organisation, response, item.point.text.strip()))

    found: list[CandidateActor] = []
    created_count = 0
    for organisation, response, offer in offers:
        candidate, created = CandidateActor.objects.get_or_create(
            consultation=consultation, organisation=organisation, response=response, offer=offer
        )
        created_count += created
        if candidate not in found:
            found.append(candidate)
    if created_count:
        audit_record(
            actor=actor,
            action="followup.candidate_actors_found",
            obj=consultation,
            changes={"created": created_count, "found": len(found)},
        )
    return found


# --- Reporting links and the actors' reports ------------------------------------------------


@dataclass(frozen=True)
class IssuedReportingLink:
    """A new reporting link and its token: the only time the token exists outside the e-mail."""

    link: ReportingLink
    token: str


def reporting_link_expiry(year: int) -> datetime:
    """31 March of the following year, at the end of the day in Swedish time."""
    return datetime.combine(date(year + 1, 3, 31), time.max, tzinfo=ZoneInfo(settings.TIME_ZONE))


def reporting_url(token: str) -> str:
    """The link in the e-mail: the public address plus the reporting start route."""
    try:
        path = reverse("followup:report_start", args=[token])
    except NoReverseMatch:
        # Until the reporting pages exist (followup/urls.py, name "report_start"), the path the
        # URL conf is agreed to have.
        path = f"/rapportera/{token}/"
    return settings.REMISS_PUBLIC_URL + path


@transaction.atomic
def reporting_link_issue(
    *,
    actor: Any,
    consultation: Consultation,
    organisation: Organisation,
    year: int,
    email: str = "",
) -> IssuedReportingLink:
    """A new link for an actor to report on its insatser of the year."""
    _check_year(year)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = ReportingLink(
        consultation=consultation,
        organisation=organisation,
        year=year,
        email=email or organisation.email,
        token_hash=token_hash(token),
        expires_at=reporting_link_expiry(year),
    )
    link.full_clean()
    link.save()
    audit_record(
        actor=actor,
        action="followup.reporting_link_issued",
        obj=link,
        changes={"organisation": organisation.name, "year": year},
    )
    return IssuedReportingLink(link, token)


def reporting_link_from_token(token: str, *, now: datetime | None = None) -> ReportingLink | None:
    """The usable link the token opens, or None (unknown, expired or revoked)."""
    links = ReportingLink.objects.select_related("consultation", "organisation")
    return link_from_token(links, token, now=now)


@transaction.atomic
def reporting_link_revoke(*, actor: Any, link: ReportingLink) -> ReportingLink:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="followup.reporting_link_revoked", obj=link)
    return link


@dataclass
class ReportingDispatch:
    """What ``reporting_links_send`` did, actor by actor (organisation names)."""

    sent: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)
    without_email: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def responsible_actors(consultation: Consultation) -> list[Organisation]:
    """The organisations responsible for at least one insats of the consultation."""
    return list(
        Organisation.objects.filter(insatser_responsible__plan__consultation=consultation)
        .distinct()
        .order_by("name")
    )


def reporting_subject(consultation: Consultation, year: int) -> str:
    return f"Uppföljning {year}: {consultation.title}"


def reporting_text(
    consultation: Consultation, organisation: Organisation, year: int, url: str, insatser
) -> str:
    """The e-mail to an actor (Swedish: the authority's outgoing letter)."""
    sender = consultation.remitting_organisation.name
    lines = [
        f"Till {organisation.name}",
        "",
        f"{sender} följer upp {consultation.title} (diarienummer {consultation.case_number}) "
        f"för år {year}. {organisation.name} är ansvarig aktör för följande insatser:",
        "",
        *(f"– {insats}" for insats in insatser),
        "",
        "Berätta hur arbetet har gått under året: insatsens status och en kort beskrivning. "
        "Rapportera via den här personliga länken:",
        "",
        url,
        "",
        f"Länken gäller till och med den 31 mars {year + 1}. Sprid den inte vidare: den som har "
        "länken kan rapportera för er organisation.",
        "",
        "Med vänlig hälsning",
        sender,
    ]
    return "\n".join(lines)


def reporting_links_send(
    *, actor: Any, consultation: Consultation, year: int, resend: bool = False
) -> ReportingDispatch:
    """E-mail each responsible actor with an e-mail address its link to report on the year.

    An actor that already has a usable link sent for the year is skipped unless ``resend``.
    Each message is committed on its own, like the invitations (``consultations.dispatch``):
    one that fails is reported, its link revoked, and the others are still sent.
    """
    _check_year(year)
    result = ReportingDispatch()
    now = timezone.now()
    for organisation in responsible_actors(consultation):
        if not organisation.email:
            result.without_email.append(organisation.name)
            continue
        sent_before = ReportingLink.objects.filter(
            consultation=consultation,
            organisation=organisation,
            year=year,
            sent_at__isnull=False,
            revoked_at__isnull=True,
            expires_at__gt=now,
        ).exists()
        if sent_before and not resend:
            result.already_sent.append(organisation.name)
            continue
        insatser = Insats.objects.filter(
            plan__consultation=consultation, responsible=organisation
        ).order_by("plan__focus_area__position", "position", "number")
        issued = reporting_link_issue(
            actor=actor,
            consultation=consultation,
            organisation=organisation,
            year=year,
            email=organisation.email,
        )
        link = issued.link
        message = EmailMessage(
            subject=reporting_subject(consultation, year),
            body=reporting_text(
                consultation, organisation, year, reporting_url(issued.token), insatser
            ),
            to=[organisation.email],
            reply_to=[consultation.answer_email] if consultation.answer_email else None,
        )
        try:
            message.send()
        except Exception as error:  # SMTP refusals, lost connections, bad addresses
            logger.warning(
                "Reporting link %s could not be sent: %s: %s", link.pk, type(error).__name__, error
            )
            reporting_link_revoke(actor=actor, link=link)
            result.failed.append(organisation.name)
            continue
        link.sent_at = timezone.now()
        link.save(update_fields=["sent_at"])
        audit_record(
            actor=actor,
            action="followup.reporting_link_sent",
            obj=link,
            changes={"email": link.email, "year": year},
        )
        logger.info("Reporting link %s sent to organisation %s", link.pk, organisation.pk)
        result.sent.append(organisation.name)
    return result


def link_insatser(link: ReportingLink):
    """The insatser the link's actor is responsible for in the link's consultation."""
    return (
        Insats.objects.filter(plan__consultation=link.consultation, responsible=link.organisation)
        .select_related("plan__focus_area")
        .order_by("plan__focus_area__position", "position", "number")
    )


@transaction.atomic
def insats_report_submit(
    *,
    link: ReportingLink,
    insats: Insats,
    status: str,
    narrative: str,
    reported_by_label: str = "",
) -> InsatsReport:
    """The actor's report on one of its insatser for the link's year; a second one replaces it.

    Refused (PermissionDenied) for a link that no longer works and for an insats the link's
    organisation is not responsible for. The insats takes the reported status.
    """
    if not link.is_usable():
        raise PermissionDenied("The reporting link is expired or revoked.")
    if (
        insats.plan.consultation_id != link.consultation_id
        or insats.responsible_id != link.organisation_id
    ):
        raise PermissionDenied("The link's organisation is not responsible for this insats.")
    _check_status(status)
    label = (reported_by_label.strip() or link.organisation.name)[:200]
    report, created = InsatsReport.objects.update_or_create(
        insats=insats,
        year=link.year,
        defaults={
            "status": status,
            "narrative": narrative.strip(),
            "reported_at": timezone.now(),
            "reported_by_label": label,
            "link": link,
        },
    )
    report.full_clean()
    insats_set_status(
        actor=None,
        insats=insats,
        status=status,
        actor_label=link.organisation.name,
    )
    audit_record(
        actor=None,
        action="followup.insats_reported",
        obj=insats,
        changes={
            "year": link.year,
            "status": status,
            "link": str(link.pk),
            "replaced": not created,
        },
        actor_label=link.organisation.name,
    )
    return report


# -- editing what the pages change -------------------------------------------------------------

PLAN_FIELDS = ("focus_area", "title", "description", "decided_on", "case_number")
INDICATOR_FIELDS = (
    "focus_area", "name", "definition", "unit", "source", "source_id", "geography",
    "attribution", "base_year", "base_value", "target_year", "target_value", "higher_is_better",
)  # fmt: skip


def _apply(obj, fields: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    changes = {}
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        before = getattr(obj, name)
        if before != value:
            changes[name] = {"from": _json(before), "to": _json(value)}
            setattr(obj, name, value)
    return changes


@transaction.atomic
def action_plan_update(*, actor: Any, plan: ActionPlan, **fields: Any) -> ActionPlan:
    """Change the plan's fields (see PLAN_FIELDS)."""
    if fields.get("focus_area") is not None:
        _check_focus_area(plan.consultation, fields["focus_area"])
    changes = _apply(plan, fields, PLAN_FIELDS)
    if changes:
        plan.full_clean()
        plan.save()
        audit_record(actor=actor, action="followup.action_plan_updated", obj=plan, changes=changes)
    return plan


@transaction.atomic
def indicator_update(
    *, actor: Any, indicator: Indicator, insatser=None, **fields: Any
) -> Indicator:
    """Change the indicator's fields (see INDICATOR_FIELDS) and, if given, its insatser."""
    if fields.get("focus_area") is not None:
        _check_focus_area(indicator.consultation, fields["focus_area"])
    changes = _apply(indicator, fields, INDICATOR_FIELDS)
    if (
        indicator.base_year
        and indicator.target_year
        and indicator.target_year < indicator.base_year
    ):
        raise ValidationError(
            {"target_year": _("The target year cannot be before the base year.")}, code="years"
        )
    if changes:
        indicator.full_clean()
        indicator.save()
    if insatser is not None:
        insatser = list(insatser)
        if any(i.plan.consultation_id != indicator.consultation_id for i in insatser):
            raise ValidationError(
                {"insatser": _("An insats belongs to another consultation.")}, code="elsewhere"
            )
        before = sorted(str(i) for i in indicator.insatser.all())
        after = sorted(str(i) for i in insatser)
        if before != after:
            indicator.insatser.set(insatser)
            changes["insatser"] = {"from": before, "to": after}
    if changes:
        audit_record(
            actor=actor, action="followup.indicator_updated", obj=indicator, changes=changes
        )
    return indicator


@transaction.atomic
def candidate_actor_accept(
    *, actor: Any, candidate: CandidateActor, insats: Insats, role: str
) -> CandidateActor:
    """Make the candidate's organisation the responsible actor (``role="responsible"``) or a
    co-actor of the insats, and mark the candidate as taken on."""
    if insats.plan.consultation_id != candidate.consultation_id:
        raise ValidationError(
            _("The insats belongs to another consultation than the candidate."), code="elsewhere"
        )
    organisation = candidate.organisation
    if role == "responsible":
        co_actors = [o for o in insats.co_actors.all() if o.pk != organisation.pk]
        insats_update(actor=actor, insats=insats, responsible=organisation, co_actors=co_actors)
    elif role == "co_actor":
        if insats.responsible_id == organisation.pk:
            raise ValidationError(
                _("The organisation is already the insats's responsible actor."), code="role"
            )
        co_actors = list(insats.co_actors.all())
        if organisation not in co_actors:
            insats_update(actor=actor, insats=insats, co_actors=[*co_actors, organisation])
    else:
        raise ValidationError(_("Choose responsible actor or co-actor."), code="role")
    candidate.insats = insats
    candidate.accepted = True
    candidate.save(update_fields=["insats", "accepted"])
    audit_record(
        actor=actor,
        action="followup.candidate_accepted",
        obj=candidate,
        changes={"insats": str(insats), "role": role, "organisation": organisation.name},
    )
    return candidate
