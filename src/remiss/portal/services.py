"""Workflows of the respondent portal: start, save, attach, submit and decline an answer.

The actor of every change is the invitation, not a user account: respondents have none. Audit
events carry ``portal`` and the invitation's id as their actor label (never the token).

Saving uses optimistic concurrency: the form carries the ``version`` it was made from, and the
save succeeds only while the stored answer still has that version (one UPDATE ... WHERE
version = N), so two people of one body cannot overwrite each other's text unnoticed.

Submission turns the answer into a Response like any other (channel "portal"): a PDF of the
answer is its main document, the attachments follow, and the receipt gives the PDF's SHA-256.
The receipt e-mail is sent after the transaction has committed, so a mail failure never
undoes a received answer.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from remiss.analysis.tasks import analysis_run_request
from remiss.audit.services import audit_record
from remiss.consultations.models import (
    Invitation,
    Organisation,
    OrganisationKind,
    Recipient,
    RecipientStatus,
)
from remiss.consultations.services import organisation_create, recipient_set_status
from remiss.file_errors import error_message
from remiss.responses.intake import intake_limits, letter_read
from remiss.responses.models import Channel
from remiss.responses.services import document_add, response_register
from remiss.responses.storage import original_put, original_read
from remiss.textkit.extract import extract

from .document import AnswerDocument, answer_document_compose, answer_pdf
from .models import (
    AnswerStatus,
    PortalAnswer,
    PortalAttachment,
    PortalSectionComment,
    Position,
)
from .sections import answer_sections

logger = logging.getLogger(__name__)

# The body's status on the sändlista that a position gives (R06); other positions: "svarat".
STATUS_OF_POSITION = {
    Position.AVSTAR: RecipientStatus.AVSTATT,
    Position.INGA_SYNPUNKTER: RecipientStatus.INGA_SYNPUNKTER,
    Position.BERORS_INTE: RecipientStatus.BERORS_INTE,
}


class AnswerSubmitted(Exception):
    """The answer was already submitted; it can no longer change."""


class StaleAnswer(Exception):
    """Someone saved the answer after this form was made; nothing was written."""

    def __init__(self, current: PortalAnswer):
        super().__init__("stale portal answer")
        self.current = current


class AnswerIncomplete(Exception):
    """The answer lacks what a submission needs; ``errors`` maps fields to messages."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("incomplete portal answer")
        self.errors = errors


