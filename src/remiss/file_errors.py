"""What an officer or a respondent reads when a file cannot be read, by the code textkit gives.

Shared by intake, the portal's attachments and the draft upload of a new consultation."""

from django.utils.translation import gettext_lazy as _

ERROR_MESSAGES = {
    "empty": _("The file is empty."),
    "too_large": _("The file is larger than the size limit and was not read."),
    "mismatched_type": _(
        "The content of the file does not match its name: it is not the kind of file its "
        "extension says."
    ),
    "corrupt": _("The file is damaged or incomplete and cannot be read."),
    "encrypted": _(
        "The file is protected by a password. Ask the sender for a copy without a password."
    ),
    "unsupported_format": _("Remiss cannot read this kind of file."),
    "unknown_encoding": _("The character encoding of the text could not be recognised."),
    "xml_forbidden": _(
        "The document contains XML that is not allowed (external entities or entity "
        "expansion) and was not read."
    ),
    "zip_bomb": _(
        "The ZIP file would unpack to far more than it holds and was not unpacked (a suspected "
        "ZIP bomb)."
    ),
    "too_deep": _("There are too many levels of files inside files."),
    "too_many_members": _("The ZIP file holds too many files."),
    "ocr_unavailable": _(
        "The file is a scanned image and text recognition (OCR) is not installed on the server."
    ),
    "ocr_failed": _("Text recognition (OCR) of the scanned file failed."),
    "no_text": _("No text was found in the file."),
    "internal": _("An unexpected error occurred; the file was not registered."),
    "database": _(
        "The file could not be saved because of a database error and was not registered. "
        "Try again later."
    ),
}


def error_message(code: str) -> str:
    return str(ERROR_MESSAGES.get(code, ERROR_MESSAGES["internal"]))
