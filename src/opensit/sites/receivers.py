"""Signals the sites follow: a saved or deleted site or destination (this process forgets the
hosts it knew; every cached page goes, since pages name other sites in canonical links; the
destination's editors are set), a page published or unpublished (its site's cached pages go,
`sites.cache`; a root translated gets its editors), a membership saved or deleted (the member's
page rights follow, `sites.editors`). The network app never imports the sites: they listen."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished

from opensit.network.models import Membership
from opensit.sites import cache, editors, hosts
from opensit.sites.models import Destination


@receiver([post_save, post_delete], sender=Site)
@receiver([post_save, post_delete], sender=Destination)
def forget_hosts(sender, **kwargs) -> None:
    hosts.forget()
    cache.bump(None)


@receiver(post_save, sender=Destination)
def give_the_owners_rights(sender, instance: Destination, **kwargs: Any) -> None:
    editors.sync_destination(instance)


@receiver([post_save, post_delete], sender=Membership)
def follow_the_membership(sender, instance: Membership, **kwargs: Any) -> None:
    editors.sync_member(instance.user_id, instance.organisation_id)


def destinations_of(page: Page) -> list[int]:
    """The destinations whose root (in any language) is the page or one of its ancestors."""
    keys = page.get_ancestors(inclusive=True).values_list("translation_key", flat=True)
    return list(
        Destination.objects.filter(site__root_page__translation_key__in=list(keys)).values_list(
            "pk", flat=True
        )
    )


@receiver(page_published)
@receiver(page_unpublished)
def purge_the_page(sender: Any, instance: Page, **kwargs: Any) -> None:
    """Its site's editorial pages go (the page, its translations, the lists of pages); every
    page of the site when the page is in the menu or is the home (detail pages show both)."""
    in_menu = instance.show_in_menus or instance.depth <= 2
    for destination_id in destinations_of(instance):
        cache.bump(destination_id, editorial_only=not in_menu)


@receiver(post_save)
def give_rights_on_a_new_root_translation(sender: Any, instance: Any, created: bool, **kwargs):
    """A site's home translated (a draft, by wagtail-localize): its editors may edit it."""
    if not created or not isinstance(instance, Page) or instance.depth != 2:
        return
    for destination in Destination.objects.filter(pk__in=destinations_of(instance)):
        editors.sync_destination(destination)
