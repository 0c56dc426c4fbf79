"""Plugs the back-office into the Wagtail admin: its URLs, menu items and the organisation
switcher shown on every screen."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from opensit.backoffice import urls
from opensit.backoffice.context import current_actor


@hooks.register("register_admin_urls")
def register_urls() -> list:
    return [path("opensit/", include(urls))]


@hooks.register("register_admin_menu_item")
def objects_menu_item() -> MenuItem:
    return MenuItem(_("Tourism objects"), reverse("opensit_objects"), icon_name="list-ul", order=1)


@hooks.register("register_admin_menu_item")
def organisations_menu_item() -> MenuItem:
    return MenuItem(
        _("Organisations"), reverse("opensit_organisations"), icon_name="group", order=2
    )


@hooks.register("register_admin_menu_item")
def vocabularies_menu_item() -> MenuItem:
    return MenuItem(_("Vocabularies"), reverse("opensit_vocabularies"), icon_name="tag", order=3)


@hooks.register("register_admin_menu_item")
def proposals_menu_item() -> MenuItem:
    return MenuItem(
        _("Waiting for validation"), reverse("opensit_proposals"), icon_name="tasks", order=4
    )


class NetworkAdminMenuItem(MenuItem):
    """Shown to network administrators (acting for their network organisation) only."""

    def is_shown(self, request) -> bool:
        try:
            return current_actor(request).is_network_admin
        except Exception:  # no membership: nothing of the network to show
            return False


@hooks.register("register_admin_menu_item")
def projects_menu_item() -> MenuItem:
    return NetworkAdminMenuItem(
        _("Diffusion projects"), reverse("opensit_projects"), icon_name="globe", order=5
    )


class AdminMenuItem(MenuItem):
    """Shown to the admins of the organisation the user acts for (and network admins)."""

    def is_shown(self, request) -> bool:
        try:
            actor = current_actor(request)
        except Exception:  # no membership
            return False
        return actor.is_network_admin or actor.role == "admin"


@hooks.register("register_admin_menu_item")
def audit_menu_item() -> MenuItem:
    return AdminMenuItem(_("Audit log"), reverse("opensit_audit"), icon_name="history", order=6)
