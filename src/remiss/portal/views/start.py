"""The link in the e-mail: exchanged for a session, then left behind."""

import logging

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from remiss.consultations.invitations import invitation_from_token, token_hash
from remiss.consultations.links import token_free_redirect
from remiss.consultations.models import ConsultationStatus, Invitation
from remiss.portal import throttle
from remiss.portal.access import invitation_is_open, portal_session_grant
from remiss.portal.services import portal_answer_open

from .base import link_invalid

logger = logging.getLogger(__name__)

# Wrong tokens from one address before it must wait: far above what a person mistyping or
# reusing an old link needs, far below what guessing 256-bit tokens would.
TOKEN_FAILURE_LIMIT = 10
TOKEN_FAILURE_WINDOW = 15 * 60


def _throttle_key(request) -> str:
    return f"portal:token-failures:{throttle.client_ip(request)}"


class StartView(View):
    """``/svara/<token>/``: a usable token opens the body's answer in this browser's session and
    redirects to the token-free answer page, so the token leaves the address bar, the history
    and any Referer header. Wrong tokens are counted per client IP and rate limited."""

    def get(self, request, token):
        key = _throttle_key(request)
        if throttle.is_blocked(key, limit=TOKEN_FAILURE_LIMIT, window_seconds=TOKEN_FAILURE_WINDOW):
            response = render(request, "portal/too_many.html", status=429)
            response["Retry-After"] = str(TOKEN_FAILURE_WINDOW)
            return response
        invitation = invitation_from_token(token)
        if invitation is None or not invitation_is_open(invitation):
            known = _known_invitation(token)
            if known is None:
                throttle.hit(key, limit=TOKEN_FAILURE_LIMIT, window_seconds=TOKEN_FAILURE_WINDOW)
                logger.info("Portal link refused: unknown token")
                return link_invalid(request)
            logger.info("Portal link refused: invitation %s is not usable", known.pk)
            return link_invalid(request, contact_email=known.consultation.answer_email)
        answer = portal_answer_open(invitation=invitation)
        portal_session_grant(request, answer=answer, invitation=invitation)
        invitation.last_used_at = timezone.now()
        invitation.save(update_fields=["last_used_at"])
        logger.info("Portal link used: invitation %s", invitation.pk)
        return token_free_redirect(reverse("portal:answer", args=[answer.pk]))


def _known_invitation(token: str) -> Invitation | None:
    """A real invitation that no longer works (expired or revoked), so the page can say whom
    to contact. A draft consultation's invitation counts as unknown: nothing of it shows."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("consultation")
        .filter(token_hash=token_hash(token))
        .exclude(consultation__status=ConsultationStatus.UTKAST)
        .first()
    )
