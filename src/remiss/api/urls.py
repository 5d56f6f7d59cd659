"""Mounted at /api/ by the project's urls.py; the namespace is "api"."""

from .api import api

app_name = "api"
urlpatterns = api.urls[0]
