"""Which actor's reporting a browser may see: the session's reporting links, checked every time.

The link in the e-mail (``/rapportera/<token>/``) is opened once: the link's id goes into the
session and the browser moves on to token-free URLs that name the link. Each later request
finds the link in the session, checks that it is still usable (not revoked, not expired) and,
for an insats, that the link's organisation is the insats's responsible actor in the link's
consultation. Anything else is a 404: nobody learns whether another actor's insats exists.
The session mechanics are the consultations app's ``LinkSession``, shared with the portal;
a reporting link is granted for itself.
"""

from django.http import Http404, HttpRequest

from remiss.consultations.links import LinkSession

from .models import Insats, ReportingLink

SESSION_KEY = "followup_reporting_links"  # {reporting link id: the same id}
SESSION = LinkSession(SESSION_KEY)


class ReportingNotFound(Http404):
    pass


def reporting_session_grant(request: HttpRequest, *, link: ReportingLink) -> None:
    """Remember in the session that this browser opened this link. The session key is renewed
    first, so a session id planted before the link was opened does not gain it."""
    SESSION.grant(request, link=link)


def reporting_access(request: HttpRequest, link_id) -> ReportingLink:
    """The session's link with this id, still usable; else 404."""
    links = ReportingLink.objects.select_related("organisation", "consultation")
    link = SESSION.held(request, links, link_id)
    if link is None or not link.is_usable():
        raise ReportingNotFound("reporting link not found")
    return link


def reporting_insats(link: ReportingLink, insats_id) -> Insats:
    """The insats, if the link's actor is responsible for it in the link's consultation."""
    insats = (
        Insats.objects.select_related("plan")
        .filter(
            pk=insats_id,
            plan__consultation_id=link.consultation_id,
            responsible_id=link.organisation_id,
        )
        .first()
    )
    if insats is None:
        raise ReportingNotFound("insats not found")
    return insats
