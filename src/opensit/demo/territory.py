"""The demo territory: real communes around Amboise (Indre-et-Loire), three organisations and
one user per role. INSEE codes, names and postal codes are the official ones; coordinates are
approximate town centres.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser

from opensit.network.models import Commune, Membership, Organisation
from opensit.network.permissions import Actor

DEMO_PASSWORD = "opensit-demo"
#: The origin of the demo's writes (revisions and audit entries): how a later run finds what
#: the demo itself wrote (`refresh`), apart from what people changed in the back office.
DEMO_ORIGIN = "demo"


@dataclass(frozen=True)
class DemoCommune:
    insee: str
    name: str
    postal_code: str
    latitude: float
    longitude: float


# fmt: off
COMMUNES: list[DemoCommune] = [
    DemoCommune("37003", "Amboise", "37400", 47.4122, 0.9848),
    DemoCommune("37070", "Chenonceaux", "37150", 47.3317, 1.0675),
    DemoCommune("37027", "Bléré", "37150", 47.3279, 0.9920),
    DemoCommune("37079", "Civray-de-Touraine", "37150", 47.3309, 1.0456),
    DemoCommune("37073", "Chisseaux", "37150", 47.3295, 1.0892),
    DemoCommune("37060", "Chargé", "37530", 47.4323, 1.0292),
    DemoCommune("37131", "Limeray", "37530", 47.4600, 1.0468),
    DemoCommune("37163", "Nazelles-Négron", "37530", 47.4270, 0.9542),
    DemoCommune("37161", "Mosnes", "37530", 47.4546, 1.0987),
    DemoCommune("37156", "Montlouis-sur-Loire", "37270", 47.3883, 0.8348),
    DemoCommune("37281", "Vouvray", "37210", 47.4135, 0.7968),
    DemoCommune("37261", "Tours", "37000", 47.3919, 0.6898),
]
# fmt: on
COMMUNES_BY_INSEE = {c.insee: c for c in COMMUNES}
DEPARTMENT = "37"

BOARD = "adt-touraine"
OFFICE = "ot-amboise"
PROVIDER = "domaine-des-coteaux"

ORGANISATIONS = [
    # slug, name, kind, network admin, parent, communes (INSEE), website
    (BOARD, "Touraine Tourisme (démo)", Organisation.Kind.DEPARTMENTAL_BOARD, True, None,
     [c.insee for c in COMMUNES], "https://demo.opensit.org/touraine"),
    (OFFICE, "Office de tourisme Amboise Val de Loire (démo)", Organisation.Kind.TOURIST_OFFICE,
     False, BOARD, ["37003", "37070", "37027", "37079", "37073", "37060", "37131", "37163",
                    "37161"], "https://demo.opensit.org/amboise"),
    (PROVIDER, "Domaine des Coteaux (démo)", Organisation.Kind.PROVIDER, False, OFFICE,
     ["37131"], "https://demo.opensit.org/coteaux"),
]  # fmt: skip

# username, organisation, role, superuser
USERS = [
    ("admin", BOARD, Membership.Role.ADMIN, True),
    ("office-admin", OFFICE, Membership.Role.ADMIN, False),
    ("editor", OFFICE, Membership.Role.EDITOR, False),
    ("contributor", OFFICE, Membership.Role.CONTRIBUTOR, False),
    ("reader", OFFICE, Membership.Role.READER, False),
    ("provider", PROVIDER, Membership.Role.EDITOR, False),
]


# Who writes the objects of each owner: a member of that organisation, as in real life.
WRITERS = {BOARD: "admin", OFFICE: "editor", PROVIDER: "provider"}


def demo_actor(username: str, organisation: Organisation) -> Actor:
    """The demo user `username` acting for `organisation`, with the demo's origin."""
    user = get_user_model().objects.get(username=username)
    return Actor.for_user(user, organisation, origin=DEMO_ORIGIN)


def create_network() -> tuple[dict[str, Organisation], dict[str, AbstractUser]]:
    """Communes, organisations with their territory, users and memberships (no catalog write)."""
    Commune.objects.bulk_create(
        [
            Commune(
                insee=c.insee,
                name=c.name,
                postal_codes=[c.postal_code],
                department=DEPARTMENT,
                latitude=c.latitude,
                longitude=c.longitude,
            )
            for c in COMMUNES
        ],
        ignore_conflicts=True,
    )
    orgs: dict[str, Organisation] = {}
    for slug, name, kind, network_admin, parent, communes, website in ORGANISATIONS:
        org = Organisation.objects.create(
            slug=slug,
            name=name,
            kind=kind,
            is_network_admin=network_admin,
            parent=orgs.get(parent) if parent else None,
            website=website,
            email=f"{slug}@demo.opensit.org",
        )
        org.communes.set(communes)
        orgs[slug] = org
    user_model = get_user_model()
    users: dict[str, AbstractUser] = {}
    for username, org_slug, role, superuser in USERS:
        make = user_model.objects.create_superuser if superuser else user_model.objects.create_user
        user = make(username, email=f"{username}@demo.opensit.org", password=DEMO_PASSWORD)
        Membership.objects.create(user=user, organisation=orgs[org_slug], role=role)
        users[username] = user
    return orgs, users
