from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from remiss.consultations.models import OrganisationKind

from .models import PortalAnswer, Position
from .sections import AnswerSection
from .services import AnswerInput

TEXT_FIELDS = ("summary", "general_comments", "participation")


class PortalForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class AnswerForm(PortalForm):
    """The answer as the respondent writes it. Nothing is required to save a draft; what a
    submission needs is checked when it is submitted."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    respondent_name = forms.CharField(
        label=_("Your name or the name of your organisation"), max_length=200, required=False
    )
    respondent_kind = forms.ChoiceField(
        label=_("Kind of respondent"),
        choices=[("", _("Choose…")), *OrganisationKind.choices],
        required=False,
    )
    position = forms.ChoiceField(
        label=_("Your overall position on the proposal"),
        choices=Position.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    summary = forms.CharField(
        label=_("Summary"),
        help_text=_("Your main points in a few sentences. It is read first."),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    general_comments = forms.CharField(
        label=_("General comments"),
        help_text=_("Comments on the proposal as a whole or on more than one part."),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    participation = forms.CharField(
        label=_("How does your organisation want to take part in carrying out the strategy?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_email = forms.EmailField(
        label=_("Contact e-mail"),
        help_text=_("The receipt is sent here."),
        required=False,
        error_messages={"invalid": _("Write the e-mail address as name@example.se.")},
    )
    decided_by = forms.CharField(
        label=_("Decided by"),
        help_text=_("For a political decision, the body that decided, such as Kommunstyrelsen."),
        max_length=200,
        required=False,
    )
    decided_on = forms.DateField(
        label=_("Decided on"),
        help_text=_("The date of the decision, as 2021-03-01."),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Write the date as 2021-03-01.")},
    )

    def __init__(self, *args, answer: PortalAnswer, sections: list[AnswerSection], **kwargs):
        super().__init__(*args, **kwargs)
        self.answer = answer
        self.sections = sections
        if answer.recipient_id is not None:
            del self.fields["respondent_name"]
            del self.fields["respondent_kind"]
        self.section_fields = []
        for item in sections:
            if not item.open_for_comment:
                continue
            self.fields[item.field_name] = forms.CharField(
                label=str(item.section),
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
            self.section_fields.append((item, item.field_name))

    @classmethod
    def initial_for(cls, answer: PortalAnswer) -> dict:
        initial = {
            "version": answer.version,
            "respondent_name": answer.respondent_name,
            "respondent_kind": answer.respondent_kind,
            "position": answer.position,
            "summary": answer.summary,
            "general_comments": answer.general_comments,
            "participation": answer.participation,
            "contact_name": answer.contact_name,
            "contact_email": answer.contact_email,
            "decided_by": answer.decided_by,
            "decided_on": answer.decided_on,
        }
        for comment in answer.comments.all():
            initial[f"section_{comment.section_id}"] = comment.text
        return initial

    def bound_section_fields(self):
        return [(item, self[name]) for item, name in self.section_fields]

    def answer_input(self) -> AnswerInput:
        data = self.cleaned_data
        return AnswerInput(
            position=data["position"],
            summary=data["summary"],
            general_comments=data["general_comments"],
            participation=data["participation"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            decided_by=data["decided_by"],
            decided_on=data["decided_on"],
            respondent_name=data.get("respondent_name", ""),
            respondent_kind=data.get("respondent_kind", ""),
            comments={str(item.section.pk): data[name] for item, name in self.section_fields},
        )


class AttachmentForm(PortalForm):
    file = forms.FileField(
        label=_("Attach a file"),
        help_text=_("PDF, Word (DOCX), OpenDocument (ODT) or text; at most %(size)s."),
        error_messages={"required": _("Choose a file to attach.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.help_text = field.help_text % {
            "size": filesizeformat(settings.REMISS_MAX_UPLOAD_BYTES)
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.REMISS_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s and was not attached."),
                params={"size": filesizeformat(settings.REMISS_MAX_UPLOAD_BYTES)},
            )
        return upload


class DeclineForm(PortalForm):
    prefix = "decline"  # the answer form beside it has a contact_email too
    contact_email = forms.EmailField(
        label=_("E-mail for the receipt"),
        required=False,
        error_messages={"invalid": _("Write the e-mail address as name@example.se.")},
    )
    confirm = forms.BooleanField(
        label=_("Yes, we decline to comment on the proposal"),
        error_messages={"required": _("Tick the box to confirm that you decline.")},
    )


class SubmitForm(PortalForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class OpenRequestForm(PortalForm):
    name = forms.CharField(label=_("Your name or the name of your organisation"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind of respondent"), choices=[("", _("Choose…")), *OrganisationKind.choices]
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send a link to this address. Open it to write your answer."),
    )
