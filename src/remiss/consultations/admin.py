from django.contrib import admin

from remiss.audit.admin import AuditedAdminMixin

from .models import Consultation, Organisation, Recipient, Section


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "organisation_number", "email")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "organisation_number", "aliases")


class SectionInline(admin.TabularInline):
    model = Section
    fields = ("number", "kind", "title", "parent", "open_for_comment", "closed_reason", "position")
    extra = 0
    show_change_link = True


class RecipientInline(admin.TabularInline):
    model = Recipient
    fields = ("position", "organisation", "is_invited", "status", "extended_deadline")
    autocomplete_fields = ("organisation",)
    extra = 0


@admin.register(Consultation)
class ConsultationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("case_number_raw", "title", "remitting_organisation", "status", "deadline")
    list_filter = ("status",)
    search_fields = ("case_number_raw", "case_number_key", "title")
    filter_horizontal = ("responsible_officers",)
    inlines = [SectionInline, RecipientInline]


@admin.register(Section)
class SectionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("consultation", "number", "kind", "title", "open_for_comment")
    list_filter = ("kind", "open_for_comment")
    search_fields = ("title", "number")


@admin.register(Recipient)
class RecipientAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("organisation", "consultation", "is_invited", "status", "extended_deadline")
    list_filter = ("status", "is_invited")
    autocomplete_fields = ("organisation",)
