from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "is_active", "is_superuser"]
    list_filter = ["role", "is_active", "is_superuser"]
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Jour", {"fields": ["role"]}))
