from django.apps import AppConfig


class RemissConfig(AppConfig):
    """The project itself, as an app: home of project-wide commands such as `remiss worker`."""

    name = "remiss"
    verbose_name = "Remiss"
