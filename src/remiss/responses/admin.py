from django.contrib import admin

from remiss.audit.admin import AuditedAdminMixin

from .models import Document, DocumentPage, Response


class DocumentInline(admin.TabularInline):
    model = Document
    fields = ("original_filename", "media_type", "size", "sha256", "added_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # originals come in through intake, never typed in


@admin.register(Response)
class ResponseAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "consultation", "channel", "received_at", "letter_date")
    list_filter = ("channel", "consultation")
    search_fields = ("organisation__name", "title", "responder_case_number")
    autocomplete_fields = ("organisation",)
    readonly_fields = ("registered_by", "registered_at")

    def get_readonly_fields(self, request, obj=None):
        # The arrival date is part of the registration (OSL 5 kap. 2 §): set once, never edited.
        if obj is not None:
            return (*self.readonly_fields, "received_at")
        return self.readonly_fields

    inlines = [DocumentInline]


class DocumentPageInline(admin.StackedInline):
    model = DocumentPage
    fields = ("number", "text")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Read-only: an original and its text are never edited."""

    list_display = ("original_filename", "response", "media_type", "size", "sha256")
    search_fields = ("original_filename", "sha256")
    readonly_fields = ("response", "original_filename", "media_type", "size", "sha256", "added_at")
    inlines = [DocumentPageInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
