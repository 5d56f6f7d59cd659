"""Forms of the officer's pages for a consultation round: the consultation and its parts, the
versions of the draft, and the sändlista. They check input; the services in drafts.py,
sandlista.py, invitations.py and dispatch.py do the work."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory, modelformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from remiss.tabular import table_error_message
from remiss.textkit.tables import Table, TableError, read_table

from .deadlines import short_deadline_problem
from .drafts import ProposedSection
from .models import Consultation, DraftVersion, Organisation, OrganisationKind, Section, SectionKind
from .sandlista import PRESETS

DRAFT_SUFFIXES = (".docx", ".pdf")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ConsultationForm(forms.ModelForm):
    draft = forms.FileField(
        label=_("The draft (Word or PDF)"),
        required=False,
        help_text=_(
            "Remiss reads the numbered headings of the draft and proposes its parts, which you "
            "can change before the consultation is created."
        ),
    )

    class Meta:
        model = Consultation
        fields = [
            "remitting_organisation",
            "case_number_raw",
            "title",
            "summary",
            "sent_on",
            "deadline",
            "short_deadline_reason",
            "answer_email",
            "answer_formats",
            "answer_instructions",
            "open_to_all",
        ]
        widgets = {
            "sent_on": DateInput(),
            "deadline": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "short_deadline_reason": forms.Textarea(attrs={"rows": 2}),
            "answer_instructions": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"case_number_raw": _("Case number")}
        error_messages = {
            "title": {"required": _("Enter the title of the consultation.")},
            "remitting_organisation": {"required": _("Choose the organisation that sends it.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remitting_organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["case_number_raw"].error_messages["required"] = _("Enter the case number.")

    def clean_draft(self):
        draft = self.cleaned_data.get("draft")
        if draft and not draft.name.casefold().endswith(DRAFT_SUFFIXES):
            raise ValidationError(_("Upload the draft as a Word file (DOCX) or a PDF."))
        return draft

    def clean(self):
        data = super().clean()
        deadline, sent_on = data.get("deadline"), data.get("sent_on")
        if deadline and not (sent_on and deadline < sent_on):  # that one is the model's error
            problem = short_deadline_problem(
                deadline=deadline,
                sent_on=sent_on or timezone.localdate(),
                reason=data.get("short_deadline_reason") or "",
            )
            if problem:
                self.add_error("short_deadline_reason", problem)
        return data

    def consultation_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "remitting_organisation": data["remitting_organisation"],
            "case_number": data["case_number_raw"],
            "title": data["title"],
            "summary": data["summary"],
            "sent_on": data["sent_on"],
            "deadline": data["deadline"],
            "short_deadline_reason": data["short_deadline_reason"],
            "answer_email": data["answer_email"],
            "answer_formats": data["answer_formats"],
            "answer_instructions": data["answer_instructions"],
        }


class PartForm(forms.Form):
    """One row of the proposed tree of parts."""

    number = forms.CharField(label=_("Number"), max_length=20, required=False)
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        error_messages={"required": _("Enter the title of the part, or remove the row.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=SectionKind.choices, initial=SectionKind.AVSNITT
    )
    parent_number = forms.CharField(label=_("Part of (number)"), max_length=20, required=False)
    text = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)
    open_for_comment = forms.BooleanField(label=_("Open for comment"), required=False, initial=True)
    closed_reason = forms.CharField(label=_("Why closed"), max_length=1000, required=False)

    def clean(self):
        data = super().clean()
        if not data.get("open_for_comment") and not (data.get("closed_reason") or "").strip():
            self.add_error("closed_reason", _("Say why the part is closed for comment."))
        return data


class BasePartFormSet(forms.BaseFormSet):
    def clean(self):
        kept = self.kept_forms()
        if any(form.errors for form in kept):
            return
        seen: set[str] = set()
        for form in kept:
            number = form.cleaned_data["number"].strip()
            parent = form.cleaned_data["parent_number"].strip()
            if number and number in seen:
                form.add_error("number", _("Another part already has this number."))
            if parent and parent not in seen:
                form.add_error(
                    "parent_number",
                    _("The part it belongs to must come earlier in the list and have a number."),
                )
            if number:
                seen.add(number)
        if any(form.errors for form in kept):
            raise ValidationError(_("Some parts need correcting."))

    def kept_forms(self) -> list[PartForm]:
        return [
            form
            for form in self.forms
            if form.has_changed() or form in self.initial_forms
            if not self._should_delete_form(form) and form.cleaned_data
        ]

    def proposed(self) -> list[ProposedSection]:
        return [
            ProposedSection(
                number=form.cleaned_data["number"].strip(),
                title=form.cleaned_data["title"].strip(),
                text=form.cleaned_data["text"],
                kind=form.cleaned_data["kind"],
                parent_number=form.cleaned_data["parent_number"].strip() or None,
                open_for_comment=form.cleaned_data["open_for_comment"],
                closed_reason=form.cleaned_data["closed_reason"].strip(),
            )
            for form in self.kept_forms()
        ]


def part_formset(*, extra: int):
    return formset_factory(PartForm, formset=BasePartFormSet, extra=extra, can_delete=True)


def part_initial(proposed: list[ProposedSection]) -> list[dict]:
    return [
        {
            "number": item.number,
            "title": item.title,
            "kind": item.kind,
            "parent_number": item.parent_number or "",
            "text": item.text,
            "open_for_comment": item.open_for_comment,
            "closed_reason": item.closed_reason,
        }
        for item in proposed
    ]


class SectionEditForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title", "text", "open_for_comment", "closed_reason"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "closed_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        data = super().clean()
        if not data.get("open_for_comment") and not (data.get("closed_reason") or "").strip():
            self.add_error("closed_reason", _("Say why the part is closed for comment."))
        return data


SectionEditFormSet = modelformset_factory(Section, form=SectionEditForm, extra=0)


class SectionAddForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=20, required=False)
    title = forms.CharField(
        label=_("Title"), max_length=300, error_messages={"required": _("Enter the title.")}
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=SectionKind.choices, initial=SectionKind.AVSNITT
    )
    parent = forms.ModelChoiceField(
        label=_("Part of"),
        queryset=Section.objects.none(),
        required=False,
        empty_label=_("(top level)"),
    )

    def __init__(self, *args, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.fields["parent"].queryset = consultation.sections.order_by("position", "number")

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if number and self.consultation.sections.filter(number=number).exists():
            raise ValidationError(_("Another part already has this number."))
        return number


class AdoptedVersionForm(forms.Form):
    label = forms.CharField(
        label=_("Label"),
        max_length=200,
        required=False,
        help_text=_("For example “Adopted by the regional council”."),
    )
    decided_on = forms.DateField(
        label=_("Decided on"),
        widget=DateInput(),
        error_messages={"required": _("Enter the date of the decision.")},
    )
    decided_by_body = forms.CharField(
        label=_("Deciding body"),
        max_length=200,
        help_text=_("Such as Regionfullmäktige."),
        error_messages={"required": _("Enter the body that decided.")},
    )
    decision_case_number = forms.CharField(
        label=_("Case number of the decision"), max_length=60, required=False
    )
    file = forms.FileField(
        label=_("The adopted document (optional)"),
        required=False,
        help_text=_("Its name and SHA-256 are recorded with the version."),
    )


class CompareForm(forms.Form):
    before = forms.ModelChoiceField(
        label=_("Earlier version"), queryset=DraftVersion.objects.none(), to_field_name="pk"
    )
    after = forms.ModelChoiceField(
        label=_("Later version"), queryset=DraftVersion.objects.none(), to_field_name="pk"
    )

    def __init__(self, *args, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        versions = consultation.draft_versions.order_by("created_at")
        self.fields["before"].queryset = versions
        self.fields["after"].queryset = versions


class AddBodyForm(forms.Form):
    """One body: chosen among the known organisations, or a new one."""

    organisation = forms.ModelChoiceField(
        label=_("A known organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("(choose, or fill in a new one below)"),
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=OrganisationKind.choices,
        initial=OrganisationKind.KOMMUN,
        required=False,
    )
    organisation_number = forms.CharField(
        label=_("Organisation number"),
        max_length=13,
        required=False,
        help_text=_("Ten digits, NNNNNN-NNNN. Leave empty if unknown."),
    )
    email = forms.EmailField(
        label=_("Functional e-mail"),
        required=False,
        help_text=_("The invitation and reminders are sent here."),
    )

    def __init__(self, *args, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        listed = consultation.recipients.values_list("organisation_id", flat=True)
        self.fields["organisation"].queryset = Organisation.objects.exclude(pk__in=listed).order_by(
            "name"
        )

    def clean(self):
        data = super().clean()
        if data.get("organisation") is not None:
            if (data.get("name") or "").strip():
                self.add_error(
                    "name", _("Either choose a known organisation or enter a new one, not both.")
                )
            return data
        name = " ".join((data.get("name") or "").split())
        if not name:
            self.add_error(
                "organisation", _("Choose an organisation or enter the name of a new one.")
            )
            return data
        if Organisation.objects.filter(name__iexact=name).exists():
            self.add_error(
                "name", _("An organisation with this name is known: choose it in the list.")
            )
            return data
        if not data.get("kind"):
            self.add_error("kind", _("Choose the kind of organisation."))
            return data
        candidate = Organisation(
            name=name,
            kind=data.get("kind") or "",
            organisation_number=data.get("organisation_number", ""),
            email=data.get("email", ""),
        )
        try:
            candidate.full_clean()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                target = field if field in self.fields else None
                for message in messages:
                    self.add_error(target, message)
            return data
        data["name"] = name
        data["organisation_number"] = candidate.organisation_number
        return data

    def new_values(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "kind": data["kind"],
            "organisation_number": data["organisation_number"],
            "email": data["email"],
        }


class SandlistaImportForm(forms.Form):
    file = forms.FileField(
        label=_("Table of bodies (CSV or XLSX)"),
        help_text=_(
            "One body per row. Columns: namn (required), typ, organisationsnummer, e-post. "
            "If any row is wrong nothing is added, and every problem is listed with its row."
        ),
        error_messages={"required": _("Choose a CSV or XLSX file.")},
    )

    def clean_file(self) -> Table:
        uploaded = self.cleaned_data["file"]
        try:
            return read_table(uploaded.name, uploaded.read())
        except TableError as error:
            raise ValidationError(table_error_message(error)) from error


class PresetForm(forms.Form):
    preset = forms.ChoiceField(
        label=_("A ready-made list"),
        choices=[(key, preset.label) for key, preset in PRESETS.items()],
    )


class ExtendDeadlineForm(forms.Form):
    deadline = forms.DateField(
        label=_("Extended deadline"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave empty to go back to the deadline of the consultation."),
    )

    def __init__(self, *args, consultation_deadline: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation_deadline = consultation_deadline

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline and self.consultation_deadline and deadline <= self.consultation_deadline:
            raise ValidationError(
                _("An extended deadline comes after the deadline of the consultation.")
            )
        return deadline


class ShortDeadlineReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for a shorter deadline"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_(
            "The deadline is by default at least three months after the remiss is sent. "
            "Leave empty to remove the reason."
        ),
    )
