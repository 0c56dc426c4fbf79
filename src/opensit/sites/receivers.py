"""A saved or deleted site or destination: this process forgets the hosts it knew."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Site

from opensit.sites import hosts
from opensit.sites.models import Destination


@receiver([post_save, post_delete], sender=Site)
@receiver([post_save, post_delete], sender=Destination)
def forget_hosts(sender, **kwargs) -> None:
    hosts.forget()
