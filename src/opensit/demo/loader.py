"""Load the demo catalog once: territory, organisations, users, vocabulary and objects, every
object written through `catalog.services` by a member of its owner organisation."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from opensit.catalog import services
from opensit.catalog.vocabularies import upsert_entries
from opensit.demo.builders import Spec
from opensit.demo.content_agenda import agenda
from opensit.demo.content_sights import sights
from opensit.demo.content_stays import stays
from opensit.demo.territory import (
    BOARD,
    DEMO_PASSWORD,
    OFFICE,
    PROVIDER,
    USERS,
    create_network,
)
from opensit.demo.vocabulary import demo_entries
from opensit.network.models import Organisation
from opensit.network.permissions import Actor

# Who writes the objects of each owner: a member of that organisation, as in real life.
WRITERS = {BOARD: "admin", OFFICE: "editor", PROVIDER: "provider"}


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
    loaded: bool
    objects: int
    published: int
    logins: list[Login]


def season_year(today: date) -> int:
    """The demo's season: this year, or next year once the autumn has come."""
    return today.year + 1 if today.month >= 10 else today.year


def demo_specs(year: int) -> list[Spec]:
    return [*stays(year), *sights(year), *agenda(year)]


def logins() -> list[Login]:
    names = dict(Organisation.objects.values_list("slug", "name"))
    return [
        Login(username, DEMO_PASSWORD, names.get(org, org), str(role))
        for username, org, role, _superuser in USERS
    ]


def is_loaded() -> bool:
    return Organisation.objects.filter(slug=BOARD).exists()


def load_demo(today: date | None = None) -> DemoResult:
    """Load the demo once; a second call changes nothing and says so (`loaded=False`)."""
    if is_loaded():
        return DemoResult(False, 0, 0, logins())
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
    specs = demo_specs(season_year(today or date.today()))
    published = 0
    with transaction.atomic():
        orgs, users = create_network()
        upsert_entries(demo_entries())
        actors = {
            org: Actor.for_user(users[username], orgs[org]) for org, username in WRITERS.items()
        }
        for spec in specs:
            actor = actors[spec.owner]
            obj = services.create_object(
                actor, spec.document, owner=orgs[spec.owner], comment=_("Demo catalog")
            )
            if spec.published:
                services.publish(actor, obj, _("Demo catalog"))
                published += 1
    return DemoResult(True, len(specs), published, logins())
