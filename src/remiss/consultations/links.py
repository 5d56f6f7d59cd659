"""Personal links (``TokenLink``): a token found, exchanged for a session, then left behind.

The portal's invitations and follow-up's reporting links work the same way. The token exists
only in the link of the e-mail; the database keeps its SHA-256. Opening the link finds the
usable link by that hash (``link_from_token``), remembers the link's id in the session
(``LinkSession.grant``, which renews the session key first so a session id planted before the
link was opened gains nothing) and redirects to a token-free URL (``token_free_redirect``), so
the token leaves the address bar, the history and any Referer header. Later requests find the
link again through the session (``LinkSession.held``) and check it every time.

Each user of these keeps its own specifics: the session key, the scope a link is granted for
(a portal answer, or the link itself), what is looked up with it, and the throttling of wrong
tokens.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect

from .models import TokenLink

MAX_TOKEN_LENGTH = 100  # tokens are 43 characters; anything far longer is not worth a query


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def link_from_token(links: QuerySet, token: str, *, now: datetime | None = None):
    """The usable link of ``links`` that ``token`` opens, or None (unknown, expired, revoked)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    link = links.filter(token_hash=token_hash(token)).first()
    if link is None or not link.is_usable(now):
        return None
    return link


def token_free_redirect(url: str) -> HttpResponseRedirect:
    """Leave the token's URL for ``url``; the token's URL is not sent on as a Referer."""
    response = HttpResponseRedirect(url)
    response["Referrer-Policy"] = "no-referrer"
    return response


@dataclass(frozen=True)
class LinkSession:
    """The links this browser has opened, kept in the session under ``key`` as
    {scope: link id}; the scope is what the link opened (by default the link itself)."""

    key: str

    def _granted(self, request: HttpRequest) -> dict[str, str]:
        granted = request.session.get(self.key, {})
        if isinstance(granted, list):  # sessions from before the scopes: [link id, ...]
            return {str(link_id): str(link_id) for link_id in granted}
        return dict(granted) if isinstance(granted, dict) else {}

    def grant(self, request: HttpRequest, *, link: TokenLink, scope=None) -> None:
        """Remember that this browser opened ``link`` for ``scope``. The session key is renewed
        first (against session fixation); earlier grants are kept."""
        granted = self._granted(request)
        request.session.cycle_key()
        granted[str(link.pk if scope is None else scope)] = str(link.pk)
        request.session[self.key] = granted

    def link_id(self, request: HttpRequest, scope) -> str | None:
        return self._granted(request).get(str(scope))

    def held(self, request: HttpRequest, links: QuerySet, scope):
        """The link of ``links`` the session holds for ``scope`` as it is now, or None. Usable
        or not: the caller checks, since what a dead link may still tell differs."""
        link_id = self.link_id(request, scope)
        if link_id is None:
            return None
        return links.filter(pk=link_id).first()
