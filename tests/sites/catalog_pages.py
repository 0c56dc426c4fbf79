"""Shared builders of the catalog pages' tests: a project whose one selection bounds a
destination, objects in and out of it, and pages added under the destination's home."""

from typing import Any

from wagtail.models import Page

from opensit.diffusion.models import DiffusionProject, Selection
from opensit.network.models import Commune
from tests.factories import AMBOISE, BLOIS, TOURS, create_rich, rich_document
from tests.sitekit import make_destination


def communes() -> None:
    for place in (TOURS, AMBOISE, BLOIS):
        Commune.objects.get_or_create(insee=place["insee"], defaults={"name": place["name"]})


def scoped_destination(organisation: Any, hostname: str, object_ids: list[str]) -> Any:
    """A destination whose project reads one hand-picked selection of `object_ids`."""
    selection = Selection.objects.create(
        slug=f"scope-{hostname.split('.')[0]}",
        name="Scope",
        organisation=organisation,
        kind=Selection.Kind.LIST,
        object_ids=object_ids,
    )
    project = DiffusionProject.objects.create(
        organisation=organisation,
        name=f"Site {hostname}",
        scope=DiffusionProject.Scope.SELECTIONS,
        status=DiffusionProject.Status.ACTIVE,
    )
    project.selections.add(selection)
    return make_destination(organisation, hostname, project=project)


def add_page(destination: Any, page: Page) -> Page:
    """`page` published under the destination's (French) home page."""
    home = destination.site.root_page
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def make(owner: Any, type_code: str, name: str, place: dict[str, str], **overrides: Any) -> Any:
    return create_rich(owner, rich_document(type_code, name, commune=place, **overrides))
