from django.contrib import admin

from .models import AuditEvent
from .services import audit_record, model_changes


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that change only through their pages, whose services audit every change."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdminMixin:
    """Every add, change and delete made in the admin becomes an AuditEvent."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="admin.changed" if change else "admin.added",
            obj=obj,
            changes=model_changes(obj, list(form.changed_data)),
        )

    def save_formset(self, request, form, formset, change):
        # Inline rows saved through a parent's page are audited like any other admin change.
        for deleted_form in formset.deleted_forms:
            if deleted_form.instance.pk is not None:
                audit_record(actor=request.user, action="admin.deleted", obj=deleted_form.instance)
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            audit_record(actor=request.user, action="admin.added", obj=obj)
        for obj, changed_fields in formset.changed_objects:
            audit_record(
                actor=request.user,
                action="admin.changed",
                obj=obj,
                changes=model_changes(obj, changed_fields),
            )

    def delete_model(self, request, obj):
        audit_record(actor=request.user, action="admin.deleted", obj=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit_record(actor=request.user, action="admin.deleted", obj=obj)
        super().delete_queryset(request, queryset)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_label", "action", "content_type", "object_repr")
    list_filter = ("action", "content_type")
    search_fields = ("actor_label", "object_repr", "object_pk")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
