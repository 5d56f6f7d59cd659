"""Confirming an e-mail address before someone answers an open consultation.

A consultation with ``open_to_all`` set takes answers from anyone, not only from the bodies on
the sändlista (domain brief §1.1: "Det är dock inget som hindrar att andra yttrar sig", R05).
Such a respondent gives a name, a kind and an e-mail address; ``verification_request`` then
issues an ordinary portal Invitation for that address (``recipient`` empty) and mails its link.
The link is the verification: only someone who can read the mailbox can open the portal with
it. There is no separate "verified" flag and no new model.

Name and kind are not stored with the invitation (Invitation has no fields for them): they are
repeated in the e-mail so the person sees what they asked for, and returned in the result, and
the portal asks for them again when the answer is started.

Requests are throttled with ``throttle.hit`` per client IP (``IP_LIMIT`` an hour, every request
counts) and per e-mail address (``EMAIL_LIMIT`` an hour, counted once a request is otherwise
valid), so the form cannot be used to flood a mailbox or to make invitations in bulk. A refused
request sends nothing. The e-mail address is hashed before it becomes a cache key.

The token exists only in the link of the e-mail: it is never logged, stored or returned.
"""

import hashlib
import logging
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import EmailValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from remiss.consultations.invitations import invitation_expiry, invitation_issue
from remiss.consultations.missiv import genitive
from remiss.consultations.models import (
    Consultation,
    ConsultationStatus,
    Invitation,
    OrganisationKind,
)
from remiss.rendering import swedish_date, swedish_weekday

from . import throttle

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 3600
EMAIL_LIMIT = 5  # links per e-mail address and hour
IP_LIMIT = 20  # requests per client IP address and hour
NAME_MAX_LENGTH = 200

# The kinds in Swedish for the e-mail (outgoing text is Swedish whatever the interface says).
KIND_SWEDISH = {
    OrganisationKind.KOMMUN: "Kommun",
    OrganisationKind.REGION: "Region",
    OrganisationKind.MYNDIGHET: "Myndighet",
    OrganisationKind.LAROSATE: "Universitet eller högskola",
    OrganisationKind.INTRESSEORGANISATION: "Intresseorganisation",
    OrganisationKind.FORETAG: "Företag",
    OrganisationKind.CIVILSAMHALLE: "Civilsamhälle",
    OrganisationKind.PRIVATPERSON: "Privatperson",
    OrganisationKind.ANNAN: "Annan",
}

MESSAGES = {
    "not_open_to_all": (
        "Den här remissen är inte öppen för alla. Bara de remissinstanser som har fått en "
        "inbjudan kan svara i portalen."
    ),
    "not_open": "Remissen tar inte emot svar just nu.",
    "expired": "Tiden för att svara på remissen har gått ut.",
    "invalid": "Uppgifterna behöver rättas. Se felen nedan.",
    "email_missing": "Fyll i din e-postadress.",
    "email_invalid": "Skriv e-postadressen i formatet namn@exempel.se.",
    "name_missing": "Fyll i ditt namn eller organisationens namn.",
    "name_long": f"Namnet får vara högst {NAME_MAX_LENGTH} tecken.",
    "kind_invalid": "Välj en av typerna i listan.",
    "ip_throttled": (
        "Det har kommit för många förfrågningar från din anslutning den senaste timmen. "
        "Vänta en stund och försök igen."
    ),
    "email_throttled": (
        "Det har skickats för många länkar till den här e-postadressen den senaste timmen. "
        "Använd en länk du redan har fått, eller försök igen om en timme."
    ),
    "mail_failed": (
        "Det gick inte att skicka e-post just nu. Försök igen om en stund, eller skicka ditt "
        "svar med e-post till remissens registrator."
    ),
}


@dataclass(frozen=True)
class VerificationResult:
    """What happened: ``sent`` with the new invitation, or why nothing was sent.

    ``message`` is a Swedish sentence for the page; ``errors`` maps form fields ("email",
    "name", "kind") to Swedish messages for an error summary linked to the fields.
    """

    sent: bool
    message: str
    errors: dict[str, str] = field(default_factory=dict)
    throttled: bool = False
    invitation: Invitation | None = None
    email: str = ""
    name: str = ""
    kind: str = ""


def _tidy(text: str) -> str:
    """One line of plain text: whitespace (newlines included) collapsed."""
    return " ".join((text or "").split())


def _email_key(email: str) -> str:
    digest = hashlib.sha256(email.casefold().encode("utf-8")).hexdigest()
    return f"verification:email:{digest}"


