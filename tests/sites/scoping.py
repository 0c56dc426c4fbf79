"""A destination whose scope is one hand-picked selection: what it shows, and what it must not."""

from typing import Any

from opensit.diffusion import services
from tests.factories import member
from tests.sitekit import make_destination


def scoped_destination(organisation: Any, hostname: str, ids: list[str], slug: str) -> Any:
    """A site on `hostname` showing only the objects `ids` (selection `slug`)."""
    admin = member(organisation, "admin")
    selection = services.create_selection(admin, slug, slug.title(), object_ids=ids)
    project = services.create_project(admin, f"Site {hostname}", selections=[selection])
    return make_destination(organisation, hostname, project=project, title=slug.title())
