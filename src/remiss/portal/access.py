"""Who may see which portal answer: the session's invitations, checked on every request.

The link in the e-mail (``/svara/<token>/``) is opened once: its invitation's id goes into the
session under the answer it opens, and the browser moves on to token-free URLs. Each later
request finds the invitation the session holds *for the answer in the URL*, checks that it is
still usable (not revoked, not expired, its consultation not a draft) and that the answer is
really that invitation's. Anything else is a 404: the portal never says whether an answer
exists that the visitor may not see. The session mechanics are the consultations app's
``LinkSession``, shared with follow-up's reporting links; the scope of a grant is the answer.
"""

from dataclasses import dataclass

from django.http import Http404, HttpRequest

from remiss.consultations.links import LinkSession
from remiss.consultations.models import ConsultationStatus, Invitation

from .models import PortalAnswer

SESSION_KEY = "portal_answers"  # {answer id: invitation id}
SESSION = LinkSession(SESSION_KEY)


class PortalNotFound(Http404):
    """No answer for this visitor; ``contact_email`` when the consultation is known to them."""

    def __init__(self, contact_email: str = ""):
        super().__init__("portal answer not found")
        self.contact_email = contact_email


@dataclass(frozen=True)
class PortalAccess:
    invitation: Invitation
    answer: PortalAnswer


def invitation_is_open(invitation: Invitation) -> bool:
    """Usable, and its consultation is not a draft (nothing of a draft shows in the portal)."""
    return invitation.is_usable() and invitation.consultation.status != ConsultationStatus.UTKAST


def answer_belongs_to(answer: PortalAnswer, invitation: Invitation) -> bool:
    if answer.consultation_id != invitation.consultation_id:
        return False
    if invitation.recipient_id is not None:
        return answer.recipient_id == invitation.recipient_id
    return answer.invitation_id == invitation.pk


def portal_session_grant(request: HttpRequest, *, answer: PortalAnswer, invitation: Invitation):
    """Remember in the session that this browser opened the answer with this invitation.

    The session key is renewed first, so a session id planted before the link was opened
    (session fixation) does not gain the answer.
    """
    SESSION.grant(request, link=invitation, scope=answer.pk)


def portal_access(request: HttpRequest, answer_id) -> PortalAccess:
    """The session's invitation for this answer, usable and the answer's own; else 404."""
    invitations = Invitation.objects.select_related(
        "consultation__remitting_organisation", "recipient__organisation"
    )
    invitation = SESSION.held(request, invitations, answer_id)
    if invitation is None:
        raise PortalNotFound
    if not invitation_is_open(invitation):
        draft = invitation.consultation.status == ConsultationStatus.UTKAST
        raise PortalNotFound("" if draft else invitation.consultation.answer_email)
    answer = (
        PortalAnswer.objects.select_related(
            "consultation__remitting_organisation", "recipient__organisation", "invitation"
        )
        .filter(pk=answer_id)
        .first()
    )
    if answer is None or not answer_belongs_to(answer, invitation):
        raise PortalNotFound
    return PortalAccess(invitation=invitation, answer=answer)
