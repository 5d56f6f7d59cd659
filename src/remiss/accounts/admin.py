from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from remiss.audit.admin import AuditedAdminMixin

from .models import User


@admin.register(User)
class RemissUserAdmin(AuditedAdminMixin, UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, (_("Remiss"), {"fields": ("role",)}))
    add_fieldsets = (*UserAdmin.add_fieldsets, (_("Remiss"), {"fields": ("role",)}))
    list_display = ("username", "first_name", "last_name", "email", "role", "is_active")
    list_filter = ("role", "is_active", "is_staff")
