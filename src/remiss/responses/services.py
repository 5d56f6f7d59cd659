"""Registering answers and their documents."""

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from remiss.audit.services import audit_record
from remiss.consultations.models import Consultation, Organisation, Recipient, RecipientStatus
from remiss.consultations.services import recipient_add, recipient_set_status
from remiss.textkit.extract import ExtractedFile
from remiss.textkit.personal_data import find_personal_data

from .models import Channel, Document, DocumentPage, Response
from .storage import original_put, sha256_hex


@transaction.atomic
def response_register(
    *,
    actor: Any | None,
    consultation: Consultation,
    channel: Channel | str,
    organisation: Organisation | None = None,
    received_at: datetime | None = None,
    received_at_unknown: bool = False,
    title: str = "",
    letter_date: date | None = None,
    responder_case_number: str = "",
    quoted_case_number: str = "",
) -> Response:
    """Register an incoming answer and mark its sender as having answered.

    A sender not on the list becomes a spontaneous recipient. The arrival time defaults to now;
    only an import of old answers may say it is unknown.
    """
    if received_at is None and not received_at_unknown:
        received_at = timezone.now()
    response = Response(
        consultation=consultation,
        organisation=organisation,
        channel=channel,
        received_at=received_at,
        title=title,
        letter_date=letter_date,
        responder_case_number=responder_case_number,
        quoted_case_number=quoted_case_number,
        registered_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    response.full_clean()
    response.save()
    audit_record(
        actor=actor,
        action="response.registered",
        obj=response,
        changes={"channel": str(channel), "organisation": str(organisation or "")},
    )
    if organisation is not None:
        _mark_answered(actor=actor, consultation=consultation, organisation=organisation)
    return response


def _mark_answered(*, actor: Any | None, consultation: Consultation, organisation: Organisation):
    recipient = Recipient.objects.filter(
        consultation=consultation, organisation=organisation
    ).first()
    if recipient is None:
        recipient = recipient_add(
            actor=actor, consultation=consultation, organisation=organisation, is_invited=False
        )
    if recipient.status == RecipientStatus.EJ_SVARAT:
        recipient_set_status(actor=actor, recipient=recipient, status=RecipientStatus.SVARAT)


@transaction.atomic
def document_add(
    *,
    actor: Any | None,
    response: Response,
    extracted: ExtractedFile,
    facts: dict | None = None,
) -> tuple[Document, bool]:
    """Keep an original, its text per page, the facts read from it and the personal data in it.

    Returns the document and whether it was new: the same bytes attached to the same answer
    twice give back the existing document.
    """
    existing = response.documents.filter(sha256=sha256_hex(extracted.data)).first()
    if existing is not None:
        return existing, False
    sha256, _new_file = original_put(extracted.data)
    document = Document.objects.create(
        response=response,
        original_filename=extracted.name,
        path=extracted.path,
        media_type=extracted.media_type,
        size=len(extracted.data),
        sha256=sha256,
        ocr_used=extracted.ocr_used,
        facts=facts or {},
        personal_data=[
            {
                "kind": hit.kind,
                "value": hit.value,
                "page": hit.span.page,
                "start": hit.span.start,
                "end": hit.span.end,
            }
            for hit in find_personal_data(extracted.pages)
        ],
    )
    DocumentPage.objects.bulk_create(
        DocumentPage(document=document, number=page.number, text=page.text)
        for page in extracted.pages
    )
    audit_record(
        actor=actor,
        action="document.added",
        obj=document,
        changes={"sha256": sha256, "size": len(extracted.data), "path": extracted.path},
    )
    return document, True


@transaction.atomic
def response_assign_organisation(
    *, actor: Any | None, response: Response, organisation: Organisation
) -> Response:
    """An officer says who sent an answer the intake could not match; the list follows."""
    previous = response.organisation
    response.organisation = organisation
    response.save(update_fields=["organisation"])
    audit_record(
        actor=actor,
        action="response.organisation_assigned",
        obj=response,
        changes={"from": str(previous or ""), "to": str(organisation)},
    )
    _mark_answered(actor=actor, consultation=response.consultation, organisation=organisation)
    return response
