"""Who may see what. Views use these instead of repeating the rule."""

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied


class _UserPropertyRequiredMixin(AccessMixin):
    """Anonymous visitors go to the login page; signed-in users without the right get 403."""

    required_property = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not getattr(request.user, self.required_property):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class OfficerRequiredMixin(_UserPropertyRequiredMixin):
    """Signed-in officers only."""

    required_property = "is_officer"


class RegisterAnswersRequiredMixin(_UserPropertyRequiredMixin):
    """Officers who may take in answers (not readers)."""

    required_property = "can_register_answers"
