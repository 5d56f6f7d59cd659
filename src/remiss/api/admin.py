from django.contrib import admin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created and revoked with `remiss api_token`; the admin only shows them."""

    list_display = ["name", "user", "role", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["role", "revoked_at"]
    search_fields = ["name", "user__username"]
    readonly_fields = [field.name for field in ApiToken._meta.fields]
    exclude = ["token_sha256"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
