from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from remiss.accounts.permissions import OfficerRequiredMixin, RegisterAnswersRequiredMixin
from remiss.consultations.models import Consultation, Section
from remiss.responses.models import Response

from .forms import (
    PointCorrectionForm,
    StanceCorrectionForm,
    ThemeMergeForm,
    ThemeRenameForm,
    ThemeSplitForm,
)
from .highlight import highlighted_pages
from .models import AnalysisRun, Point, Theme
from .selectors import (
    consultation_overview,
    current_points,
    current_stance,
    latest_run,
    section_points,
)
from .services import (
    analysis_run_create,
    answer_letter,
    point_correct,
    stance_correct,
    theme_merge,
    theme_rename,
    theme_split,
)
from .tasks import analysis_run_process


def _page(request) -> int:
    """The ``page`` of the query string (as the workspace uses it); 1 when missing or bad."""
    value = request.GET.get("page", "")
    return int(value) if value.isdecimal() and len(value) < 9 else 1


class ConsultationAnalysisView(OfficerRequiredMixin, DetailView):
    """The analysis of a whole consultation: positions, sections, themes, endorsements."""

    template_name = "analysis/consultation.html"
    queryset = Consultation.objects.select_related("remitting_organisation")

    def get_context_data(self, **kwargs):
        consultation = self.object
        run = latest_run(consultation)
        return super().get_context_data(
            run=run,
            runs=consultation.analysis_runs.all()[:5],
            overview=consultation_overview(consultation, run, page=_page(self.request)),
            **kwargs,
        )


class AnalysisStartView(RegisterAnswersRequiredMixin, View):
    def post(self, request, pk):
        consultation = get_object_or_404(Consultation, pk=pk)
        run = analysis_run_create(actor=request.user, consultation=consultation)
        transaction.on_commit(lambda: analysis_run_process.enqueue(str(run.pk)))
        return redirect("analysis:run", pk=run.pk)


class AnalysisRunView(OfficerRequiredMixin, DetailView):
    template_name = "analysis/run.html"
    context_object_name = "run"
    queryset = AnalysisRun.objects.select_related("consultation")

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return [f"{self.template_name}#run-status"]
        return [self.template_name]


class ResponseAnalysisView(OfficerRequiredMixin, DetailView):
    template_name = "analysis/response.html"
    context_object_name = "response"
    queryset = Response.objects.select_related("consultation", "organisation")

    def get_context_data(self, **kwargs):
        response = self.object
        run = latest_run(response.consultation)
        points = current_points(response, run)
        return super().get_context_data(
            run=run,
            stance=current_stance(response, run),
            stance_form=StanceCorrectionForm(),
            points=[
                (
                    item,
                    PointCorrectionForm(
                        consultation=response.consultation,
                        initial={"kind": item.kind, "sections": item.sections},
                        auto_id=f"point-{item.point.pk}-%s",
                    ),
                )
                for item in points
            ],
            pages=highlighted_pages(answer_letter(response), points),
            **kwargs,
        )


class StanceCorrectView(RegisterAnswersRequiredMixin, View):
    def post(self, request, pk):
        response = get_object_or_404(Response, pk=pk)
        form = StanceCorrectionForm(request.POST)
        if form.is_valid():
            stance_correct(
                actor=request.user,
                response=response,
                label=form.cleaned_data["label"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("Your position has been saved beside the machine's."))
        else:
            messages.error(request, _("Choose a position."))
        return redirect("analysis:response", pk=response.pk)


class PointCorrectView(RegisterAnswersRequiredMixin, View):
    def post(self, request, pk):
        point = get_object_or_404(Point.objects.select_related("response__consultation"), pk=pk)
        form = PointCorrectionForm(request.POST, consultation=point.response.consultation)
        if form.is_valid():
            point_correct(
                actor=request.user,
                point=point,
                kind=form.cleaned_data["kind"],
                sections=list(form.cleaned_data["sections"]),
                not_a_point=form.cleaned_data["not_a_point"],
            )
            messages.success(request, _("Your decision on the point has been saved."))
        else:
            messages.error(request, _("The decision could not be saved; check the choices."))
        page = reverse("analysis:response", args=[point.response_id])
        return redirect(f"{page}#point-{point.pk}")


class SectionPointsView(OfficerRequiredMixin, TemplateView):
    template_name = "analysis/section.html"

    def get_context_data(self, **kwargs):
        section = get_object_or_404(Section.objects.select_related("consultation"), pk=kwargs["pk"])
        run = latest_run(section.consultation)
        return super().get_context_data(
            section=section,
            run=run,
            points=section_points(section, run, page=_page(self.request)),
            **kwargs,
        )


class ThemeView(OfficerRequiredMixin, DetailView):
    template_name = "analysis/theme.html"
    context_object_name = "theme"
    queryset = Theme.objects.select_related("run__consultation", "labelled_by")

    def get_context_data(self, **kwargs):
        theme = self.object
        return super().get_context_data(
            points=theme.points.select_related("response__organisation").order_by(
                "response__organisation__name"
            ),
            representatives=theme.representatives.select_related("response__organisation"),
            rename_form=ThemeRenameForm(initial={"label": theme.label}),
            merge_form=ThemeMergeForm(theme=theme),
            split_form=ThemeSplitForm(theme=theme),
            **kwargs,
        )


class ThemeEditView(RegisterAnswersRequiredMixin, View):
    """Rename, merge or split a theme; which one the form's ``action`` says."""

    def post(self, request, pk):
        theme = get_object_or_404(Theme, pk=pk)
        action = request.POST.get("action")
        if action == "rename":
            form = ThemeRenameForm(request.POST)
            if form.is_valid():
                theme_rename(actor=request.user, theme=theme, label=form.cleaned_data["label"])
        elif action == "merge":
            form = ThemeMergeForm(request.POST, theme=theme)
            if form.is_valid():
                theme_merge(
                    actor=request.user, target=theme, others=list(form.cleaned_data["others"])
                )
        elif action == "split":
            form = ThemeSplitForm(request.POST, theme=theme)
            if form.is_valid():
                new_theme = theme_split(
                    actor=request.user,
                    theme=theme,
                    points=list(form.cleaned_data["points"]),
                    label=form.cleaned_data["label"],
                )
                messages.success(request, _("A new theme was made from the chosen points."))
                return redirect("analysis:theme", pk=new_theme.pk)
        else:
            form = None
        if form is None or form.errors:
            messages.error(request, _("The change could not be made; check the form."))
        else:
            messages.success(request, _("The theme has been changed."))
        return redirect("analysis:theme", pk=theme.pk)
