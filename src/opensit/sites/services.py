"""Changes to a destination's settings, and who may make them: its owner's admins (and the
network's) edit the name, logo, colours, languages, tiles, audience counts and canonical
priority; only network admins move a site to another host or port (it is the platform's)."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from opensit.network.models import Membership
from opensit.network.permissions import Actor, require
from opensit.network.services import FieldError
from opensit.sites.models import Destination

#: The destination's own settings (the Wagtail Site holds the name, hostname and port).
DESTINATION_FIELDS = (
    "logo",
    "primary_colour",
    "accent_colour",
    "languages",
    "tile_url",
    "tile_attribution",
    "analytics",
    "canonical_priority",
)
SITE_FIELDS = ("site_name", "hostname", "port")
HOST_FIELDS = ("hostname", "port")


def can_edit_settings(actor: Actor, destination: Destination) -> bool:
    if actor.is_network_admin:
        return True
    return (
        actor.organisation is not None
        and actor.organisation.pk == destination.organisation_id
        and actor.role == Membership.Role.ADMIN
    )


def can_move(actor: Actor) -> bool:
    """Hostname and port: the platform's, so the network admins'."""
    return actor.is_network_admin


def editable_destinations(actor: Actor) -> QuerySet[Destination]:
    """The destinations whose settings the actor may change."""
    found = Destination.objects.select_related("site", "organisation").order_by("site__site_name")
    if actor.is_network_admin:
        return found
    if actor.organisation is None or actor.role != Membership.Role.ADMIN:
        return found.none()
    return found.filter(organisation=actor.organisation)


def _check_languages(languages: list[str]) -> None:
    known = {code for code, _name in settings.LANGUAGES}
    unknown = [code for code in languages if code not in known]
    if unknown:
        raise FieldError(
            "languages",
            _("Unknown language: %(codes)s.") % {"codes": ", ".join(unknown)},
        )


@transaction.atomic
def update_settings(actor: Actor, destination: Destination, **values: Any) -> Destination:
    """Change the given settings; a value the actor may not change, or a wrong one, is refused
    naming its field (`FieldError`)."""
    require(
        can_edit_settings(actor, destination),
        _("Only the owner's administrators change this site's settings."),
    )
    unknown = set(values) - set(DESTINATION_FIELDS) - set(SITE_FIELDS)
    if unknown:
        raise FieldError(sorted(unknown)[0], _("This setting does not exist."))
    site = destination.site
    for name in HOST_FIELDS:
        if name in values and values[name] != getattr(site, name):
            require(can_move(actor), _("Only network administrators change a site's address."))
    if "languages" in values:
        _check_languages(values["languages"])
    if "site_name" in values and not str(values["site_name"]).strip():
        raise FieldError("site_name", _("A site has a name."))
    for name in SITE_FIELDS:
        if name in values:
            setattr(site, name, values[name])
    for name in DESTINATION_FIELDS:
        if name in values:
            setattr(destination, name, values[name])
    for instance in (site, destination):
        try:
            instance.full_clean(exclude=["root_page"] if instance is site else ["site"])
        except ValidationError as error:
            field, messages = next(iter(error.message_dict.items()))
            if field == "__all__":  # the site's (hostname, port) pair is taken
                field = "hostname"
            raise FieldError(field, " ".join(messages)) from error
    site.save()
    destination.save()
    return destination
