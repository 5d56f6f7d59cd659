"""Action plans and insatser: create, edit, status with history, the points they answer."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from remiss.accounts.permissions import OfficerRequiredMixin, RegisterAnswersRequiredMixin
from remiss.consultations.models import Section
from remiss.followup.forms import (
    ActionPlanForm,
    InsatsCreateForm,
    InsatsForm,
    PointLinkForm,
    SourceUnlinkForm,
    StatusForm,
)
from remiss.followup.selectors import focus_area_queryset, insats_chain, linkable_points
from remiss.followup.services import (
    action_plan_create,
    action_plan_update,
    insats_create,
    insats_link_point,
    insats_set_status,
    insats_unlink_point,
    insats_update,
)

from .common import (
    consultation_or_404,
    form_errors_from,
    home_url,
    insats_or_404,
    is_uuid,
    plan_or_404,
)

INSATS_EDIT_FIELDS = (
    "number", "title", "description", "responsible", "co_actors", "planned_start",
    "planned_end", "actual_start", "actual_end", "s3_area",
)  # fmt: skip


def insats_url(insats, anchor: str = "") -> str:
    url = reverse("followup:insats", args=[insats.pk])
    return f"{url}#{anchor}" if anchor else url


class PlanCreateView(RegisterAnswersRequiredMixin, View):
    template = "followup/plan_form.html"

    def get(self, request, pk):
        consultation = consultation_or_404(pk)
        initial = {}
        area = request.GET.get("focus_area", "")
        if is_uuid(area):
            initial["focus_area"] = focus_area_queryset(consultation).filter(pk=area).first()
        form = ActionPlanForm(consultation=consultation, initial=initial)
        return self.show(request, consultation, form)

    def post(self, request, pk):
        consultation = consultation_or_404(pk)
        form = ActionPlanForm(request.POST, consultation=consultation)
        if form.is_valid():
            try:
                plan = action_plan_create(actor=request.user, consultation=consultation,
                                          **form.cleaned_data)  # fmt: skip
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, _("The action plan has been created."))
                return HttpResponseRedirect(home_url(consultation, anchor=f"plan-{plan.pk}"))
        return self.show(request, consultation, form, status=400)

    def show(self, request, consultation, form, *, plan=None, status=200):
        context = {"consultation": consultation, "form": form, "plan": plan}
        return render(request, self.template, context, status=status)


class PlanEditView(PlanCreateView):
    def get(self, request, pk):
        plan = plan_or_404(pk)
        form = ActionPlanForm(
            consultation=plan.consultation,
            initial={name: getattr(plan, name) for name in ActionPlanForm.base_fields},
        )
        return self.show(request, plan.consultation, form, plan=plan)

    def post(self, request, pk):
        plan = plan_or_404(pk)
        form = ActionPlanForm(request.POST, consultation=plan.consultation)
        if form.is_valid():
            try:
                action_plan_update(actor=request.user, plan=plan, **form.cleaned_data)
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, _("The action plan has been saved."))
                return HttpResponseRedirect(home_url(plan.consultation, anchor=f"plan-{plan.pk}"))
        return self.show(request, plan.consultation, form, plan=plan, status=400)


class InsatsCreateView(RegisterAnswersRequiredMixin, View):
    template = "followup/insats_form.html"

    def get(self, request, pk):
        plan = plan_or_404(pk)
        return self.show(request, plan, InsatsCreateForm())

    def post(self, request, pk):
        plan = plan_or_404(pk)
        form = InsatsCreateForm(request.POST)
        if form.is_valid():
            try:
                insats = insats_create(actor=request.user, plan=plan, **form.cleaned_data)
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, _("The insats has been created."))
                return HttpResponseRedirect(insats_url(insats))
        return self.show(request, plan, form, status=400)

    def show(self, request, plan, form, *, insats=None, status=200):
        context = {"plan": plan, "consultation": plan.consultation, "form": form, "insats": insats}
        return render(request, self.template, context, status=status)


class InsatsEditView(InsatsCreateView):
    def get(self, request, pk):
        insats = insats_or_404(pk)
        initial = {name: getattr(insats, name) for name in INSATS_EDIT_FIELDS}
        initial["co_actors"] = list(insats.co_actors.all())
        return self.show(request, insats.plan, InsatsForm(initial=initial), insats=insats)

    def post(self, request, pk):
        insats = insats_or_404(pk)
        form = InsatsForm(request.POST)
        if form.is_valid():
            try:
                insats_update(actor=request.user, insats=insats, **form.cleaned_data)
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, _("The insats has been saved."))
                return HttpResponseRedirect(insats_url(insats))
        return self.show(request, insats.plan, form, insats=insats, status=400)


class InsatsView(OfficerRequiredMixin, TemplateView):
    template_name = "followup/insats.html"

    def get_context_data(self, **kwargs):
        insats = insats_or_404(self.kwargs["pk"])
        return super().get_context_data(
            insats=insats,
            plan=insats.plan,
            consultation=insats.plan.consultation,
            chain=insats_chain(insats),
            status_form=kwargs.pop("status_form", None)
            or StatusForm(initial={"status": insats.status}),
            **kwargs,
        )


class InsatsStatusView(RegisterAnswersRequiredMixin, View):
    def post(self, request, pk):
        insats = insats_or_404(pk)
        form = StatusForm(request.POST)
        if form.is_valid():
            insats_set_status(actor=request.user, insats=insats, **form.cleaned_data)
            messages.success(request, _("The status has been saved."))
            return HttpResponseRedirect(insats_url(insats, "history"))
        view = InsatsView(request=request, kwargs={"pk": pk})
        context = view.get_context_data(status_form=form)
        return render(request, InsatsView.template_name, context, status=400)


class InsatsPointsView(RegisterAnswersRequiredMixin, View):
    """The points of the consultation's answers, filterable by part, to link to the insats."""

    template = "followup/insats_points.html"

    def get(self, request, pk):
        insats = insats_or_404(pk)
        consultation = insats.plan.consultation
        section = None
        value = request.GET.get("section", "")
        if value and is_uuid(value):
            section = consultation.sections.filter(pk=value).first()
        elif not value and "section" not in request.GET:
            section = insats.plan.focus_area
        linked = {(s.response_id, s.point_key): s for s in insats.sources.all()}
        points = [
            (item, linked.get((item.point.response_id, item.point.key)))
            for item in linkable_points(consultation, section=section)
        ]
        context = {
            "insats": insats,
            "consultation": consultation,
            "points": points,
            "section": section,
            "sections": Section.objects.filter(consultation=consultation).order_by("position"),
        }
        return render(request, self.template, context)

    def post(self, request, pk):
        insats = insats_or_404(pk)
        form = PointLinkForm(request.POST)
        item = None
        if form.is_valid():
            wanted = form.cleaned_data["point"]
            consultation = insats.plan.consultation
            item = next((i for i in linkable_points(consultation) if i.point.pk == wanted), None)
        if item is None:
            messages.error(request, _("The point was not found among the current points."))
            return HttpResponseRedirect(reverse("followup:insats_points", args=[insats.pk]))
        insats_link_point(
            actor=request.user,
            insats=insats,
            response=item.point.response,
            point_key=item.point.key,
            point_text=item.point.text,
        )
        messages.success(request, _("The point has been linked to the insats."))
        return HttpResponseRedirect(insats_url(insats, "points"))


class InsatsPointUnlinkView(RegisterAnswersRequiredMixin, View):
    def post(self, request, pk):
        insats = insats_or_404(pk)
        form = SourceUnlinkForm(request.POST)
        source = None
        if form.is_valid():
            source = insats.sources.filter(pk=form.cleaned_data["source"]).first()
        if source is None:
            raise Http404("no such point of this insats")
        insats_unlink_point(actor=request.user, source=source)
        messages.success(request, _("The point is no longer linked to the insats."))
        return HttpResponseRedirect(insats_url(insats, "points"))
