"""The follow-up of a consultation's strategy: per focus area, plans, insatser, indicators."""

from django.views.generic import TemplateView

from remiss.accounts.permissions import OfficerRequiredMixin
from remiss.followup.selectors import followup_overview

from .common import consultation_or_404


class HomeView(OfficerRequiredMixin, TemplateView):
    template_name = "followup/home.html"

    def get_context_data(self, **kwargs):
        consultation = consultation_or_404(self.kwargs["pk"])
        return super().get_context_data(
            consultation=consultation, overview=followup_overview(consultation), **kwargs
        )
