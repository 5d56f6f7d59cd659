from django.urls import path

from . import views

app_name = "responses"

urlpatterns = [
    path("svar/<uuid:pk>/", views.ResponseDetailView.as_view(), name="detail"),
    path("dokument/<uuid:pk>/original/", views.DocumentOriginalView.as_view(), name="original"),
]
