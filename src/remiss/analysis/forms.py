from django import forms
from django.utils.translation import gettext_lazy as _

from remiss.consultations.models import Section

from .models import Point, PointKind, Stance, Theme


class StanceCorrectionForm(forms.Form):
    label = forms.ChoiceField(label=_("Position"), choices=Stance.choices)
    note = forms.CharField(label=_("Why (optional)"), required=False, max_length=2000)


class PointCorrectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PointKind.choices)
    sections = forms.ModelMultipleChoiceField(
        label=_("Sections"),
        queryset=Section.objects.none(),
        required=False,
        help_text=_("None chosen: the point is general (Övergripande)."),
    )
    not_a_point = forms.BooleanField(label=_("This is not a point"), required=False)

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sections"].queryset = consultation.sections.order_by("position", "number")
        self.fields["sections"].label_from_instance = lambda section: str(section)


class ThemeRenameForm(forms.Form):
    label = forms.CharField(label=_("New name"), max_length=200)


class ThemeMergeForm(forms.Form):
    others = forms.ModelMultipleChoiceField(
        label=_("Merge these themes into this one"), queryset=Theme.objects.none()
    )

    def __init__(self, *args, theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["others"].queryset = theme.run.themes.filter(merged_into=None).exclude(
            pk=theme.pk
        )


class ThemeSplitForm(forms.Form):
    label = forms.CharField(label=_("Name of the new theme"), max_length=200)
    points = forms.ModelMultipleChoiceField(
        label=_("Points to move to the new theme"), queryset=Point.objects.none()
    )

    def __init__(self, *args, theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["points"].queryset = theme.points.all()
        self.fields["points"].label_from_instance = lambda point: point.text[:120]
