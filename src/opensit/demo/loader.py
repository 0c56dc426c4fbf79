"""Load the demo: territory, organisations, users, vocabulary, objects and a diffusion project,
every object written through `catalog.services` by a member of its owner organisation.

The first run creates everything, dated from the day it runs (`dates.DemoDays`). A later run
creates nothing: on the same day it writes nothing at all; on a later day it moves the dates of
the objects whose dates changed (`refresh`). Either way it returns what to print: the logins,
the demo API key and how many objects it loaded or moved.
"""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opensit.catalog import services
from opensit.catalog.vocabularies import upsert_entries
from opensit.demo.api_project import DemoProject, demo_project
from opensit.demo.builders import Spec
from opensit.demo.content_agenda import agenda
from opensit.demo.content_sights import sights
from opensit.demo.content_stays import stays
from opensit.demo.dates import DemoDays
from opensit.demo.photos import ensure_photos, photo_url
from opensit.demo.refresh import refresh_dates
from opensit.demo.territory import (
    BOARD,
    DEMO_ORIGIN,
    DEMO_PASSWORD,
    USERS,
    WRITERS,
    create_network,
)
from opensit.demo.vocabulary import demo_entries
from opensit.network.models import Organisation
from opensit.network.permissions import Actor


class DemoConflict(Exception):
    """The database holds data that the demo would collide with (e.g. a user named `admin`)."""


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    organisation: str
    role: str


@dataclass(frozen=True)
class DemoResult:
    today: date
    loaded: bool  # created by this run
    objects: int  # created by this run
    published: int  # published by this run
    logins: list[Login]
    project: DemoProject
    moved: int = 0  # objects whose dates this run moved
    kept: list[str] = field(default_factory=list)  # objects whose dates people changed


def demo_specs(days: DemoDays) -> list[Spec]:
    return [*stays(days), *sights(days), *agenda(days)]


def logins() -> list[Login]:
    names = dict(Organisation.objects.values_list("slug", "name"))
    return [
        Login(username, DEMO_PASSWORD, names.get(org, org), str(role))
        for username, org, role, _superuser in USERS
    ]


def is_loaded() -> bool:
    return Organisation.objects.filter(slug=BOARD).exists()


@transaction.atomic
def photo_keys(specs: list[Spec]) -> list[str]:
    """The keys of the demo's own photos (those served from this platform's media)."""
    prefix = photo_url("x").removesuffix("x.jpg")
    return [
        medium["url"][len(prefix) :].removesuffix(".jpg")
        for spec in specs
        for medium in spec.document.get("media", [])
        if medium.get("url", "").startswith(prefix)
    ]


def load_demo(today: date | None = None) -> DemoResult:
    """Load the demo dated from `today` (default: the local date); on a later call, move the
    dates to `today` instead, creating nothing."""
    today = today or timezone.localdate()
    specs = demo_specs(DemoDays(today))
    ensure_photos(photo_keys(specs))
    if is_loaded():
        moved = refresh_dates(specs, today)
        return DemoResult(today, False, 0, 0, logins(), demo_project(), moved.moved, moved.kept)
    taken = list(
        get_user_model()
        .objects.filter(username__in=[u for u, *_ in USERS])
        .values_list("username", flat=True)
    )
    if taken:
        raise DemoConflict(
            _("Cannot load the demo: these usernames are already taken: %(names)s.")
            % {"names": ", ".join(sorted(taken))}
        )
    published = _create_catalog(specs)
    return DemoResult(today, True, len(specs), published, logins(), demo_project())


def _create_catalog(specs: list[Spec]) -> int:
    """The network and every object, created (and published unless a draft) by its writer."""
    orgs, users = create_network()
    upsert_entries(demo_entries())
    actors = {
        org: Actor.for_user(users[username], orgs[org], origin=DEMO_ORIGIN)
        for org, username in WRITERS.items()
    }
    published = 0
    for spec in specs:
        actor = actors[spec.owner]
        obj = services.create_object(
            actor, spec.document, owner=orgs[spec.owner], comment=_("Demo catalog")
        )
        if spec.published:
            services.publish(actor, obj, _("Demo catalog"))
            published += 1
    return published
