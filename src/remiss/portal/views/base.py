"""What every portal view shares: access through the session's invitation, and the friendly
page for a link that does not work."""

from django.shortcuts import render
from django.views import View

from remiss.portal.access import PortalAccess, PortalNotFound, portal_access


def link_invalid(request, *, contact_email: str = "", status: int = 404):
    """The page for a link that is unknown, expired, revoked or not this visitor's."""
    response = render(
        request,
        "portal/link_invalid.html",
        {"contact_email": contact_email},
        status=status,
    )
    return response


class PortalView(View):
    """A page of one answer. ``self.access`` holds the invitation and the answer; a visitor
    whose session does not hold a usable invitation for this very answer gets a 404."""

    access: PortalAccess

    def dispatch(self, request, *args, **kwargs):
        try:
            self.access = portal_access(request, kwargs["answer_id"])
        except PortalNotFound as missing:
            return link_invalid(request, contact_email=missing.contact_email)
        return super().dispatch(request, *args, **kwargs)

    @property
    def answer(self):
        return self.access.answer

    @property
    def invitation(self):
        return self.access.invitation
