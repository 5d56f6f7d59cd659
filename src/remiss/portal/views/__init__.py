"""The respondent portal's pages. No account: the invitation link opens a session."""

from .answer import (
    AnswerOriginalView,
    AnswerPdfView,
    AnswerView,
    AttachmentAddView,
    AttachmentRemoveView,
    DeclineView,
    MissivView,
    ReceiptView,
    ReviewView,
    TjansteskrivelseView,
)
from .open import OpenRequestView
from .start import StartView

__all__ = [
    "AnswerOriginalView",
    "AnswerPdfView",
    "AnswerView",
    "AttachmentAddView",
    "AttachmentRemoveView",
    "DeclineView",
    "MissivView",
    "OpenRequestView",
    "ReceiptView",
    "ReviewView",
    "StartView",
    "TjansteskrivelseView",
]
