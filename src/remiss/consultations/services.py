"""Workflows over the consultation models. Each change is validated and audited."""

from datetime import date
from typing import Any

from django.db import transaction

from remiss.audit.services import audit_record

from .models import (
    Consultation,
    ConsultationStatus,
    Organisation,
    OrganisationKind,
    Recipient,
    RecipientStatus,
    Section,
    SectionKind,
)


@transaction.atomic
def organisation_create(
    *,
    actor: Any | None,
    name: str,
    kind: OrganisationKind | str,
    short_name: str = "",
    organisation_number: str = "",
    email: str = "",
    aliases: list[str] | None = None,
    municipality_code: str = "",
    county_code: str = "",
) -> Organisation:
    organisation = Organisation(
        name=name,
        kind=kind,
        short_name=short_name,
        organisation_number=organisation_number,
        email=email,
        aliases=aliases or [],
        municipality_code=municipality_code,
        county_code=county_code,
    )
    organisation.full_clean()
    organisation.save()
    audit_record(actor=actor, action="organisation.created", obj=organisation)
    return organisation


@transaction.atomic
def consultation_create(
    *,
    actor: Any | None,
    remitting_organisation: Organisation,
    case_number: str,
    title: str,
    summary: str = "",
    sent_on: date | None = None,
    deadline: date | None = None,
    short_deadline_reason: str = "",
    answer_email: str = "",
    answer_formats: str = "",
    answer_instructions: str = "",
    status: ConsultationStatus | str = ConsultationStatus.UTKAST,
    is_demo_data: bool = False,
) -> Consultation:
    consultation = Consultation(
        remitting_organisation=remitting_organisation,
        case_number_raw=case_number,
        title=title,
        summary=summary,
        sent_on=sent_on,
        deadline=deadline,
        short_deadline_reason=short_deadline_reason.strip(),
        answer_email=answer_email,
        answer_formats=answer_formats,
        answer_instructions=answer_instructions,
        status=status,
        is_demo_data=is_demo_data,
    )
    consultation.full_clean()
    consultation.save()
    audit_record(
        actor=actor,
        action="consultation.created",
        obj=consultation,
        changes={"case_number": consultation.case_number, "status": consultation.status},
    )
    if consultation.short_deadline_reason:
        _audit_short_deadline_reason(actor=actor, consultation=consultation, previous="")
    return consultation


def _audit_short_deadline_reason(*, actor: Any | None, consultation: Consultation, previous: str):
    audit_record(
        actor=actor,
        action="consultation.short_deadline_reason_set",
        obj=consultation,
        changes={
            "from": previous,
            "to": consultation.short_deadline_reason,
            "deadline": str(consultation.deadline),
        },
    )


@transaction.atomic
def consultation_set_short_deadline_reason(
    *, actor: Any | None, consultation: Consultation, reason: str
) -> Consultation:
    """Record (or clear) why the deadline is shorter than three months; audited."""
    reason = reason.strip()
    previous = consultation.short_deadline_reason
    if reason == previous:
        return consultation
    consultation.short_deadline_reason = reason
    consultation.save(update_fields=["short_deadline_reason", "updated_at"])
    _audit_short_deadline_reason(actor=actor, consultation=consultation, previous=previous)
    return consultation


@transaction.atomic
def section_add(
    *,
    actor: Any | None,
    consultation: Consultation,
    number: str,
    title: str,
    kind: SectionKind | str = SectionKind.AVSNITT,
    parent: Section | None = None,
    text: str = "",
    open_for_comment: bool = True,
    closed_reason: str = "",
    position: int = 0,
) -> Section:
    section = Section(
        consultation=consultation,
        parent=parent,
        number=number,
        kind=kind,
        title=title,
        text=text,
        open_for_comment=open_for_comment,
        closed_reason=closed_reason,
        position=position,
    )
    section.full_clean()
    section.save()
    audit_record(
        actor=actor,
        action="section.added",
        obj=section,
        changes={"open_for_comment": open_for_comment},
    )
    return section


@transaction.atomic
def recipient_add(
    *,
    actor: Any | None,
    consultation: Consultation,
    organisation: Organisation,
    is_invited: bool = True,
    is_demo_data: bool = False,
    position: int | None = None,
) -> Recipient:
    if position is None:
        position = consultation.recipients.count() + 1
    recipient = Recipient(
        consultation=consultation,
        organisation=organisation,
        is_invited=is_invited,
        is_demo_data=is_demo_data,
        position=position,
    )
    recipient.full_clean()
    recipient.save()
    audit_record(
        actor=actor,
        action="recipient.added" if is_invited else "recipient.added_spontaneous",
        obj=recipient,
    )
    return recipient


@transaction.atomic
def recipient_set_status(
    *, actor: Any | None, recipient: Recipient, status: RecipientStatus | str
) -> Recipient:
    if recipient.status == status:
        return recipient
    previous = recipient.status
    recipient.status = status
    recipient.full_clean()
    recipient.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="recipient.status_changed",
        obj=recipient,
        changes={"from": previous, "to": str(status)},
    )
    return recipient