class AttachmentRejected(Exception):
    """The file cannot be attached; ``message`` says why (for the respondent)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _actor_label(invitation: Invitation) -> str:
    return f"portal (inbjudan {invitation.pk})"


@dataclass(frozen=True)
class AnswerInput:
    """What the answer form holds. ``comments`` maps section ids (str) to text."""

    position: str = ""
    summary: str = ""
    general_comments: str = ""
    participation: str = ""
    contact_name: str = ""
    contact_email: str = ""
    decided_by: str = ""
    decided_on: date | None = None
    respondent_name: str = ""
    respondent_kind: str = ""
    comments: dict[str, str] = field(default_factory=dict)


ANSWER_FIELDS = (
    "position",
    "summary",
    "general_comments",
    "participation",
    "contact_name",
    "contact_email",
    "decided_by",
    "decided_on",
)


@transaction.atomic
def portal_answer_open(*, invitation: Invitation) -> PortalAnswer:
    """The invitation's answer, started on first use: one answer per body on the list, one per
    confirmed address of an open consultation."""
    if invitation.recipient_id is not None:
        lookup = {"recipient": invitation.recipient}
        organisation = invitation.recipient.organisation
        defaults = {"respondent_name": organisation.name, "respondent_kind": organisation.kind}
    else:
        lookup = {"invitation": invitation, "recipient": None}
        defaults = {}
    answer = PortalAnswer.objects.filter(consultation=invitation.consultation, **lookup).first()
    if answer is not None:
        return answer
    try:
        with transaction.atomic():
            answer = PortalAnswer.objects.create(
                consultation=invitation.consultation,
                contact_email=invitation.email,
                **{"invitation": invitation, **lookup},
                **defaults,
            )
    except IntegrityError:  # a colleague opened the same body's link at the same moment
        return PortalAnswer.objects.get(consultation=invitation.consultation, **lookup)
    audit_record(
        actor=None,
        action="portal_answer.started",
        obj=answer,
        actor_label=_actor_label(invitation),
    )
    return answer


@transaction.atomic
def portal_answer_save(
    *, invitation: Invitation, answer: PortalAnswer, version: int, data: AnswerInput
) -> PortalAnswer:
    """Save the draft if nobody saved since ``version``; raise StaleAnswer otherwise."""
    values = {name: getattr(data, name) for name in ANSWER_FIELDS}
    if answer.recipient_id is None:
        values["respondent_name"] = " ".join(data.respondent_name.split())[:200]
        values["respondent_kind"] = data.respondent_kind
    updated = PortalAnswer.objects.filter(
        pk=answer.pk, version=version, status=AnswerStatus.UTKAST
    ).update(**values, version=F("version") + 1, updated_at=timezone.now())
    current = PortalAnswer.objects.get(pk=answer.pk)
    if not updated:
        if current.is_submitted:
            raise AnswerSubmitted
        raise StaleAnswer(current)
    open_ids = {
        str(item.section.pk): item.section
        for item in answer_sections(answer.consultation)
        if item.open_for_comment
    }
    for section_id, text in data.comments.items():
        section = open_ids.get(str(section_id))
        if section is None:
            continue  # a closed or foreign part takes no comment
        if not text.strip():
            PortalSectionComment.objects.filter(answer=current, section=section).delete()
            continue
        PortalSectionComment.objects.update_or_create(
            answer=current, section=section, defaults={"text": text}
        )
    audit_record(
        actor=None,
        action="portal_answer.saved",
        obj=current,
        changes={"version": current.version},
        actor_label=_actor_label(invitation),
    )
    return current


@transaction.atomic
def portal_attachment_add(
    *, invitation: Invitation, answer: PortalAnswer, name: str, data: bytes
) -> PortalAttachment:
    """Check the file as intake would and keep it by its SHA-256 beside the draft."""
    if answer.is_submitted:
        raise AnswerSubmitted
    if len(data) > settings.REMISS_MAX_UPLOAD_BYTES:
        raise AttachmentRejected(error_message("too_large"))
    results = extract(name, data, limits=intake_limits())
    top = results[0]
    if top.error is not None:
        raise AttachmentRejected(error_message(top.error.code))
    if top.role != "document":
        raise AttachmentRejected(
            _("Attach the documents one by one, not as a ZIP file or an e-mail message.")
        )
    sha256, _new = original_put(data)
    same = answer.attachments.filter(sha256=sha256, filename=top.name).first()
    if same is not None:
        # The same file again (a retried upload whose reply was lost): it is there once.
        return same
    attachment = PortalAttachment.objects.create(
        answer=answer,
        filename=top.name,
        media_type=top.media_type,
        size=len(data),
        sha256=sha256,
    )
    audit_record(
        actor=None,
        action="portal_attachment.added",
        obj=attachment,
        changes={"sha256": sha256, "size": len(data), "answer": str(answer.pk)},
        actor_label=_actor_label(invitation),
    )
    return attachment


@transaction.atomic
def portal_attachment_remove(
    *, invitation: Invitation, answer: PortalAnswer, attachment: PortalAttachment
) -> None:
    """Take a file off the draft (the stored bytes stay: originals are never deleted here)."""
    if answer.is_submitted:
        raise AnswerSubmitted
    if attachment.answer_id != answer.pk:
        raise PortalAttachment.DoesNotExist
    audit_record(
        actor=None,
        action="portal_attachment.removed",
        obj=attachment,
        changes={"sha256": attachment.sha256, "answer": str(answer.pk)},
        actor_label=_actor_label(invitation),
    )
    attachment.delete()


def answer_deadline_end(answer: PortalAnswer) -> datetime | None:
    """The end of the body's last day to answer, in Swedish time."""
    deadline = answer.recipient.deadline if answer.recipient_id else answer.consultation.deadline
    if deadline is None:
        return None
    return datetime.combine(deadline, time.max, tzinfo=ZoneInfo(settings.TIME_ZONE))


