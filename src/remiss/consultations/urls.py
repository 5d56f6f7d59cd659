from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("remisser/", views.ConsultationListView.as_view(), name="list"),
    path("remisser/<uuid:pk>/", views.ConsultationDetailView.as_view(), name="detail"),
    path(
        "remisser/<uuid:pk>/missiv.<str:format>",
        views.MissivDownloadView.as_view(),
        name="missiv",
    ),
    path("organisationer/", views.OrganisationListView.as_view(), name="organisations"),
]
