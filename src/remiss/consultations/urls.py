from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("remisser/", views.ConsultationListView.as_view(), name="list"),
    path("remisser/<uuid:pk>/", views.ConsultationDetailView.as_view(), name="detail"),
    path("organisationer/", views.OrganisationListView.as_view(), name="organisations"),
]
