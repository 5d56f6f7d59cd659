"""Workflows of the REST API: tokens, and the two ways a connected system writes.

A token is ``remiss_`` and 43 random URL-safe characters. Only its SHA-256 is stored, so a
lost token cannot be shown again, only revoked and replaced. Tokens are never logged: audit
events name the token, not its value.

Writes go through the same services the pages use: an answer submitted through the API becomes
a Response with a PDF made by the portal's document builder (channel "portal", the document's
facts say ``source: api``); files sent for intake become an intake run read in the background
like an upload.
"""

import hashlib
import logging
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from remiss.accounts.models import Role, User
from remiss.audit.services import audit_record
from remiss.consultations.models import (
    Consultation,
    ConsultationStatus,
    Organisation,
    OrganisationKind,
    Recipient,
)
from remiss.consultations.services import organisation_create, recipient_set_status
from remiss.portal.document import (
    AnswerDocument,
    CommentBlock,
    answer_facts,
    answer_original,
    position_sentence,
)
from remiss.portal.models import Position
from remiss.portal.sections import answer_sections
from remiss.portal.services import STATUS_OF_POSITION
from remiss.responses.intake import IncomingFile, intake_run_create
from remiss.responses.models import Channel, Document, IntakeRun, Response
from remiss.responses.services import document_add, response_register
from remiss.responses.tasks import intake_run_process

from .models import SYSTEM_ROLES, ApiToken

logger = logging.getLogger(__name__)

TOKEN_PREFIX = "remiss_"
# last_used_at is written at most this often per token, so busy clients cause few writes.
LAST_USED_RESOLUTION = timedelta(minutes=1)
WRITING_ROLES = {Role.REGISTRATOR, Role.HANDLAGGARE}


def token_sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class TokenError(Exception):
    """A token cannot be created or revoked; the message says why."""


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once, never stored


@transaction.atomic
def api_token_create(
    *, actor: Any | None, name: str, user: User | None = None, role: str = ""
) -> IssuedToken:
    """A new token for an officer (acting with the officer's role) or for a system (``role``)."""
    name = " ".join(name.split())
    if not name:
        raise TokenError(_("Give the token a name, such as the system it is for."))
    if ApiToken.objects.filter(name=name).exists():
        raise TokenError(_("A token named %(name)s already exists.") % {"name": name})
    if (user is None) == (not role):
        raise TokenError(_("Give either a user or a role for a system token, not both."))
    if user is not None and not user.is_officer:
        raise TokenError(
            _("%(user)s has no officer role and cannot have a token.") % {"user": user}
        )
    if role and role not in SYSTEM_ROLES:
        choices = ", ".join(SYSTEM_ROLES)
        raise TokenError(_("The role must be one of %(roles)s.") % {"roles": choices})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name, user=user, role=role, token_sha256=token_sha256(secret)
    )
    audit_record(
        actor=actor,
        action="api_token.created",
        obj=token,
        changes={"name": name, "owner": token.owner_label},
    )
    return IssuedToken(token=token, secret=secret)


@transaction.atomic
def api_token_revoke(*, actor: Any | None, name: str) -> ApiToken:
    token = ApiToken.objects.select_for_update().filter(name=" ".join(name.split())).first()
    if token is None:
        raise TokenError(_("There is no token named %(name)s.") % {"name": name})
    if token.is_revoked:
        raise TokenError(_("The token %(name)s is already revoked.") % {"name": token.name})
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="api_token.revoked", obj=token, changes={"name": token.name})
    return token


@dataclass(frozen=True)
class ApiClient:
    """Who is calling: the token and, for an officer's token, the officer."""

    token: ApiToken
    user: User | None

    @property
    def role(self) -> str:
        return self.user.role if self.user is not None else self.token.role

    @property
    def can_read(self) -> bool:
        return self.user.is_officer if self.user is not None else bool(self.token.role)

    @property
    def can_write(self) -> bool:
        if self.user is not None:
            return self.user.can_register_answers
        return self.token.role in WRITING_ROLES

    @property
    def label(self) -> str:
        """For the audit log: the token's name, never its value."""
        return f"api ({self.token.name})"


def api_token_authenticate(secret: str) -> ApiClient | None:
    """The client a token belongs to; None for an unknown or revoked token or inactive user."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_sha256=token_sha256(secret), revoked_at=None)
        .first()
    )
    if token is None or (token.user is not None and not token.user.is_active):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return ApiClient(token=token, user=token.user)


# -- submitting an answer --------------------------------------------------------------------


class SubmissionRejected(Exception):
    """The answer cannot be registered; ``errors`` maps fields to messages."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("answer rejected")
        self.errors = errors


@dataclass(frozen=True)
class AnswerInput:
    """An answer on behalf of a body. ``comments`` maps section numbers ("2.3") to text."""

    position: str
    organisation_id: UUID | None = None
    organisation_name: str = ""
    organisation_kind: str = ""
    summary: str = ""
    general_comments: str = ""
    comments: dict[str, str] = field(default_factory=dict)
    responder_case_number: str = ""
    contact_name: str = ""
    contact_email: str = ""


@dataclass(frozen=True)
class SubmittedAnswer:
    response: Response
    document: Document


