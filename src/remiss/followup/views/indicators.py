"""Indicators: create, edit, the chart with its data table, values by hand and from a file."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from remiss.accounts.permissions import OfficerRequiredMixin, RegisterAnswersRequiredMixin
from remiss.followup.forms import IndicatorForm, IndicatorImportForm, IndicatorValueForm
from remiss.followup.selectors import indicator_row, indicator_table
from remiss.followup.services import (
    indicator_create,
    indicator_update,
    indicator_value_set,
    indicator_values_import,
)

from .common import consultation_or_404, form_errors_from, home_url, indicator_or_404, is_uuid


def indicator_url(indicator, anchor: str = "") -> str:
    url = reverse("followup:indicator", args=[indicator.pk])
    return f"{url}#{anchor}" if anchor else url


class IndicatorCreateView(RegisterAnswersRequiredMixin, View):
    template = "followup/indicator_form.html"

    def get(self, request, pk):
        consultation = consultation_or_404(pk)
        initial = {"higher_is_better": True}
        area = request.GET.get("focus_area", "")
        if is_uuid(area):
            initial["focus_area"] = consultation.sections.filter(pk=area).first()
        return self.show(request, consultation, IndicatorForm(consultation=consultation,
                                                              initial=initial))  # fmt: skip

    def post(self, request, pk):
        consultation = consultation_or_404(pk)
        form = IndicatorForm(request.POST, consultation=consultation)
        if form.is_valid():
            try:
                indicator = indicator_create(
                    actor=request.user, consultation=consultation, **form.cleaned_data
                )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, _("The indicator has been created."))
                return HttpResponseRedirect(indicator_url(indicator))
        return self.show(request, consultation, form, status=400)

    def show(self, request, consultation, form, *, indicator=None, status=200):
        context = {"consultation": consultation, "form": form, "indicator": indicator}
        return render(request, self.template, context, status=status)


class IndicatorEditView(IndicatorCreateView):
    def get(self, request, pk):
        indicator = indicator_or_404(pk)
        form = IndicatorForm(
            consultation=indicator.consultation, initial=IndicatorForm.initial_from(indicator)
        )
        return self.show(request, indicator.consultation, form, indicator=indicator)

    def post(self, request, pk):
        indicator = indicator_or_404(pk)
        form = IndicatorForm(request.POST, consultation=indicator.consultation)
        if form.is_valid():
            try:
                indicator_update(actor=request.user, indicator=indicator, **form.cleaned_data)
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, _("The indicator has been saved."))
                return HttpResponseRedirect(indicator_url(indicator))
        return self.show(request, indicator.consultation, form, indicator=indicator, status=400)


class IndicatorView(OfficerRequiredMixin, View):
    """The chart and, beside it, the same numbers as a table; the forms to add values."""

    template = "followup/indicator.html"

    def get(self, request, pk):
        return self.show(request, indicator_or_404(pk))

    def show(self, request, indicator, *, value_form=None, import_form=None, import_errors=(),
             status=200):  # fmt: skip
        context = {
            "indicator": indicator,
            "consultation": indicator.consultation,
            "row": indicator_row(indicator),
            "table": indicator_table(indicator),
            "insatser": list(indicator.insatser.select_related("plan")),
            "value_form": value_form or IndicatorValueForm(),
            "import_form": import_form or IndicatorImportForm(),
            "import_errors": import_errors,
            "home_url": home_url(indicator.consultation, anchor=f"area-{indicator.focus_area_id}"),
        }
        return render(request, self.template, context, status=status)


class IndicatorValueView(RegisterAnswersRequiredMixin, View):
    def post(self, request, pk):
        indicator = indicator_or_404(pk)
        form = IndicatorValueForm(request.POST)
        if form.is_valid():
            try:
                indicator_value_set(actor=request.user, indicator=indicator, **form.cleaned_data)
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, _("The value has been saved."))
                return HttpResponseRedirect(indicator_url(indicator, "values"))
        return IndicatorView().show(request, indicator, value_form=form, status=400)


class IndicatorImportView(RegisterAnswersRequiredMixin, View):
    def post(self, request, pk):
        indicator = indicator_or_404(pk)
        form = IndicatorImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return IndicatorView().show(request, indicator, import_form=form, status=400)
        upload = form.cleaned_data["file"]
        result = indicator_values_import(
            actor=request.user, indicator=indicator, filename=upload.name, data=upload.read()
        )
        if not result.ok:
            return IndicatorView().show(request, indicator, import_errors=result.errors, status=400)
        messages.success(
            request,
            ngettext(
                "%(count)d value has been imported.", "%(count)d values have been imported.",
                result.imported,
            ) % {"count": result.imported},
        )  # fmt: skip
        return HttpResponseRedirect(indicator_url(indicator, "values"))
