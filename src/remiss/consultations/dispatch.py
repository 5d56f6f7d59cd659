"""Sending the remiss by e-mail: each body's invitation with its personal link and the missiv,
and reminders to bodies that have not answered as their deadline draws near.

Every message carries a fresh link (``invitation_issue``); a reminder's new link leaves the
earlier ones working. Messages go one at a time through Django's default mailer, so a body
whose message fails (an SMTP error) is reported and the others are still sent; a link whose
message failed is revoked, since nobody can be sure where it went. Each sent invitation is
committed with its ``sent_at`` before the next is tried, which is why these functions are not
one transaction. The e-mails are Swedish: they are the authority's outgoing letters. Tokens
exist only inside the messages; logs and the audit trail name invitations by their id.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from remiss.audit.services import audit_record
from remiss.rendering import swedish_date

from .deadlines import short_deadline_problem
from .invitations import invitation_issue, invitation_revoke
from .missiv import answer_file_stem, missiv_compose, missiv_pdf
from .models import (
    Consultation,
    ConsultationStatus,
    Invitation,
    Recipient,
    RecipientStatus,
    Reminder,
)

logger = logging.getLogger(__name__)

SENDABLE = (ConsultationStatus.UTKAST, ConsultationStatus.OPPEN)


def portal_link(token: str) -> str:
    """The personal link in an e-mail: the public address plus the portal's start route."""
    return settings.REMISS_PUBLIC_URL + reverse("portal:start", args=[token])


@dataclass
class DispatchResult:
    """What ``invitations_send`` did, body by body (organisation names)."""

    sent: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)
    already_answered: list[str] = field(default_factory=list)
    without_email: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    refused: str = ""  # why nothing at all was sent, for the officer
    opened: bool = False  # the consultation went from draft to open

    @property
    def ok(self) -> bool:
        return not self.refused and not self.failed


@dataclass(frozen=True)
class _Attachment:
    filename: str
    content: bytes


def _missiv_attachment(consultation: Consultation, on: date) -> _Attachment:
    missiv = missiv_compose(consultation, portal_url=settings.REMISS_PUBLIC_URL, on=on)
    stem = answer_file_stem(consultation.case_number, "missiv").replace(" ", "-")
    return _Attachment(f"{stem}.pdf", missiv_pdf(missiv))


def invitation_subject(consultation: Consultation) -> str:
    return f"Remiss: {consultation.title} (dnr {consultation.case_number})"


def reminder_subject(consultation: Consultation) -> str:
    return f"Påminnelse om remiss: {consultation.title} (dnr {consultation.case_number})"


def _deadline_sentence(consultation: Consultation, recipient: Recipient) -> str:
    sender = consultation.remitting_organisation.name
    sentence = (
        f"Remissvaren ska ha kommit in till {sender} senast den {swedish_date(recipient.deadline)}."
    )
    if recipient.extended_deadline:
        sentence += " Det är den förlängda svarstid som gäller för er."
    return sentence


def _how_to_answer(consultation: Consultation, recipient: Recipient, link: str, expires) -> str:
    name = recipient.organisation.name
    lines = [
        "Så svarar ni",
        "Svara i Remiss svarsportal genom länken nedan. Där kan ni lämna synpunkter avsnitt "
        "för avsnitt, bifoga filer och se kvittot när svaret är inlämnat:",
        link,
        "",
        f"Länken är personlig för {name}. Dela den bara med dem som arbetar med ert remissvar: "
        "den som har länken kan skriva och lämna in svaret för er räkning. Länken gäller till "
        f"och med den {swedish_date(timezone.localtime(expires).date())}.",
    ]
    if consultation.answer_email:
        formats = (
            f", i formatet {consultation.answer_formats}" if consultation.answer_formats else ""
        )
        lines += [
            "",
            f"Ni kan också skicka remissvaret med e-post till {consultation.answer_email}"
            f"{formats}. Ange diarienummer {consultation.case_number} i ämnesraden och i "
            "remissvaret.",
        ]
    lines += [
        "",
        "Om ni inte har några synpunkter räcker det att ni meddelar det. Missivet med "
        "sändlistan finns som bilaga.",
    ]
    return "\n".join(lines)


def invitation_text(consultation: Consultation, recipient: Recipient, link: str, expires) -> str:
    sender = consultation.remitting_organisation.name
    return "\n".join(
        [
            f"Till {recipient.organisation.name}",
            "",
            f"{sender} skickar härmed {consultation.title} på remiss "
            f"(diarienummer {consultation.case_number}).",
            "",
            _deadline_sentence(consultation, recipient),
            "",
            _how_to_answer(consultation, recipient, link, expires),
            "",
            "Med vänlig hälsning",
            sender,
        ]
    )


