from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "remiss.search"
    verbose_name = _("Search")

    def ready(self):
        from .index import index_repair_after_migrate

        # Schema upkeep, not business logic: on SQLite, Django rebuilds a table when a later
        # migration alters it, and that drops the table's triggers; this puts them back.
        post_migrate.connect(index_repair_after_migrate, sender=self)
