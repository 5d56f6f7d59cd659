from django.urls import path

from .views import exports, overview, publication, workspace

app_name = "compilation"

urlpatterns = [
    # The officer's workspace: points per part, the region's replies, filters.
    path("sammanstallning/<uuid:pk>/", workspace.WorkspaceView.as_view(), name="workspace"),
    path(
        "sammanstallning/synpunkter/<uuid:pk>/bemotande/",
        workspace.ReplySaveView.as_view(),
        name="reply_save",
    ),
    path(
        "sammanstallning/synpunkter/<uuid:pk>/flytta/",
        workspace.PointMoveView.as_view(),
        name="point_move",
    ),
    path(
        "sammanstallning/<uuid:pk>/overvaganden/",
        workspace.ConsiderationsSaveView.as_view(),
        name="considerations_save",
    ),
    # Counts, charts, heat map, summary sentences.
    path("sammanstallning/<uuid:pk>/oversikt/", overview.OverviewView.as_view(), name="overview"),
    # Word, PDF, PDF/A, XLSX, CSV, JSON.
    path(
        "sammanstallning/<uuid:pk>/export/<str:format>/",
        exports.ExportView.as_view(),
        name="export",
    ),
    # Publishing and withdrawing (officers), and the public pages (no login).
    path(
        "sammanstallning/<uuid:pk>/publicering/",
        publication.PublicationView.as_view(),
        name="publication",
    ),
    path("publicerat/", publication.PublicListView.as_view(), name="public_list"),
    path(
        "publicerat/<uuid:pk>/",
        publication.PublicConsultationView.as_view(),
        name="public_consultation",
    ),
    path(
        "publicerat/<uuid:pk>/handlingar/<uuid:document_pk>/",
        publication.PublicDocumentView.as_view(),
        name="public_document",
    ),
]