def reminder_text(
    consultation: Consultation, recipient: Recipient, link: str, expires, days_before: int
) -> str:
    sender = consultation.remitting_organisation.name
    when = {0: "i dag", 1: "i morgon"}.get(days_before, f"om {days_before} dagar")
    return "\n".join(
        [
            f"Till {recipient.organisation.name}",
            "",
            f"Det här är en påminnelse om remissen {consultation.title} "
            f"(diarienummer {consultation.case_number}). Vi har ännu inte fått något "
            f"remissvar från {recipient.organisation.name}. Svarstiden går ut {when}.",
            "",
            _deadline_sentence(consultation, recipient),
            "",
            _how_to_answer(consultation, recipient, link, expires),
            "",
            "Länken i det här meddelandet är ny. Länkar ni har fått tidigare fungerar också. "
            "Om ni redan har skickat ert svar kan ni bortse från påminnelsen.",
            "",
            "Med vänlig hälsning",
            sender,
        ]
    )


def _send(
    *,
    actor: Any | None,
    consultation: Consultation,
    recipient: Recipient,
    attachment: _Attachment,
    days_before: int | None = None,
) -> Invitation | None:
    """Issue a link and send it; the invitation, or None when the message failed."""
    issued = invitation_issue(actor=actor, consultation=consultation, recipient=recipient)
    invitation = issued.invitation
    link = portal_link(issued.token)
    if days_before is None:
        subject = invitation_subject(consultation)
        body = invitation_text(consultation, recipient, link, invitation.expires_at)
    else:
        subject = reminder_subject(consultation)
        body = reminder_text(consultation, recipient, link, invitation.expires_at, days_before)
    message = EmailMessage(
        subject=subject,
        body=body,
        to=[recipient.organisation.email],
        reply_to=[consultation.answer_email] if consultation.answer_email else None,
    )
    message.attach(attachment.filename, attachment.content, "application/pdf")
    try:
        message.send()
    except Exception as error:  # SMTP refusals, lost connections, bad addresses
        logger.warning(
            "Invitation %s (recipient %s) could not be sent: %s: %s",
            invitation.pk,
            recipient.pk,
            type(error).__name__,
            error,
        )
        invitation_revoke(actor=actor, invitation=invitation)
        return None
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["sent_at"])
    audit_record(
        actor=actor,
        action="invitation.sent" if days_before is None else "invitation.reminder_sent",
        obj=invitation,
        changes={"email": invitation.email, "recipient": str(recipient.pk)}
        | ({} if days_before is None else {"days_before": days_before}),
    )
    logger.info("Invitation %s sent to recipient %s", invitation.pk, recipient.pk)
    return invitation


def _open(*, actor: Any | None, consultation: Consultation, today: date) -> bool:
    """The first invitation sent opens a consultation that was a draft."""
    if consultation.status != ConsultationStatus.UTKAST:
        return False
    with transaction.atomic():
        consultation.status = ConsultationStatus.OPPEN
        fields = ["status", "updated_at"]
        if consultation.sent_on is None:
            consultation.sent_on = today
            fields.append("sent_on")
        consultation.save(update_fields=fields)
        audit_record(
            actor=actor,
            action="consultation.opened",
            obj=consultation,
            changes={"status": consultation.status, "sent_on": str(consultation.sent_on)},
        )
    return True


def dispatch_date(consultation: Consultation) -> date:
    """The day the remiss counts as sent, for the rule on the remiss time: the day it opened
    (its first invitations), or today for a draft, whose invitations go out now."""
    if consultation.status == ConsultationStatus.OPPEN and consultation.sent_on:
        return consultation.sent_on
    return timezone.localdate()


