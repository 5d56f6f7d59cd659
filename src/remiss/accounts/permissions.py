"""Who may see what. Views use these instead of repeating the rule."""

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied


class OfficerRequiredMixin(AccessMixin):
    """Signed-in officers only: anonymous visitors go to the login page, others get 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.is_officer:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
