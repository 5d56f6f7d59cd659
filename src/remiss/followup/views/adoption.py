"""The adopted strategy: record the decision, then list the points behind each part."""

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from remiss.accounts.permissions import OfficerRequiredMixin
from remiss.consultations.models import DraftVersionKind, section_sort_key
from remiss.followup.forms import AdoptionForm
from remiss.followup.services import adoption_record

from .common import consultation_or_404, form_errors_from


class AdoptionView(OfficerRequiredMixin, View):
    """Officers read; only those who may register answers record the decision."""

    template = "followup/adoption.html"

    def get(self, request, pk):
        return self.show(request, consultation_or_404(pk), AdoptionForm())

    def post(self, request, pk):
        consultation = consultation_or_404(pk)
        if not request.user.can_register_answers:
            raise PermissionDenied
        form = AdoptionForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data.pop("file")
            try:
                adoption_record(
                    actor=request.user,
                    consultation=consultation,
                    source_filename=upload.name if upload else "",
                    source_data=upload.read() if upload else b"",
                    **form.cleaned_data,
                )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, _("The adopted version has been recorded."))
                return HttpResponseRedirect(reverse("followup:adoption", args=[consultation.pk]))
        return self.show(request, consultation, form, status=400)

    def show(self, request, consultation, form, *, status=200):
        versions = list(
            consultation.draft_versions.filter(kind=DraftVersionKind.ANTAGEN).order_by(
                "-created_at"
            )
        )
        parts = []
        if versions:
            traces = sorted(
                versions[0].traces.select_related("response__organisation", "section"),
                key=lambda t: (t.section_number == "", section_sort_key(t.section_number)),
            )
            for number, group in groupby(traces, key=lambda t: t.section_number):
                group = list(group)
                parts.append((number, group[0].section, group))
        context = {
            "consultation": consultation,
            "form": form,
            "versions": versions,
            "parts": parts,
        }
        return render(request, self.template, context, status=status)
