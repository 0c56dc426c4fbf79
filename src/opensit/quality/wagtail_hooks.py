"""Plugs the quality screens into the Wagtail admin: URLs under /admin/quality/ and a
“Data quality” menu (the network dashboard shown to network administrators only)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from opensit.backoffice.context import current_actor
from opensit.quality import urls


@hooks.register("register_admin_urls")
def register_urls() -> list:
    return [path("quality/", include(urls))]


class NetworkOnlyMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        try:
            return current_actor(request).is_network_admin
        except Exception:  # no membership: nothing of the network to show
            return False


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
        NetworkOnlyMenuItem(
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
        _("Data quality"), Menu(items=_items()), icon_name="doc-full-inverse", order=6
    )