def verification_request(
    *,
    consultation: Consultation,
    email: str,
    name: str,
    kind: str,
    request_ip: str,
) -> VerificationResult:
    """Mail a link to the portal for an open consultation, unless refused or throttled."""
    email = (email or "").strip()
    name = _tidy(name)
    kind = (kind or "").strip()
    given = {"email": email, "name": name, "kind": kind}

    if not throttle.hit(
        f"verification:ip:{request_ip or 'unknown'}",
        limit=IP_LIMIT,
        window_seconds=WINDOW_SECONDS,
    ):
        logger.warning("Verification refused: too many requests from one IP address")
        return VerificationResult(
            sent=False, message=MESSAGES["ip_throttled"], throttled=True, **given
        )

    if not consultation.open_to_all:
        return VerificationResult(sent=False, message=MESSAGES["not_open_to_all"], **given)
    if consultation.status != ConsultationStatus.OPPEN:
        return VerificationResult(sent=False, message=MESSAGES["not_open"], **given)
    if invitation_expiry(consultation, None) <= timezone.now():
        return VerificationResult(sent=False, message=MESSAGES["expired"], **given)

    errors: dict[str, str] = {}
    if not email:
        errors["email"] = MESSAGES["email_missing"]
    else:
        try:
            EmailValidator()(email)
        except ValidationError:
            errors["email"] = MESSAGES["email_invalid"]
    if not name:
        errors["name"] = MESSAGES["name_missing"]
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = MESSAGES["name_long"]
    if kind and kind not in OrganisationKind.values:
        errors["kind"] = MESSAGES["kind_invalid"]
    if errors:
        return VerificationResult(sent=False, message=MESSAGES["invalid"], errors=errors, **given)

    if not throttle.hit(_email_key(email), limit=EMAIL_LIMIT, window_seconds=WINDOW_SECONDS):
        logger.warning(
            "Verification refused: too many links for one address (consultation %s)",
            consultation.pk,
        )
        return VerificationResult(
            sent=False, message=MESSAGES["email_throttled"], throttled=True, **given
        )

    try:
        with transaction.atomic():
            issued = invitation_issue(
                actor=None, consultation=consultation, recipient=None, email=email
            )
            link = settings.REMISS_PUBLIC_URL + reverse("portal:start", args=[issued.token])
            _send(consultation, issued.invitation, link=link, name=name, kind=kind)
            issued.invitation.sent_at = timezone.now()
            issued.invitation.save(update_fields=["sent_at"])
    except (smtplib.SMTPException, OSError) as error:
        # The invitation is rolled back with the failed send. No token in this line.
        logger.error(
            "Verification mail for consultation %s failed: %s",
            consultation.pk,
            type(error).__name__,
        )
        return VerificationResult(sent=False, message=MESSAGES["mail_failed"], **given)

    invitation = issued.invitation
    logger.info(
        "Verification link sent: invitation %s, consultation %s", invitation.pk, consultation.pk
    )
    until = swedish_date(timezone.localtime(invitation.expires_at).date())
    return VerificationResult(
        sent=True,
        message=(
            f"Vi har skickat en länk till {email}. Öppna länken i e-postmeddelandet för att "
            f"svara på remissen. Länken gäller till och med {until}. Hittar du inte "
            "meddelandet, titta i skräpposten."
        ),
        invitation=invitation,
        **given,
    )


def _send(
    consultation: Consultation, invitation: Invitation, *, link: str, name: str, kind: str
) -> None:
    sender = consultation.remitting_organisation.name
    case_number = consultation.case_number
    title = _tidy(consultation.title)
    until = swedish_date(timezone.localtime(invitation.expires_at).date())
    lines = [
        "Hej!",
        "",
        f"Du har bett om en länk för att svara på {genitive(sender)} remiss "
        f"”{title}”, diarienummer {case_number}.",
        "",
        "Öppna länken för att bekräfta din e-postadress och skriva svaret:",
        link,
        "",
        "Du angav:",
        f"Namn: {name}",
        f"Typ av avsändare: {KIND_SWEDISH.get(kind, 'Inte angiven')}",
        f"E-post: {invitation.email}",
        "",
    ]
    if consultation.deadline:
        day = consultation.deadline
        lines.append(f"Sista dag att svara är {swedish_weekday(day)}en den {swedish_date(day)}.")
    lines += [
        f"Länken gäller till och med {until}. Den som har länken kan läsa och ändra svaret, så "
        "dela den bara med dem som skriver svaret tillsammans med dig.",
        "",
        "Har du inte bett om länken kan du bortse från det här meddelandet. Ingenting händer "
        "om länken inte öppnas.",
        "",
        f"Remissvar blir allmänna handlingar hos {sender}.",
        "",
        "Med vänlig hälsning",
        sender,
    ]
    EmailMessage(
        subject=f"Länk för att svara på remiss {case_number}: {title}",
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
    ).send()
