"""The compilation in the admin: read-only. Replies, considerations and publications change
only through the workspace and the publication page, whose services audit every change."""

from django.contrib import admin

from remiss.audit.admin import ReadOnlyAdmin

from .models import Publication, Reply, SectionComment


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
