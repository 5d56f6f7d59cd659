"""The follow-up in the admin: read-only. Plans, insatser, indicators, reports and links change
only through the follow-up pages and the actors' reporting links, whose services audit every
change. A reporting link shows its hash, never a token (the token is not stored)."""

from django.contrib import admin

from remiss.audit.admin import ReadOnlyAdmin

from .models import (
    ActionPlan,
    AdoptionTrace,
    AnnualReport,
    CandidateActor,
    Indicator,
    IndicatorValue,
    Insats,
    InsatsReport,
    InsatsStatusChange,
    ReportingLink,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AdoptionTrace)
class AdoptionTraceAdmin(ReadOnlyAdmin):
    list_display = ["version", "section_number", "response", "outcome"]
    list_filter = ["outcome"]
    search_fields = ["point_text", "reply", "response__organisation__name"]


@admin.register(ActionPlan)
class ActionPlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "consultation", "focus_area", "decided_on", "case_number"]
    search_fields = ["title", "case_number"]


class StatusChangeInline(ReadOnlyInline):
    model = InsatsStatusChange
    fields = ["status", "changed_at", "changed_by", "changed_by_label", "note"]


@admin.register(Insats)
class InsatsAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "plan", "responsible", "status"]
    list_filter = ["status"]
    search_fields = ["number", "title", "responsible__name"]
    inlines = [StatusChangeInline]


@admin.register(CandidateActor)
class CandidateActorAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "consultation", "insats", "accepted", "created_at"]
    list_filter = ["accepted"]
    search_fields = ["organisation__name", "offer"]


class IndicatorValueInline(ReadOnlyInline):
    model = IndicatorValue
    fields = ["year", "value", "note", "imported_from", "recorded_at"]


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["name", "focus_area", "source", "source_id", "geography", "unit"]
    list_filter = ["source"]
    search_fields = ["name", "source_id"]
    inlines = [IndicatorValueInline]


@admin.register(ReportingLink)
class ReportingLinkAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "consultation", "year", "sent_at", "expires_at", "revoked_at"]
    list_filter = ["year"]
    exclude = ["token_hash"]


@admin.register(InsatsReport)
class InsatsReportAdmin(ReadOnlyAdmin):
    list_display = ["insats", "year", "status", "reported_by_label", "reported_at"]
    list_filter = ["year", "status"]


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyAdmin):
    list_display = ["consultation", "year", "frozen_at", "frozen_by"]
    exclude = ["snapshot"]
