from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import AccessLog, Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "require_two_factor", "created_at"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "organisation", "role", "is_active", "is_superuser"]
    list_filter = ["organisation", "role", "is_active"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        ("Organisation", {"fields": ("organisation", "role")}),
    )


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = [
        "at",
        "organisation",
        "user",
        "action",
        "object_type",
        "object_uuid",
    ]
    list_filter = ["organisation", "action"]
    readonly_fields = [f.name for f in AccessLog._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
