"""One login for all staff: every member of an organisation may enter the Wagtail admin.

What they see and change inside is then decided by their memberships (network.permissions),
never by Django model permissions.
"""

from typing import Any

from django.contrib.auth.backends import BaseBackend

ADMIN_ACCESS = "wagtailadmin.access_admin"


class MembershipAdminAccessBackend(BaseBackend):
    """Grants only the admin access permission, to active users with a membership."""

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if perm != ADMIN_ACCESS or not user_obj.is_active or user_obj.is_anonymous:
            return False
        return user_obj.memberships.exists()
