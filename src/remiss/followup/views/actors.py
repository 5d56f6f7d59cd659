"""The actors: candidates found in the answers, and the reporting links for a year."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from remiss.accounts.permissions import OfficerRequiredMixin, RegisterAnswersRequiredMixin
from remiss.consultations.models import Organisation
from remiss.followup.forms import CandidateAcceptForm, ReportingYearForm
from remiss.followup.models import CandidateActor
from remiss.followup.selectors import reporting_link_rows
from remiss.followup.services import (
    candidate_actor_accept,
    candidate_actors_find,
    reporting_link_issue,
    reporting_links_send,
    reporting_url,
)

from .common import consultation_or_404


class CandidatesView(OfficerRequiredMixin, View):
    """The bodies whose answers offer to take part; a button looks for them again."""

    template = "followup/candidates.html"

    def get(self, request, pk):
        consultation = consultation_or_404(pk)
        candidates = list(
            consultation.candidate_actors.select_related(
                "organisation", "response", "insats"
            ).order_by("organisation__name", "created_at")
        )
        context = {
            "consultation": consultation,
            "candidates": [
                (c, CandidateAcceptForm(consultation=consultation, auto_id=f"c-{c.pk}-%s"))
                for c in candidates
            ],
        }
        return render(request, self.template, context)


class CandidatesFindView(RegisterAnswersRequiredMixin, View):
    def post(self, request, pk):
        consultation = consultation_or_404(pk)
        found = candidate_actors_find(actor=request.user, consultation=consultation)
        messages.success(
            request,
            ngettext(
                "%(count)d answer offers to take part.", "%(count)d answers offer to take part.",
                len(found),
            ) % {"count": len(found)},
        )  # fmt: skip
        return HttpResponseRedirect(reverse("followup:candidates", args=[consultation.pk]))


class CandidateAcceptView(RegisterAnswersRequiredMixin, View):
    def post(self, request, pk):
        candidate = get_object_or_404(
            CandidateActor.objects.select_related("consultation", "organisation"), pk=pk
        )
        form = CandidateAcceptForm(request.POST, consultation=candidate.consultation)
        url = reverse("followup:candidates", args=[candidate.consultation_id])
        if not form.is_valid():
            messages.error(request, _("Choose an insats and a role."))
            return HttpResponseRedirect(url)
        try:
            candidate_actor_accept(actor=request.user, candidate=candidate, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(url)
        messages.success(
            request,
            _("%(organisation)s is now an actor of the insats %(insats)s.")
            % {"organisation": candidate.organisation, "insats": form.cleaned_data["insats"]},
        )
        return HttpResponseRedirect(f"{url}#candidate-{candidate.pk}")


def default_year() -> int:
    """The actors report on the year that has passed."""
    return timezone.localdate().year - 1


class ReportingLinksView(OfficerRequiredMixin, View):
    """Per responsible actor: its link for the year, whether it was sent and used, reports."""

    template = "followup/reporting_links.html"

    def get(self, request, pk):
        consultation = consultation_or_404(pk)
        form = ReportingYearForm(request.GET or {"year": default_year()})
        year = form.cleaned_data["year"] if form.is_valid() else default_year()
        return self.show(request, consultation, year)

    def show(self, request, consultation, year, *, issued=None):
        context = {
            "consultation": consultation,
            "year": year,
            "rows": reporting_link_rows(consultation, year),
            "issued": issued,
        }
        return render(request, self.template, context)


class ReportingLinksSendView(RegisterAnswersRequiredMixin, View):
    def post(self, request, pk):
        consultation = consultation_or_404(pk)
        form = ReportingYearForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Enter a year between 1900 and 2100."))
            return HttpResponseRedirect(reverse("followup:reporting_links", args=[pk]))
        year = form.cleaned_data["year"]
        result = reporting_links_send(actor=request.user, consultation=consultation, year=year)
        if result.sent:
            messages.success(request, _("Links sent to: %s.") % ", ".join(result.sent))
        if result.already_sent:
            messages.info(
                request, _("Already sent, not sent again: %s.") % ", ".join(result.already_sent)
            )
        if result.without_email:
            messages.warning(
                request,
                _("No e-mail address, issue their links by hand: %s.")
                % ", ".join(result.without_email),
            )
        if result.failed:
            messages.error(request, _("Could not be sent: %s.") % ", ".join(result.failed))
        if not (result.sent or result.already_sent or result.without_email or result.failed):
            messages.info(request, _("No insats has a responsible actor yet."))
        url = reverse("followup:reporting_links", args=[pk])
        return HttpResponseRedirect(f"{url}?year={year}")


class ReportingLinkIssueView(RegisterAnswersRequiredMixin, View):
    """A new link for one actor, shown once on the page (to hand over without e-mail)."""

    def post(self, request, pk, organisation_pk):
        consultation = consultation_or_404(pk)
        organisation = get_object_or_404(
            Organisation.objects.filter(
                insatser_responsible__plan__consultation=consultation
            ).distinct(),
            pk=organisation_pk,
        )
        form = ReportingYearForm(request.POST)
        year = form.cleaned_data["year"] if form.is_valid() else default_year()
        issued = reporting_link_issue(
            actor=request.user, consultation=consultation, organisation=organisation, year=year
        )
        view = ReportingLinksView()
        response = view.show(
            request, consultation, year, issued=(organisation, reporting_url(issued.token))
        )
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response
