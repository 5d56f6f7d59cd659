"""What the follow-up's officer views share."""

import uuid

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse

from remiss.consultations.models import Consultation
from remiss.followup.models import ActionPlan, Indicator, Insats


def consultation_or_404(pk) -> Consultation:
    return get_object_or_404(Consultation.objects.select_related("remitting_organisation"), pk=pk)


def plan_or_404(pk) -> ActionPlan:
    return get_object_or_404(ActionPlan.objects.select_related("consultation", "focus_area"), pk=pk)


def insats_or_404(pk) -> Insats:
    return get_object_or_404(
        Insats.objects.select_related("plan__consultation", "plan__focus_area", "responsible"),
        pk=pk,
    )


def indicator_or_404(pk) -> Indicator:
    return get_object_or_404(Indicator.objects.select_related("consultation", "focus_area"), pk=pk)


def home_url(consultation, *, anchor: str = "") -> str:
    url = reverse("followup:home", args=[consultation.pk])
    return f"{url}#{anchor}" if anchor else url


def form_errors_from(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field where the form has one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except (ValueError, TypeError, AttributeError):
        return False
    return True
