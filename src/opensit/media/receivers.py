"""Keep the library group in step with memberships (see `library.sync_library_access`)."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from opensit.media.library import sync_library_access
from opensit.network.models import Membership


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def _membership_changed(sender: Any, instance: Membership, **kwargs: Any) -> None:
    sync_library_access(instance.user)