def api_answer_submit(
    *, client: ApiClient, consultation: Consultation, data: AnswerInput, now: datetime | None = None
) -> SubmittedAnswer:
    """Register the answer with its text as the received original, as the portal does."""
    now = now or timezone.now()
    with transaction.atomic():
        result = _submit(client=client, consultation=consultation, data=data, now=now)
    return result


def _submit(
    *, client: ApiClient, consultation: Consultation, data: AnswerInput, now: datetime
) -> SubmittedAnswer:
    errors: dict[str, str] = {}
    if consultation.status == ConsultationStatus.UTKAST:
        errors["consultation"] = _("The consultation is a draft and takes no answers yet.")
    if data.position not in Position.values:
        errors["position"] = _("The position must be one of %(values)s.") % {
            "values": ", ".join(Position.values)
        }
    organisation = _organisation(data, errors)
    comments = _comment_blocks(consultation, data.comments, errors)
    if errors:
        raise SubmissionRejected(errors)

    body = organisation.name
    document = AnswerDocument(
        body=body,
        title=f"Yttrande över {consultation.title}",
        consultation_title=consultation.title,
        case_number=consultation.case_number,
        addressee=consultation.remitting_organisation.name,
        date=now.astimezone(ZoneInfo(settings.TIME_ZONE)).date(),
        submitted_at=now,
        position=position_sentence(data.position, body),
        summary=data.summary.strip(),
        comments=comments,
        general_comments=data.general_comments.strip(),
        participation="",
        contact_name=data.contact_name.strip(),
        contact_email=data.contact_email.strip(),
        decided_by="",
        decided_on=None,
        attachments=(),
    )
    original = answer_original(document)
    response = response_register(
        actor=client.user,
        consultation=consultation,
        channel=Channel.PORTAL,
        organisation=organisation,
        received_at=now,
        title=document.title,
        letter_date=document.date,
        responder_case_number=data.responder_case_number.strip(),
        quoted_case_number=consultation.case_number,
    )
    facts = {
        **answer_facts(
            original, organisation_name=organisation.name, case_number=consultation.case_number
        ),
        "source": "api",
        "api_token": client.token.name,
    }
    stored, _new = document_add(
        actor=client.user, response=response, extracted=original, facts=facts
    )
    status = STATUS_OF_POSITION.get(data.position)
    if status is not None:
        recipient = Recipient.objects.get(consultation=consultation, organisation=organisation)
        recipient_set_status(actor=client.user, recipient=recipient, status=status)
    audit_record(
        actor=client.user,
        action="api.answer_submitted",
        obj=response,
        changes={"position": data.position, "sha256": stored.sha256, "token": client.token.name},
        actor_label=client.label,
    )
    return SubmittedAnswer(response=response, document=stored)


def _organisation(data: AnswerInput, errors: dict[str, str]) -> Organisation | None:
    if data.organisation_id is not None:
        organisation = Organisation.objects.filter(pk=data.organisation_id).first()
        if organisation is None:
            errors["organisation_id"] = _("There is no organisation with this id.")
        return organisation
    name = " ".join(data.organisation_name.split())
    if not name:
        errors["organisation"] = _("Give the organisation's id or name.")
        return None
    organisation = Organisation.objects.filter(name__iexact=name).first()
    if organisation is not None:
        return organisation
    if data.organisation_kind not in OrganisationKind.values:
        errors["organisation_kind"] = _(
            "%(name)s is not a known organisation. To add it, give its kind, one of %(kinds)s."
        ) % {"name": name, "kinds": ", ".join(OrganisationKind.values)}
        return None
    return organisation_create(actor=None, name=name, kind=data.organisation_kind)


def _comment_blocks(
    consultation: Consultation, comments: dict[str, str], errors: dict[str, str]
) -> tuple[CommentBlock, ...]:
    """The comments in reading order; an unknown or closed section number is an error."""
    sections = {item.section.number: item for item in answer_sections(consultation)}
    for number, text in comments.items():
        item = sections.get(number.strip())
        if item is None:
            errors[f"comments.{number}"] = _("There is no section %(number)s.") % {"number": number}
        elif not item.open_for_comment and text.strip():
            errors[f"comments.{number}"] = _(
                "Section %(number)s is closed for comment: %(reason)s"
            ) % {"number": number, "reason": item.closed_reason}
    wanted = {number.strip(): text.strip() for number, text in comments.items() if text.strip()}
    return tuple(
        CommentBlock(heading=str(item.section), text=wanted[number])
        for number, item in sections.items()
        if number in wanted and item.open_for_comment
    )


# -- intake of files -------------------------------------------------------------------------


@transaction.atomic
def api_intake_start(
    *, client: ApiClient, consultation: Consultation, files: list[IncomingFile]
) -> IntakeRun:
    """An intake run with a receipt per file, read by a worker once the request has committed."""
    run = intake_run_create(
        actor=client.user,
        consultation=consultation,
        channel=Channel.UPPLADDNING,
        files=files,
        spool=True,
    )
    audit_record(
        actor=client.user,
        action="api.intake_started",
        obj=run,
        changes={"files": run.files_total, "token": client.token.name},
        actor_label=client.label,
    )
    transaction.on_commit(lambda: intake_run_process.enqueue(str(run.pk)))
    return run
