"""Forms of the follow-up. They only check input; the services do the work."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from remiss.consultations.models import Consultation, Organisation

from .importing import parse_number
from .models import Indicator, IndicatorSource, Insats, InsatsStatus
from .selectors import focus_area_queryset, insatser_of

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FIRST_YEAR, LAST_YEAR = 1900, 2100


class NumberField(forms.Field):
    """A number written the Swedish way ("3,4", "12 000") or the English way ("3.4")."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "maxlength": "40"})

    def prepare_value(self, value):
        if isinstance(value, float):
            return f"{value:g}".replace(".", ",")
        return value

    def to_python(self, value):
        text = str(value or "").strip()[:40]
        if not text:
            return None
        try:
            number = parse_number(text)
        except ValueError:
            number = None
        if number is None:
            raise forms.ValidationError(_("Write a number, such as 3,4."), code="invalid")
        return number


def year_field(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR, **kwargs)


class ActionPlanForm(forms.Form):
    focus_area = forms.ModelChoiceField(label=_("Focus area"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=20_000, widget=forms.Textarea
    )
    decided_on = forms.DateField(label=_("Decided on"), required=False, widget=DATE)
    case_number = forms.CharField(label=_("Case number"), required=False, max_length=60)

    def __init__(self, *args, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = focus_area_queryset(consultation)


class InsatsForm(forms.Form):
    number = forms.CharField(
        label=_("Number"), required=False, max_length=20, help_text=_('Such as "2.1.3".')
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=20_000, widget=forms.Textarea
    )
    responsible = forms.ModelChoiceField(
        label=_("Responsible actor"),
        queryset=Organisation.objects.all(),
        required=False,
        empty_label="–",
    )
    co_actors = forms.ModelMultipleChoiceField(
        label=_("Co-actors"),
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_("Hold down Ctrl (or Cmd) to choose several."),
    )
    planned_start = forms.DateField(label=_("Planned start"), required=False, widget=DATE)
    planned_end = forms.DateField(label=_("Planned end"), required=False, widget=DATE)
    actual_start = forms.DateField(label=_("Actual start"), required=False, widget=DATE)
    actual_end = forms.DateField(label=_("Actual end"), required=False, widget=DATE)
    s3_area = forms.CharField(label=_("S3 area"), required=False, max_length=200)

    def clean(self):
        data = super().clean()
        for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
            if data.get(start) and data.get(end) and data[end] < data[start]:
                self.add_error(end, _("The end cannot come before the start."))
        responsible = data.get("responsible")
        if responsible is not None and responsible in (data.get("co_actors") or []):
            self.add_error("co_actors", _("The responsible actor cannot also be a co-actor."))
        return data


class InsatsCreateForm(InsatsForm):
    status = forms.ChoiceField(
        label=_("Status"), choices=InsatsStatus.choices, initial=InsatsStatus.PLANERAD
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=InsatsStatus.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why the status changed."),
    )


class PointLinkForm(forms.Form):
    point = forms.UUIDField()


class SourceUnlinkForm(forms.Form):
    source = forms.IntegerField(min_value=1)


class IndicatorForm(forms.Form):
    focus_area = forms.ModelChoiceField(label=_("Focus area"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=300)
    definition = forms.CharField(
        label=_("Definition"), required=False, max_length=20_000, widget=forms.Textarea
    )
    unit = forms.CharField(
        label=_("Unit"), required=False, max_length=60, help_text=_('Such as "%" or "antal".')
    )
    source = forms.ChoiceField(
        label=_("Source"), choices=IndicatorSource.choices, initial=IndicatorSource.EGEN
    )
    source_id = forms.CharField(
        label=_("Id at the source"),
        required=False,
        max_length=100,
        help_text=_("Kolada KPI id, SCB table."),
    )
    geography = forms.CharField(
        label=_("Geography"),
        required=False,
        max_length=60,
        help_text=_("Municipality or county code, NUTS."),
    )
    attribution = forms.CharField(
        label=_("Licence and attribution"), required=False, max_length=200
    )
    base_year = year_field(label=_("Base year"), required=False)
    base_value = NumberField(label=_("Base value"), required=False)
    target_year = year_field(label=_("Target year"), required=False)
    target_value = NumberField(label=_("Target"), required=False)
    higher_is_better = forms.BooleanField(label=_("Higher is better"), required=False)
    insatser = forms.ModelMultipleChoiceField(
        label=_("Insatser it follows"),
        queryset=Insats.objects.none(),
        required=False,
        help_text=_("Hold down Ctrl (or Cmd) to choose several."),
    )

    def __init__(self, *args, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = focus_area_queryset(consultation)
        self.fields["insatser"].queryset = insatser_of(consultation)

    def clean(self):
        data = super().clean()
        for year, value in (("base_year", "base_value"), ("target_year", "target_value")):
            if (data.get(year) is None) != (data.get(value) is None) and not self.has_error(year):
                self.add_error(year, _("Give both the year and the value, or neither."))
        return data

    @staticmethod
    def initial_from(indicator: Indicator) -> dict:
        names = [
            "focus_area", "name", "definition", "unit", "source", "source_id", "geography",
            "attribution", "base_year", "base_value", "target_year", "target_value",
            "higher_is_better",
        ]  # fmt: skip
        initial = {name: getattr(indicator, name) for name in names}
        initial["insatser"] = list(indicator.insatser.all())
        return initial


class IndicatorValueForm(forms.Form):
    year = year_field(label=_("Year"))
    value = NumberField(label=_("Value"))
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1


class IndicatorImportForm(forms.Form):
    file = forms.FileField(
        label=_("File with values (CSV or XLSX)"),
        help_text=_(
            "A column for the year and one for the value, or an export from Kolada or SCB."
        ),
    )


class AdoptionForm(forms.Form):
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    decided_by_body = forms.CharField(
        label=_("Deciding body"), max_length=200, help_text=_("Such as Regionfullmäktige.")
    )
    decision_case_number = forms.CharField(label=_("Case number of the decision"), max_length=60)
    file = forms.FileField(label=_("The adopted strategy (optional)"), required=False)


class CandidateAcceptForm(forms.Form):
    ROLES = [("responsible", _("Responsible actor")), ("co_actor", _("Co-actor"))]

    insats = forms.ModelChoiceField(label=_("Insats"), queryset=Insats.objects.none())
    role = forms.ChoiceField(label=_("As"), choices=ROLES, initial="co_actor")

    def __init__(self, *args, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["insats"].queryset = insatser_of(consultation)


class ReportingYearForm(forms.Form):
    year = year_field(label=_("Year"))


class ActorReportForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=InsatsStatus.choices)
    narrative = forms.CharField(
        label=_("What happened this year"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few sentences: what was done, what comes next."),
    )
