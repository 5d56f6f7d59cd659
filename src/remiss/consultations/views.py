from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import DetailView, ListView

from remiss.accounts.permissions import OfficerRequiredMixin

from .missiv import answer_file_stem, missiv_compose, missiv_docx, missiv_pdf
from .models import Consultation, Organisation, OrganisationKind

MISSIV_FORMATS = {
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        missiv_docx,
    ),
    "pdf": ("application/pdf", missiv_pdf),
}


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


class MissivDownloadView(OfficerRequiredMixin, View):
    """The cover letter as Word or PDF, made from the consultation as it is now."""

    def get(self, request, pk, format):
        if format not in MISSIV_FORMATS:
            raise Http404
        consultation = get_object_or_404(
            Consultation.objects.select_related("remitting_organisation"), pk=pk
        )
        media_type, build = MISSIV_FORMATS[format]
        content = build(missiv_compose(consultation))
        filename = answer_file_stem(consultation.case_number, "missiv").replace(" ", "-")
        response = HttpResponse(content, content_type=media_type)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"{filename}.{format}"
        )
        return response


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
