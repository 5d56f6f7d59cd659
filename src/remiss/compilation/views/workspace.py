"""The officer's workspace: the points per part of the strategy and the region's replies.

Saving works both ways: with JavaScript, htmx posts as the officer types and swaps in a short
status; without it, the form's button posts and the page comes back at the same place.
"""

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView

from remiss.accounts.permissions import OfficerRequiredMixin, RegisterAnswersRequiredMixin
from remiss.analysis.models import Point, Stance
from remiss.compilation.forms import (
    ConsiderationsForm,
    PointMoveForm,
    ReplyForm,
    WorkspaceFilterForm,
)
from remiss.compilation.models import Outcome
from remiss.compilation.selectors import GENERAL, workspace_read
from remiss.compilation.services import point_move, reply_save, section_comment_save
from remiss.consultations.models import Consultation, OrganisationKind


def _back(consultation_pk, anchor: str, query: str = ""):
    """The workspace at an anchor, keeping the officer's filters (re-encoded, never raw)."""
    url = reverse("compilation:workspace", args=[consultation_pk])
    filters = QueryDict(query).urlencode() if query else ""
    return redirect(f"{url}{'?' + filters if filters else ''}#{anchor}")


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


class WorkspaceView(OfficerRequiredMixin, DetailView):
    template_name = "compilation/workspace.html"
    queryset = Consultation.objects.select_related("remitting_organisation")

    def get_context_data(self, **kwargs):
        form = WorkspaceFilterForm(self.request.GET)
        filters = self.request.GET.copy()
        filters.pop("page", None)
        return super().get_context_data(
            workspace=workspace_read(self.object, form.filters(), page=form.page_number()),
            filter_query=filters.urlencode(),
            kinds=OrganisationKind.choices,
            stances=Stance.choices,
            outcomes=Outcome.choices,
            query=self.request.GET.urlencode(),
            **kwargs,
        )


class ReplySaveView(RegisterAnswersRequiredMixin, View):
    def post(self, request, pk):
        point = get_object_or_404(Point.objects.select_related("response"), pk=pk)
        form = ReplyForm(request.POST)
        reply = None
        if form.is_valid():
            reply = reply_save(
                actor=request.user, response=point.response, key=point.key, **form.cleaned_data
            )
        if _is_htmx(request):
            return render(
                request, "compilation/_workspace_status.html", {"saved": reply, "form": form}
            )
        if reply is None:
            messages.error(request, _("The reply could not be saved; check the form."))
        else:
            messages.success(request, _("The reply has been saved."))
        return _back(point.response.consultation_id, f"point-{point.pk}", request.POST.get("query"))


class PointMoveView(RegisterAnswersRequiredMixin, View):
    def post(self, request, pk):
        point = get_object_or_404(Point.objects.select_related("response__consultation"), pk=pk)
        form = PointMoveForm(request.POST, consultation=point.response.consultation)
        if form.is_valid():
            point_move(actor=request.user, point=point, to=form.cleaned_data["section"])
            messages.success(request, _("The point has been moved."))
        else:
            messages.error(request, _("The point could not be moved; choose a part."))
        return _back(point.response.consultation_id, f"point-{point.pk}", request.POST.get("query"))


class ConsiderationsSaveView(RegisterAnswersRequiredMixin, View):
    def post(self, request, pk):
        consultation = get_object_or_404(Consultation, pk=pk)
        form = ConsiderationsForm(request.POST, consultation=consultation)
        comment = None
        if form.is_valid():
            comment = section_comment_save(
                actor=request.user,
                consultation=consultation,
                section=form.cleaned_data["section"],
                text=form.cleaned_data["text"],
            )
        if _is_htmx(request):
            return render(
                request, "compilation/_workspace_status.html", {"saved": comment, "form": form}
            )
        if comment is None:
            messages.error(request, _("The considerations could not be saved."))
        else:
            messages.success(request, _("The considerations have been saved."))
        section = comment.section_id if comment else None
        anchor = f"section-{section or GENERAL}" if comment else "main"
        return _back(consultation.pk, anchor, request.POST.get("query"))
