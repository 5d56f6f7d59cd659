from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    # The link in the invitation e-mail. It opens the answer and leads on to token-free URLs.
    path("svara/<str:token>/", views.StartView.as_view(), name="start"),
]
