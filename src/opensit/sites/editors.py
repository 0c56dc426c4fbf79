"""Who edits a destination's pages: the members of its owning organisation, with the rights
their role (`network.models.Membership.Role`) gives, as Wagtail page permissions on the site's
root page and on each of its translations (the roots of the other languages).

Wagtail decides from groups: each destination has one group per role that has rights
(`opensit-site-<id>-<role>`), with its page permissions, and each member is in the group of
their role. `sync_destination` builds them (a destination saved, a root translated);
`sync_member` follows a membership created, changed or removed (`sites.receivers`).
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import QuerySet
from wagtail.models import GroupPagePermission, Page

from opensit.network.models import Membership
from opensit.sites.models import Destination

Role = Membership.Role
#: Wagtail's page permissions each role gives on its organisation's sites. A contributor's
#: changes are drafts, which they submit for moderation; a reader edits nothing.
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.ADMIN: ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
    Role.EDITOR: ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
    Role.CONTRIBUTOR: ("add_page", "change_page"),
    Role.READER: (),
}
GROUP_PREFIX = "opensit-site-"


def group_name(destination: Destination, role: str) -> str:
    return f"{GROUP_PREFIX}{destination.pk}-{role}"


def _destination_groups(destination: Destination) -> QuerySet[Group]:
    return Group.objects.filter(name__startswith=f"{GROUP_PREFIX}{destination.pk}-")


def root_pages(destination: Destination) -> list[Page]:
    """The site's root page and its translations."""
    root = destination.site.root_page
    return list(root.get_translations(inclusive=True))


@transaction.atomic
def sync_destination(destination: Destination) -> None:
    """The destination's groups, their page permissions and their members, as the owner's
    memberships say now (an owner changed: the former owner's members leave)."""
    roots = root_pages(destination)
    permissions = {
        p.codename: p
        for p in Permission.objects.filter(content_type__app_label="wagtailcore").filter(
            codename__in={c for codes in ROLE_PERMISSIONS.values() for c in codes}
        )
    }
    wanted_groups: dict[str, Group] = {}
    for role, codenames in ROLE_PERMISSIONS.items():
        if not codenames:
            continue
        group, _ = Group.objects.get_or_create(name=group_name(destination, role))
        wanted_groups[role] = group
        wanted = {(page.pk, permissions[c].pk) for page in roots for c in codenames}
        existing = GroupPagePermission.objects.filter(group=group)
        existing.exclude(
            pk__in=[row.pk for row in existing if (row.page_id, row.permission_id) in wanted]
        ).delete()
        have = set(existing.values_list("page_id", "permission_id"))
        GroupPagePermission.objects.bulk_create(
            GroupPagePermission(group=group, page_id=page_id, permission_id=permission_id)
            for page_id, permission_id in wanted - have
        )
    for group in _destination_groups(destination):
        members = Membership.objects.filter(
            organisation_id=destination.organisation_id,
            role__in=[r for r, g in wanted_groups.items() if g.pk == group.pk],
        ).values_list("user_id", flat=True)
        group.user_set.set(list(members))


def sync_member(user_id: int, organisation_id: int) -> None:
    """A user's groups on the sites of one organisation, as their membership says now."""
    role = (
        Membership.objects.filter(user_id=user_id, organisation_id=organisation_id)
        .values_list("role", flat=True)
        .first()
    )
    for destination in Destination.objects.filter(organisation_id=organisation_id):
        groups = list(_destination_groups(destination))
        if not groups:
            sync_destination(destination)
            continue
        for group in groups:
            if role and group.name == group_name(destination, role):
                group.user_set.add(user_id)
            else:
                group.user_set.remove(user_id)


def edits_a_site(user) -> bool:
    """Whether the user may change pages of some destination (the Pages menu is theirs)."""
    if not user.is_authenticated:
        return False
    return GroupPagePermission.objects.filter(
        group__user=user, group__name__startswith=GROUP_PREFIX
    ).exists()
