"""The compilation in the admin: read-only. Replies, considerations and publications change
only through the workspace and the publication page, whose services audit every change."""

from django.contrib import admin

from .models import Publication, Reply, SectionComment


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Reply)
class ReplyAdmin(ReadOnlyAdmin):
    list_display = ["response", "outcome", "updated_by", "updated_at"]
    list_filter = ["outcome"]
    search_fields = ["text", "reason", "response__organisation__name"]


@admin.register(SectionComment)
class SectionCommentAdmin(ReadOnlyAdmin):
    list_display = ["consultation", "section", "updated_by", "updated_at"]


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ["consultation", "published_at", "published_by", "withdrawn_at", "withdrawn_by"]
    exclude = ["snapshot"]