def invitations_send(
    *,
    actor: Any | None,
    consultation: Consultation,
    recipients: list[Recipient] | None = None,
    resend: bool = False,
) -> DispatchResult:
    """E-mail the invitation to the invited bodies (all of them, or ``recipients``).

    A body that already has a working link that was sent is skipped unless ``resend``; without
    ``recipients``, bodies that have already answered are skipped too. Bodies without an
    e-mail address are reported. The first invitation sent opens a draft consultation.
    Nothing is sent while the deadline is less than three months after the dispatch date and
    no reason for the shorter deadline is recorded (``short_deadline_problem``).
    """
    result = DispatchResult()
    if consultation.status not in SENDABLE:
        result.refused = _("The consultation is closed; no invitations were sent.")
        return result
    if consultation.deadline is None:
        result.refused = _("Enter the deadline before sending invitations.")
        return result
    problem = short_deadline_problem(
        deadline=consultation.deadline,
        sent_on=dispatch_date(consultation),
        reason=consultation.short_deadline_reason,
    )
    if problem:
        result.refused = problem
        return result
    chosen = (
        consultation.recipients.invited()
        .select_related("organisation")
        .order_by("position", "organisation__name")
    )
    if recipients is not None:
        chosen = chosen.filter(pk__in=[recipient.pk for recipient in recipients])
    now = timezone.now()
    already = set(
        Invitation.objects.usable(now)
        .filter(recipient__in=chosen, sent_at__isnull=False)
        .values_list("recipient_id", flat=True)
    )
    today = consultation.sent_on or timezone.localdate()
    attachment = None
    for recipient in chosen:
        name = recipient.organisation.name
        if recipients is None and recipient.status != RecipientStatus.EJ_SVARAT:
            result.already_answered.append(name)
            continue
        if recipient.pk in already and not resend:
            result.already_sent.append(name)
            continue
        if not recipient.organisation.email:
            result.without_email.append(name)
            continue
        if attachment is None:
            attachment = _missiv_attachment(consultation, today)
        sent = _send(
            actor=actor, consultation=consultation, recipient=recipient, attachment=attachment
        )
        (result.sent if sent else result.failed).append(name)
    if result.sent:
        result.opened = _open(actor=actor, consultation=consultation, today=today)
    return result


@dataclass(frozen=True)
class ReminderLine:
    case_number: str
    organisation: str
    days_before: int
    deadline: date


@dataclass
class ReminderResult:
    """What ``reminders_send`` did on ``today``; with ``dry_run`` only ``due`` is filled."""

    today: date
    dry_run: bool = False
    due: list[ReminderLine] = field(default_factory=list)
    sent: list[ReminderLine] = field(default_factory=list)
    without_email: list[ReminderLine] = field(default_factory=list)
    failed: list[ReminderLine] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def reminders_due(*, today: date) -> list[tuple[Recipient, int, date]]:
    """Bodies of open consultations that have not answered and whose deadline is exactly N
    days away (N in REMISS_REMINDER_DAYS), and were not reminded for it already."""
    due = []
    for days in sorted(set(settings.REMISS_REMINDER_DAYS), reverse=True):
        deadline = today + timedelta(days=days)
        recipients = (
            Recipient.objects.invited()
            .filter(
                consultation__status=ConsultationStatus.OPPEN,
                status=RecipientStatus.EJ_SVARAT,
            )
            .filter(
                Q(extended_deadline=deadline)
                | Q(extended_deadline__isnull=True, consultation__deadline=deadline)
            )
            .filter(
                ~Exists(
                    Reminder.objects.filter(
                        recipient=OuterRef("pk"), days_before=days, deadline=deadline
                    )
                )
            )
            .select_related("organisation", "consultation__remitting_organisation")
            .order_by("consultation__case_number_key", "position", "organisation__name")
        )
        due.extend((recipient, days, deadline) for recipient in recipients)
    return due


def reminders_send(*, today: date | None = None, dry_run: bool = False) -> ReminderResult:
    """Remind the bodies that are due today (see ``reminders_due``), each with a new link.

    A reminder is booked before its message is sent, so two runs at once cannot both send it;
    a failed message gives the booking back, so the next run tries again.
    """
    today = today or timezone.localdate()
    result = ReminderResult(today=today, dry_run=dry_run)
    attachments: dict = {}
    for recipient, days, deadline in reminders_due(today=today):
        consultation = recipient.consultation
        line = ReminderLine(consultation.case_number, recipient.organisation.name, days, deadline)
        result.due.append(line)
        if dry_run:
            continue
        if not recipient.organisation.email:
            result.without_email.append(line)
            continue
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    recipient=recipient, days_before=days, deadline=deadline
                )
        except IntegrityError:  # another run got there first
            continue
        if consultation.pk not in attachments:
            attachments[consultation.pk] = _missiv_attachment(
                consultation, consultation.sent_on or today
            )
        invitation = _send(
            actor=None,
            consultation=consultation,
            recipient=recipient,
            attachment=attachments[consultation.pk],
            days_before=days,
        )
        if invitation is None:
            reminder.delete()
            result.failed.append(line)
            continue
        reminder.invitation = invitation
        reminder.sent_at = invitation.sent_at
        reminder.save(update_fields=["invitation", "sent_at"])
        result.sent.append(line)
    return result
