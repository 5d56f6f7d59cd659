from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("remisser/", views.ConsultationListView.as_view(), name="list"),
    path("remisser/ny/", views.ConsultationCreateView.as_view(), name="create"),
    path("remisser/<uuid:pk>/", views.ConsultationDetailView.as_view(), name="detail"),
    path(
        "remisser/<uuid:pk>/missiv.<str:format>",
        views.MissivDownloadView.as_view(),
        name="missiv",
    ),
    path("remisser/<uuid:pk>/delar/", views.SectionsEditView.as_view(), name="sections"),
    path("remisser/<uuid:pk>/versioner/", views.VersionsView.as_view(), name="versions"),
    path("remisser/<uuid:pk>/sandlista/", views.SandlistaView.as_view(), name="sandlista"),
    path(
        "remisser/<uuid:pk>/sandlista/lagg-till/",
        views.SandlistaAddView.as_view(),
        name="sandlista_add",
    ),
    path(
        "remisser/<uuid:pk>/sandlista/importera/",
        views.SandlistaImportView.as_view(),
        name="sandlista_import",
    ),
    path(
        "remisser/<uuid:pk>/sandlista/forval/",
        views.SandlistaPresetView.as_view(),
        name="sandlista_preset",
    ),
    path(
        "remisser/<uuid:pk>/sandlista/skicka/",
        views.InvitationsSendView.as_view(),
        name="invitations_send",
    ),
    path(
        "remisser/<uuid:pk>/sandlista/kort-svarstid/",
        views.ShortDeadlineReasonView.as_view(),
        name="short_deadline_reason",
    ),
    path(
        "remisser/<uuid:pk>/sandlista/<uuid:recipient>/svarstid/",
        views.RecipientDeadlineView.as_view(),
        name="recipient_deadline",
    ),
    path(
        "remisser/<uuid:pk>/sandlista/<uuid:recipient>/skicka/",
        views.InvitationsSendView.as_view(),
        name="invitation_resend",
    ),
    path(
        "remisser/<uuid:pk>/sandlista/<uuid:recipient>/aterkalla/",
        views.InvitationsRevokeView.as_view(),
        name="invitation_revoke",
    ),
    path("organisationer/", views.OrganisationListView.as_view(), name="organisations"),
]
