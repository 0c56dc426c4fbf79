"""Plugs the back-office into the Wagtail admin: its URLs, menu items (the data quality screens
included) and the organisation switcher shown on every screen."""

from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from opensit.backoffice import dashboard, quality_urls, urls
from opensit.backoffice.context import current_actor
from opensit.sites import editors
from opensit.sites import services as site_services
from opensit.widgets.services import can_manage_widgets


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
        pgettext_lazy("menu", "Waiting for validation"),
        reverse("opensit_proposals"),
        icon_name="tasks",
        order=4,
    )


class NetworkAdminMenuItem(MenuItem):
    """Shown to network administrators (acting for their network organisation) only."""

    def is_shown(self, request) -> bool:
        try:
            return current_actor(request).is_network_admin
        except Exception:  # no membership: nothing of the network to show
            return False


class AdminMenuItem(MenuItem):
    """Shown to the admins of the organisation the user acts for (and network admins)."""

    def is_shown(self, request) -> bool:
        try:
            actor = current_actor(request)
        except Exception:  # no membership
            return False
        return actor.is_network_admin or actor.role == "admin"


class SiteSettingsMenuItem(MenuItem):
    """Shown to those who may change a destination site's settings (`sites.services`)."""

    def is_shown(self, request) -> bool:
        try:
            actor = current_actor(request)
        except Exception:  # no membership
            return False
        return site_services.editable_destinations(actor).exists()


@hooks.register("register_admin_menu_item")
def site_settings_menu_item() -> MenuItem:
    return SiteSettingsMenuItem(
        _("Destination sites"), reverse("opensit_destinations"), icon_name="site", order=7
    )


@hooks.register("register_admin_menu_item")
def projects_menu_item() -> MenuItem:
    """An organisation's admins keep their projects and keys there; network admins decide."""
    return AdminMenuItem(
        _("Diffusion projects"), reverse("opensit_projects"), icon_name="globe", order=5
    )


class WidgetMakerMenuItem(MenuItem):
    """Shown to the admins and editors of the organisation the user acts for (and network
    admins): they make its widgets."""

    def is_shown(self, request) -> bool:
        try:
            actor = current_actor(request)
        except Exception:  # no membership
            return False
        return can_manage_widgets(actor, actor.organisation)


@hooks.register("register_admin_menu_item")
def widgets_menu_item() -> MenuItem:
    return WidgetMakerMenuItem(_("Widgets"), reverse("opensit_widgets"), icon_name="code", order=5)


@hooks.register("register_admin_menu_item")
def sources_menu_item() -> MenuItem:
    """Sources pull into the whole catalog: the network's admins configure and run them."""
    return NetworkAdminMenuItem(
        _("Sources and imports"), reverse("opensit_sources"), icon_name="download", order=6
    )


@hooks.register("register_admin_menu_item")
def audit_menu_item() -> MenuItem:
    return AdminMenuItem(_("Audit log"), reverse("opensit_audit"), icon_name="history", order=6)


@hooks.register("register_admin_menu_item")
def jobs_menu_item() -> MenuItem:
    return NetworkAdminMenuItem(
        _("Background jobs"), reverse("opensit_jobs"), icon_name="cogs", order=7
    )


# -- the data quality screens (/admin/quality/...): the "Data quality" menu, its network
# dashboard shown to network administrators only ----------------------------------------


@hooks.register("register_admin_urls")
def register_quality_urls() -> list:
    return [path("quality/", include(quality_urls))]


class MemberMenuItem(MenuItem):
    """Shown to members of an organisation (the screens need an acting organisation)."""

    def is_shown(self, request) -> bool:
        try:
            current_actor(request)
        except Exception:
            return False
        return True


def _items() -> list[MenuItem]:
    return [
        MemberMenuItem(
            _("Dashboard"), reverse("opensit_quality"), icon_name="doc-full-inverse", order=1
        ),
        NetworkAdminMenuItem(
            _("Network dashboard"), reverse("opensit_quality_network"), icon_name="globe", order=2
        ),
        MemberMenuItem(
            _("Objects to refresh"), reverse("opensit_quality_freshness"), icon_name="time", order=3
        ),
        MemberMenuItem(
            _("Duplicates"), reverse("opensit_quality_duplicates"), icon_name="duplicate", order=4
        ),
    ]


@hooks.register("register_admin_menu_item")
def quality_menu_item() -> MenuItem:
    return SubmenuMenuItem(
        pgettext_lazy("menu", "Data quality"),
        Menu(items=_items()),
        icon_name="doc-full-inverse",
        order=6,
    )


# -- the dashboard and the menus: OpenSIT's, not a CMS's -------------------------------------

# Wagtail's menus for pages, reports and settings do nothing before the sites exist (the sites
# issue brings them back); images and documents stay: they are the media library.
CMS_MENUS = {"explorer", "reports", "settings", "help"}


@hooks.register("construct_main_menu")
def hide_cms_menus(request, menu_items: list) -> None:
    """The CMS's own menus are hidden, but the Pages explorer for the editors of a destination
    site (its owner's members with page rights, `sites.editors`)."""
    hidden = CMS_MENUS - ({"explorer"} if editors.edits_a_site(request.user) else set())
    menu_items[:] = [item for item in menu_items if item.name not in hidden]


@hooks.register("construct_homepage_panels")
def opensit_dashboard(request, panels: list) -> None:
    try:
        actor = current_actor(request)
    except PermissionDenied:  # a user without membership: nothing to count for them
        panels[:] = []
        return
    panels[:] = [dashboard.WaitingPanel(actor), dashboard.FiguresPanel(actor)]
