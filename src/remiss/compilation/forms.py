"""Forms of the compilation workspace. They only check input; the services do the work."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from remiss.analysis.models import Stance
from remiss.consultations.models import Consultation, OrganisationKind, Section

from .models import Outcome
from .selectors import GENERAL, WorkspaceFilters


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("The region's reply"), required=False, max_length=20_000, widget=forms.Textarea
    )
    outcome = forms.ChoiceField(
        label=pgettext_lazy("decision on a point", "Outcome"),
        required=False,
        choices=[("", "–"), *Outcome.choices],
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=20_000, widget=forms.Textarea
    )


class SectionChoiceForm(forms.Form):
    """Base for the forms that name a part: ``section`` is a part's id or GENERAL."""

    section = forms.CharField(max_length=40)

    def __init__(self, *args, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation

    def clean_section(self) -> Section | None:
        value = self.cleaned_data["section"]
        if value == GENERAL:
            return None
        section = None
        try:
            section = self.consultation.sections.filter(pk=value).first()
        except (ValueError, forms.ValidationError):
            section = None
        if section is None:
            raise forms.ValidationError(_("Choose a part of the consultation."))
        return section


class PointMoveForm(SectionChoiceForm):
    pass


class ConsiderationsForm(SectionChoiceForm):
    text = forms.CharField(
        label=_("The region's considerations"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea,
    )


class WorkspaceFilterForm(forms.Form):
    """The filters of the workspace, from the query string. Unknown values are ignored."""

    kind = forms.ChoiceField(required=False, choices=[("", ""), *OrganisationKind.choices])
    stance = forms.ChoiceField(required=False, choices=[("", ""), *Stance.choices])
    theme = forms.CharField(required=False, max_length=40)
    section = forms.CharField(required=False, max_length=40)
    page = forms.IntegerField(required=False, min_value=1)

    def filters(self) -> WorkspaceFilters:
        self.is_valid()
        names = ("kind", "stance", "theme", "section")
        return WorkspaceFilters(**{name: self.cleaned_data.get(name) or "" for name in names})

    def page_number(self) -> int:
        self.is_valid()
        return self.cleaned_data.get("page") or 1
