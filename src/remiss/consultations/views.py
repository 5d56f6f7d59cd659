from django.db.models import Count
from django.views.generic import DetailView, ListView

from remiss.accounts.permissions import OfficerRequiredMixin

from .models import Consultation, Organisation, OrganisationKind


class ConsultationListView(OfficerRequiredMixin, ListView):
    template_name = "consultations/consultation_list.html"
    context_object_name = "consultations"

    def get_queryset(self):
        return (
            Consultation.objects.select_related("remitting_organisation")
            .annotate(
                response_count=Count("responses", distinct=True),
                recipient_count=Count("recipients", distinct=True),
            )
            .order_by("-created_at")
        )


class ConsultationDetailView(OfficerRequiredMixin, DetailView):
    template_name = "consultations/consultation_detail.html"
    queryset = Consultation.objects.select_related("remitting_organisation")

    def get_context_data(self, **kwargs):
        consultation = self.object
        return super().get_context_data(
            section_tree=consultation.sections.as_tree(),
            recipients=consultation.recipients.select_related("organisation"),
            response_rate=consultation.recipients.response_rate(),
            responses=consultation.responses.for_listing(),
            **kwargs,
        )


class OrganisationListView(OfficerRequiredMixin, ListView):
    template_name = "consultations/organisation_list.html"
    context_object_name = "organisations"
    paginate_by = 100

    def get_queryset(self):
        organisations = Organisation.objects.annotate(answer_count=Count("responses")).order_by(
            "name"
        )
        kind = self.request.GET.get("typ", "")
        if kind in OrganisationKind.values:
            organisations = organisations.filter(kind=kind)
        return organisations

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kinds=OrganisationKind.choices, selected_kind=self.request.GET.get("typ", ""), **kwargs
        )
