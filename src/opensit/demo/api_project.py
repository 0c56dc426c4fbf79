"""The demo's diffusion project: the tourist office's website, validated by the departmental
board, with an API key whose value is fixed and published in docs/demo.md.

Keys are stored as a SHA-256 only, so a random key could be printed once, at the first run,
and never again. The demo key is therefore a documented constant (`DEMO_API_KEY`): the project
and its key are made by the diffusion services (`create_project`, `validate_project`,
`create_key`, each checking rights and writing its audit entry), then the demo sets that key's
value to the documented one, stored hashed like any other key. Every run can print it; no
other key ever has that value. Like the demo password, it is public: never load the demo on a
public instance.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from opensit.core.langtext import active_languages
from opensit.demo.territory import BOARD, OFFICE, demo_actor
from opensit.diffusion import keys, services
from opensit.diffusion.keys import DEMO_API_KEY
from opensit.diffusion.models import ApiKey, DiffusionProject
from opensit.network.models import Organisation

DEMO_PROJECT_NAME = "Site web de l'office de tourisme (démo)"
DEMO_PROJECT_URL = "https://demo.opensit.org/amboise"


@dataclass(frozen=True)
class DemoProject:
    name: str
    api_key: str | None  # None when the demo key no longer works (revoked, project suspended)


def demo_project() -> DemoProject:
    """The demo project, made once; a later run writes nothing and reports whether the key
    still works."""
    key = ApiKey.objects.select_related("project").filter(prefix=_prefix()).first()
    if key is None:
        key = _create()
    works = services.find_key(DEMO_API_KEY) is not None
    active = key.project.status == DiffusionProject.Status.ACTIVE
    return DemoProject(key.project.name, DEMO_API_KEY if works and active else None)


def _prefix() -> str:
    prefix = keys.split_prefix(DEMO_API_KEY)
    assert prefix is not None, "DEMO_API_KEY is shaped like a key"
    return prefix


def _create() -> ApiKey:
    office = Organisation.objects.get(slug=OFFICE)
    try:
        office_admin = demo_actor("office-admin", office)
        network_admin = demo_actor("admin", Organisation.objects.get(slug=BOARD))
    except (get_user_model().DoesNotExist, PermissionDenied) as exc:
        raise PermissionDenied(
            _("The demo's diffusion project needs the demo users office-admin and admin.")
        ) from exc
    project = services.create_project(
        office_admin,
        DEMO_PROJECT_NAME,
        organisation=office,
        contact="ot-amboise@demo.opensit.org",
        url=DEMO_PROJECT_URL,
        languages=active_languages(),
    )
    services.validate_project(network_admin, project)
    key, _random = services.create_key(office_admin, project, _("Demo key"))
    key.prefix = _prefix()
    key.key_hash = keys.hash_key(DEMO_API_KEY)
    key.save(update_fields=["prefix", "key_hash"])
    return key