def answer_missing(answer: PortalAnswer) -> dict[str, str]:
    """What a submission needs and the answer lacks (messages by field)."""
    errors = {}
    if not answer.position:
        errors["position"] = _("Choose the position you take on the proposal.")
    if answer.recipient_id is None:
        if not answer.respondent_name.strip():
            errors["respondent_name"] = _("Enter your name or the name of your organisation.")
        if answer.respondent_kind not in OrganisationKind.values:
            errors["respondent_kind"] = _("Choose what kind of respondent you are.")
    if not answer.contact_email.strip():
        errors["contact_email"] = _("Enter an e-mail address for the receipt.")
    return errors


@dataclass(frozen=True)
class Submission:
    answer: PortalAnswer
    document: AnswerDocument
    pdf: bytes


def portal_answer_submit(
    *,
    invitation: Invitation,
    answer: PortalAnswer,
    version: int,
    now: datetime | None = None,
) -> Submission:
    """Submit the answer as it stands at ``version`` and mail the receipt once it is stored."""
    submission = _submit(invitation=invitation, answer=answer, version=version, now=now)
    analysis_run_request(actor=None, consultation=answer.consultation)
    portal_receipt_send(invitation=invitation, submission=submission)
    return submission


def portal_answer_decline(
    *,
    invitation: Invitation,
    answer: PortalAnswer,
    contact_email: str = "",
    now: datetime | None = None,
) -> Submission:
    """'Vi avstår från att yttra oss' in one step: position avstår, submitted at once."""
    with transaction.atomic():
        locked = PortalAnswer.objects.select_for_update().get(pk=answer.pk)
        if locked.is_submitted:
            raise AnswerSubmitted
        locked.position = Position.AVSTAR
        if contact_email.strip():
            locked.contact_email = contact_email.strip()
        if not locked.contact_email:
            locked.contact_email = invitation.email
        locked.version += 1
        locked.updated_at = timezone.now()
        locked.save(update_fields=["position", "contact_email", "version", "updated_at"])
        submission = _submit(invitation=invitation, answer=locked, version=locked.version, now=now)
    analysis_run_request(actor=None, consultation=answer.consultation)
    portal_receipt_send(invitation=invitation, submission=submission)
    return submission


