from django import forms
from django.utils.translation import gettext_lazy as _

from remiss.consultations.models import Organisation


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        files = [file for file in files if file]
        if not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return files


class IntakeUploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Answer files"),
        help_text=_(
            "PDF (also scanned), Word (DOCX), OpenDocument (ODT), text, e-mail (EML) or ZIP "
            "files. You can choose or drop many files at once."
        ),
        error_messages={"required": _("Choose at least one file.")},
    )


class AssignOrganisationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Sender"),
        queryset=Organisation.objects.order_by("name"),
        error_messages={"required": _("Choose the organisation that sent the answer.")},
    )
