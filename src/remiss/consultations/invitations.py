"""Invitation links to the portal: made, found, sent and revoked.

The link carries a random token of 256 bits; the database keeps only its SHA-256, so a copy of
the database gives no working links. A link works until the body's deadline (an extended one
included) plus ``REMISS_INVITATION_GRACE_DAYS``, unless an officer revokes it. Tokens are never
logged: only the invitation's id is.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from remiss.audit.services import audit_record

from .links import link_from_token, token_hash
from .models import Consultation, Invitation, Recipient

TOKEN_BYTES = 32


@dataclass(frozen=True)
class IssuedInvitation:
    """A new invitation and its token: the only time the token exists outside the link."""

    invitation: Invitation
    token: str


def invitation_expiry(consultation: Consultation, recipient: Recipient | None) -> datetime:
    """The end of the deadline day plus the grace period, in Swedish time."""
    deadline = recipient.deadline if recipient is not None else consultation.deadline
    zone = ZoneInfo(settings.TIME_ZONE)
    if deadline is None:
        return timezone.now() + timedelta(days=365)
    end_of_day = datetime.combine(deadline, time.max, tzinfo=zone)
    return end_of_day + timedelta(days=settings.REMISS_INVITATION_GRACE_DAYS)


@transaction.atomic
def invitation_issue(
    *,
    actor: Any | None,
    consultation: Consultation,
    recipient: Recipient | None = None,
    email: str = "",
) -> IssuedInvitation:
    """A new link for a body on the list (or, for an open consultation, an e-mail address)."""
    if recipient is not None and recipient.consultation_id != consultation.pk:
        raise ValueError("The recipient belongs to another consultation.")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    invitation = Invitation.objects.create(
        consultation=consultation,
        recipient=recipient,
        email=email or (recipient.organisation.email if recipient else ""),
        token_hash=token_hash(token),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        expires_at=invitation_expiry(consultation, recipient),
    )
    audit_record(actor=actor, action="invitation.issued", obj=invitation)
    return IssuedInvitation(invitation, token)


def invitation_from_token(token: str, *, now: datetime | None = None) -> Invitation | None:
    """The usable invitation the token opens, or None (unknown, expired or revoked)."""
    invitations = Invitation.objects.select_related("consultation", "recipient__organisation")
    return link_from_token(invitations, token, now=now)


@transaction.atomic
def invitation_revoke(*, actor: Any, invitation: Invitation) -> Invitation:
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.revoked_by = actor
        invitation.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(actor=actor, action="invitation.revoked", obj=invitation)
    return invitation


@transaction.atomic
def recipient_extend_deadline(*, actor: Any, recipient: Recipient, deadline) -> Recipient:
    """A later deadline for one body; its usable links follow it."""
    before = recipient.extended_deadline
    recipient.extended_deadline = deadline
    recipient.full_clean()
    recipient.save(update_fields=["extended_deadline"])
    expiry = invitation_expiry(recipient.consultation, recipient)
    recipient.invitations.filter(revoked_at__isnull=True).update(expires_at=expiry)
    audit_record(
        actor=actor,
        action="recipient.deadline_extended",
        obj=recipient,
        changes={
            "extended_deadline": {
                "from": before.isoformat() if before else None,
                "to": deadline.isoformat() if deadline else None,
            }
        },
    )
    return recipient


@transaction.atomic
def recipient_invitations_revoke(*, actor: Any, recipient: Recipient) -> int:
    """Revoke every link of a body that still works; returns how many were revoked."""
    usable = list(recipient.invitations.usable())
    for invitation in usable:
        invitation_revoke(actor=actor, invitation=invitation)
    return len(usable)


@dataclass(frozen=True)
class InvitationState:
    """Where a body's invitation stands: "not_sent", "sent", "revoked" or "expired"."""

    code: str
    at: datetime | None = None
    usable_links: int = 0


def invitation_states(recipients, *, now: datetime | None = None) -> dict:
    """The invitation state of each recipient (by pk), from one query."""
    now = now or timezone.now()
    by_recipient: dict = {}
    invitations = Invitation.objects.filter(recipient__in=list(recipients)).order_by("created_at")
    for invitation in invitations:
        by_recipient.setdefault(invitation.recipient_id, []).append(invitation)
    states = {}
    for recipient in recipients:
        own = by_recipient.get(recipient.pk, [])
        sent = [i for i in own if i.sent_at is not None]
        usable_sent = [i for i in sent if i.is_usable(now)]
        usable = sum(1 for i in own if i.is_usable(now))
        if usable_sent:
            states[recipient.pk] = InvitationState("sent", usable_sent[-1].sent_at, usable)
        elif not sent:
            states[recipient.pk] = InvitationState("not_sent", None, usable)
        elif sent[-1].revoked_at is not None:
            states[recipient.pk] = InvitationState("revoked", sent[-1].revoked_at, usable)
        else:
            states[recipient.pk] = InvitationState("expired", sent[-1].expires_at, usable)
    return states
