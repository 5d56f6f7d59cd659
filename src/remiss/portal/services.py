"""Workflows of the respondent portal: start, save, attach, submit and decline an answer.

The actor of every change is the invitation, not a user account: respondents have none. Audit
events carry ``portal`` and the invitation's id as their actor label (never the token).

Saving uses optimistic concurrency: the form carries the ``version`` it was made from, and the
save succeeds only while the stored answer still has that version (one UPDATE ... WHERE
version = N), so two people of one body cannot overwrite each other's text unnoticed.

Submission turns the answer into a Response like any other (channel "portal") in one cheap
transaction: the answer written down as plain text (``document.answer_text``) is its main
document, the received original, whose SHA-256 the receipt gives; the attachments follow. The
same transaction enqueues ``tasks.portal_answer_finish``, which later makes the PDF copy
(``pdf_sha256``) and mails the receipt with both SHA-256 and the PDF attached. A failure there
(PDF engine, mail) is logged and retried by running the task again; it never touches the
received answer.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
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
from remiss.responses.intake import intake_limits
from remiss.responses.models import Channel
from remiss.responses.services import document_add, response_register
from remiss.responses.storage import original_put, original_read, sha256_hex
from remiss.textkit.extract import extract

from .document import (
    AnswerDocument,
    answer_document_compose,
    answer_facts,
    answer_original,
    answer_pdf,
    answer_text,
)
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
    original: bytes  # the received original (UTF-8 text) whose SHA-256 the receipt gives


def portal_answer_submit(
    *,
    invitation: Invitation,
    answer: PortalAnswer,
    version: int,
    now: datetime | None = None,
) -> Submission:
    """Submit the answer as it stands at ``version``; its PDF and receipt e-mail follow."""
    submission = _submit(invitation=invitation, answer=answer, version=version, now=now)
    analysis_run_request(actor=None, consultation=answer.consultation)
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
    original = answer_original(document)
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
    facts = {
        **answer_facts(
            original, organisation_name=organisation.name, case_number=consultation.case_number
        ),
        "source": "portal",
        "portal_answer": str(answer.pk),
    }
    main, _new = document_add(actor=None, response=response, extracted=original, facts=facts)
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
    # Last, inside the transaction: with the database backend the task row commits with the
    # submission (no answer without its task, no task without its answer); the immediate
    # backend (tests) runs it here, on the stored answer, and catches its failures.
    from .tasks import portal_answer_finish

    portal_answer_finish.enqueue(str(answer.pk), str(invitation.pk))
    return Submission(answer=answer, document=document, original=original.data)


def _respondent_organisation(answer: PortalAnswer) -> Organisation:
    """The body on the list; for an open consultation the named body, found or created."""
    if answer.recipient_id is not None:
        return answer.recipient.organisation
    name = " ".join(answer.respondent_name.split())
    existing = Organisation.objects.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    return organisation_create(actor=None, name=name, kind=answer.respondent_kind)


def portal_answers_unfinished():
    """Submitted answers still without their PDF copy or their receipt e-mail."""
    return PortalAnswer.objects.filter(status=AnswerStatus.INSKICKAT).filter(
        Q(pdf_sha256="") | Q(receipt_sent_at__isnull=True)
    )


def portal_answers_finish(*, now: bool = False) -> tuple[int, int]:
    """Run the task again for every unfinished answer: queue it for the worker, or with
    ``now`` run it here. Returns (answers, failures); a failure is logged, the rest go on."""
    from .tasks import portal_answer_finish

    answers = [str(pk) for pk in portal_answers_unfinished().values_list("pk", flat=True)]
    failures = 0
    for answer_id in answers:
        if not now:
            portal_answer_finish.enqueue(answer_id)
            continue
        try:
            portal_answer_rendition(answer_id=answer_id)
        except Exception:  # logged where it failed; the next answer still gets its turn
            failures += 1
    return len(answers), failures


class RenditionFailed(Exception):
    """The PDF copy could not be made; the answer stays received, the task can run again."""


@dataclass(frozen=True)
class Rendition:
    answer: PortalAnswer
    pdf: bytes
    made: bool  # made by this run (False: an earlier run had made it)


def portal_answer_rendition(*, answer_id: str, invitation_id: str | None = None) -> dict:
    """Make the submitted answer's PDF copy once, then mail the receipt once (the task's work).

    Safe to run again and concurrently: the answer's row is locked while the PDF is made and
    stored, and while the receipt is sent. A failure is logged and raised; nothing received is
    changed, and the next run does what is left.
    """
    rendition = _rendition_make(answer_id=answer_id)
    if rendition is None:
        return {"answer": answer_id, "pdf": "", "mailed": False}
    mailed = _receipt_send_once(rendition, invitation_id=invitation_id)
    return {"answer": answer_id, "pdf": rendition.answer.pdf_sha256, "mailed": mailed}


@transaction.atomic
def _rendition_make(*, answer_id: str) -> Rendition | None:
    answer = (
        PortalAnswer.objects.select_for_update(of=("self",))
        .select_related("consultation__remitting_organisation", "recipient__organisation")
        .filter(pk=answer_id)
        .first()
    )
    if answer is None or not answer.is_submitted:
        logger.warning("Portal answer %s is not submitted; no PDF made", answer_id)
        return None
    if answer.pdf_sha256:
        return Rendition(answer=answer, pdf=original_read(answer.pdf_sha256), made=False)
    document = answer_document_compose(answer, submitted_at=answer.submitted_at)
    if sha256_hex(answer_text(document).encode("utf-8")) != answer.receipt_sha256:
        # Something the letter names (a part's title, the body's name) changed since the
        # submission: the PDF shows today's wording; the received original is unchanged.
        logger.warning(
            "Portal answer %s: the PDF copy differs in wording from the received original",
            answer.pk,
        )
    try:
        pdf = answer_pdf(document)
    except Exception as error:
        logger.exception("PDF copy of portal answer %s failed; run the task again", answer.pk)
        raise RenditionFailed(str(answer.pk)) from error
    sha256, _new = original_put(pdf)
    answer.pdf_sha256 = sha256
    answer.save(update_fields=["pdf_sha256"])
    audit_record(
        actor=None,
        action="portal_answer.pdf_made",
        obj=answer,
        changes={"sha256": sha256, "size": len(pdf)},
        actor_label=_task_actor_label(answer),
    )
    return Rendition(answer=answer, pdf=pdf, made=True)


@transaction.atomic
def _receipt_send_once(rendition: Rendition, *, invitation_id: str | None) -> bool:
    """Mail the receipt unless it was mailed; True when this run mailed it. It goes to the
    answer's contact and to the invitation it was submitted with (else the answer's own)."""
    answer = (
        PortalAnswer.objects.select_for_update(of=("self",))
        .select_related(
            "consultation__remitting_organisation", "recipient__organisation", "invitation"
        )
        .get(pk=rendition.answer.pk)
    )
    if answer.receipt_sent_at is not None:
        return False
    invitation = Invitation.objects.filter(pk=invitation_id).first() if invitation_id else None
    to = receipt_addresses(invitation or answer.invitation, answer)
    if not to:
        return False
    document = answer_document_compose(answer, submitted_at=answer.submitted_at)
    message = receipt_message(answer=answer, document=document, pdf=rendition.pdf, to=to)
    try:
        message.send()
    except Exception:
        logger.exception("Receipt mail for portal answer %s failed; run the task again", answer.pk)
        raise
    answer.receipt_sent_at = timezone.now()
    answer.save(update_fields=["receipt_sent_at"])
    audit_record(
        actor=None,
        action="portal_answer.receipt_sent",
        obj=answer,
        changes={"to": len(to)},
        actor_label=_task_actor_label(answer),
    )
    return True


def _task_actor_label(answer: PortalAnswer) -> str:
    return _actor_label(answer.invitation) if answer.invitation_id else "portal"


def receipt_addresses(invitation: Invitation | None, answer: PortalAnswer) -> list[str]:
    addresses = [answer.contact_email.strip(), invitation.email.strip() if invitation else ""]
    seen: dict[str, str] = {}
    for address in addresses:
        if address and address.casefold() not in seen:
            seen[address.casefold()] = address
    return list(seen.values())


def receipt_message(
    *, answer: PortalAnswer, document: AnswerDocument, pdf: bytes, to: list[str]
) -> EmailMessage:
    """The receipt: both SHA-256 (the received original's and the PDF copy's), the PDF attached.

    Swedish whatever the interface language, like the answer itself."""
    lines = [
        "Hej!",
        "",
        f"{document.addressee} har tagit emot {document.body}s yttrande över "
        f"”{document.consultation_title}”, diarienummer {document.case_number}.",
        "",
        f"Mottaget: {document.submitted_display}",
        f"SHA-256 för yttrandet (mottaget original, text): {answer.receipt_sha256}",
        f"SHA-256 för PDF-kopian: {answer.pdf_sha256}",
        "",
        "Yttrandet bifogas som PDF. Originalet är yttrandet som text, så som det togs emot; "
        "kontrollsumman (SHA-256) visar att en fil är exakt den som togs emot.",
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
    message.attach(document.filename, pdf, "application/pdf")
    return message
