from django import forms
from django.utils.translation import gettext_lazy as _

from remiss.consultations.models import Consultation

SOURCE_CHOICES = [
    ("", _("Answers and points")),
    ("svar", _("Text of the answers")),
    ("synpunkter", _("Points of the analysis")),
]
SOURCE_BY_PARAMETER = {"": "all", "svar": "answers", "synpunkter": "points"}


class SearchForm(forms.Form):
    """The query string of /sok/: q, remiss (a consultation's id), i (where to search)."""

    q = forms.CharField(label=_("Search for"), required=False, max_length=1000)
    remiss = forms.ModelChoiceField(
        label=_("Consultation"),
        queryset=Consultation.objects.order_by("-created_at"),
        required=False,
        empty_label=_("All consultations"),
    )
    i = forms.ChoiceField(label=_("Search in"), choices=SOURCE_CHOICES, required=False)
    sida = forms.IntegerField(min_value=1, max_value=1000, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"

    @property
    def source(self) -> str:
        return SOURCE_BY_PARAMETER[self.cleaned_data.get("i") or ""]
