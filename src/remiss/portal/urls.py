from django.urls import path

from . import views

app_name = "portal"

answer = "svara/svar/<uuid:answer_id>/"

urlpatterns = [
    # The link in the invitation e-mail. It opens the answer and leads on to token-free URLs.
    path("svara/<str:token>/", views.StartView.as_view(), name="start"),
    path(answer, views.AnswerView.as_view(), name="answer"),
    path(f"{answer}bilagor/", views.AttachmentAddView.as_view(), name="attachment_add"),
    path(
        f"{answer}bilagor/<uuid:attachment_id>/ta-bort/",
        views.AttachmentRemoveView.as_view(),
        name="attachment_remove",
    ),
    path(f"{answer}granska/", views.ReviewView.as_view(), name="review"),
    path(f"{answer}avsta/", views.DeclineView.as_view(), name="decline"),
    path(f"{answer}kvitto/", views.ReceiptView.as_view(), name="receipt"),
    path(f"{answer}yttrande.pdf", views.AnswerPdfView.as_view(), name="answer_pdf"),
    path(f"{answer}yttrande.txt", views.AnswerOriginalView.as_view(), name="answer_original"),
    path(f"{answer}missiv.pdf", views.MissivView.as_view(), name="missiv"),
    path(
        f"{answer}tjansteskrivelse.docx",
        views.TjansteskrivelseView.as_view(),
        name="tjansteskrivelse",
    ),
    # An open consultation: anyone asks for a link by e-mail.
    path("remisser/<uuid:pk>/svara/", views.OpenRequestView.as_view(), name="open_request"),
]