@transaction.atomic
def _submit(
    *, invitation: Invitation, answer: PortalAnswer, version: int, now: datetime | None
) -> Submission:
    now = now or timezone.now()
    # Lock the answer's own row only: PostgreSQL cannot lock the nullable side of the joins.
    answer = (
        PortalAnswer.objects.select_for_update(of=("self",))
        .select_related("consultation__remitting_organisation", "recipient__organisation")
        .get(pk=answer.pk)
    )
    if answer.is_submitted:
        raise AnswerSubmitted
    if answer.version != version:
        raise StaleAnswer(answer)
    errors = answer_missing(answer)
    if errors:
        raise AnswerIncomplete(errors)

    consultation = answer.consultation
    organisation = _respondent_organisation(answer)
    document = answer_document_compose(answer, submitted_at=now)
    pdf = answer_pdf(document)
    response = response_register(
        actor=None,
        consultation=consultation,
        channel=Channel.PORTAL,
        organisation=organisation,
        received_at=now,
        title=document.title,
        letter_date=document.date,
        quoted_case_number=consultation.case_number,
    )
    letter = extract(document.filename, pdf)[0]
    reading = letter_read(letter=letter, consultation=consultation)
    facts = {**reading.facts_json, "source": "portal", "portal_answer": str(answer.pk)}
    main, _new = document_add(actor=None, response=response, extracted=letter, facts=facts)
    for attachment in answer.attachments.all():
        extracted = extract(attachment.filename, original_read(attachment.sha256))[0]
        document_add(actor=None, response=response, extracted=extracted)

    recipient = answer.recipient or Recipient.objects.get(
        consultation=consultation, organisation=organisation
    )
    status = STATUS_OF_POSITION.get(answer.position)
    if status is not None:
        recipient_set_status(actor=None, recipient=recipient, status=status)
    if answer.recipient_id is None and not hasattr(recipient, "portal_answer"):
        answer.recipient = recipient
    deadline_end = answer_deadline_end(answer)
    answer.status = AnswerStatus.INSKICKAT
    answer.submitted_at = now
    answer.is_late = bool(deadline_end and now > deadline_end)
    answer.response = response
    answer.receipt_sha256 = main.sha256
    answer.save(
        update_fields=[
            "recipient",
            "status",
            "submitted_at",
            "is_late",
            "response",
            "receipt_sha256",
        ]
    )
    audit_record(
        actor=None,
        action="portal_answer.submitted",
        obj=answer,
        changes={
            "position": answer.position,
            "response": str(response.pk),
            "sha256": main.sha256,
            "is_late": answer.is_late,
            "attachments": answer.attachments.count(),
        },
        actor_label=_actor_label(invitation),
    )
    return Submission(answer=answer, document=document, pdf=pdf)


def _respondent_organisation(answer: PortalAnswer) -> Organisation:
    """The body on the list; for an open consultation the named body, found or created."""
    if answer.recipient_id is not None:
        return answer.recipient.organisation
    name = " ".join(answer.respondent_name.split())
    existing = Organisation.objects.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    return organisation_create(actor=None, name=name, kind=answer.respondent_kind)


def receipt_addresses(invitation: Invitation, answer: PortalAnswer) -> list[str]:
    addresses = [answer.contact_email.strip(), invitation.email.strip()]
    seen: dict[str, str] = {}
    for address in addresses:
        if address and address.casefold() not in seen:
            seen[address.casefold()] = address
    return list(seen.values())


def portal_receipt_send(*, invitation: Invitation, submission: Submission) -> bool:
    """Mail the receipt with the PDF; a failure is logged, the answer stays received."""
    answer, document = submission.answer, submission.document
    to = receipt_addresses(invitation, answer)
    if not to:
        return False
    lines = [
        "Hej!",
        "",
        f"{document.addressee} har tagit emot {document.body}s yttrande över "
        f"”{document.consultation_title}”, diarienummer {document.case_number}.",
        "",
        f"Mottaget: {document.submitted_display}",
        f"SHA-256 för yttrandet (PDF): {answer.receipt_sha256}",
        "",
        "Yttrandet bifogas som PDF. Kontrollsumman (SHA-256) visar att filen är exakt den som "
        "togs emot.",
    ]
    if document.attachments:
        lines += ["", "Bilagor som togs emot:"]
        lines += [f"– {name}" for name in document.attachments]
    if answer.is_late:
        lines += [
            "",
            "Svaret kom in efter sista svarsdagen. Det har tagits emot och markerats som sent.",
        ]
    lines += [
        "",
        f"Remissvar blir allmänna handlingar hos {document.addressee}.",
        "",
        "Med vänlig hälsning",
        document.addressee,
    ]
    message = EmailMessage(
        subject=f"Kvitto: yttrande över remiss {document.case_number}",
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    )
    message.attach(document.filename, submission.pdf, "application/pdf")
    try:
        message.send()
    except Exception as error:  # the answer is received; the page shows the receipt anyway
        logger.error("Receipt mail for portal answer %s failed: %s", answer.pk, error)
        return False
    audit_record(
        actor=None,
        action="portal_answer.receipt_sent",
        obj=answer,
        changes={"to": len(to)},
        actor_label=_actor_label(invitation),
    )
    return True
