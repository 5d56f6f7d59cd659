from django.urls import path

from . import views

app_name = "responses"

urlpatterns = [
    path("svar/<uuid:pk>/", views.ResponseDetailView.as_view(), name="detail"),
    path(
        "svar/<uuid:pk>/avsandare/",
        views.ResponseAssignOrganisationView.as_view(),
        name="assign_organisation",
    ),
    path("dokument/<uuid:pk>/original/", views.DocumentOriginalView.as_view(), name="original"),
    path("remisser/<uuid:pk>/inlamning/", views.IntakeUploadView.as_view(), name="intake"),
    path("inlamningar/<uuid:pk>/", views.IntakeRunDetailView.as_view(), name="intake_run"),
]
