"""Move the demo's dates to the day the demo runs again, without undoing what people changed.

The demo owns the dates of its objects and nothing else once they are loaded: the event dates
(`event`), the opening (`opening`) and the media's publication ends. On a later run each
object whose dates the calendar moves gets one new revision through
`catalog.services.update_object`, made from the object as it stands with only those parts
replaced, so that names, texts, prices or photos edited in the back office stay as they are.

Whose dates are they? The demo's last own revision (origin `demo`, or the first revision of an
older demo) holds the dates it wrote. When the object's dates differ from those, someone
changed them in the meantime: the object is kept as it is and counted as kept.
"""

from copy import deepcopy
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from opensit.catalog import services
from opensit.catalog.models import Revision, TourismObject
from opensit.catalog.pipeline import validate
from opensit.demo.builders import Spec, demo_id
from opensit.demo.territory import DEMO_ORIGIN, WRITERS, demo_actor

Dates = dict[str, Any]


@dataclass
class Moved:
    """What a later run did: objects moved to the new dates, objects kept as people left them."""

    moved: int = 0
    kept: list[str] = field(default_factory=list)


def dates_of(document: dict[str, Any]) -> Dates:
    """The parts of a stored (JSON) document that the demo's calendar writes."""
    return {
        "event": document.get("event"),
        "opening": document.get("opening"),
        "publication_end": {
            medium["url"]: medium["publication_end"]
            for medium in document.get("media") or []
            if medium.get("publication_end")
        },
    }


def with_dates(document: dict[str, Any], dates: Dates) -> dict[str, Any]:
    """`document` with its dated parts replaced by `dates`; everything else kept."""
    out = deepcopy(document)
    for part in ("event", "opening"):
        if dates[part] is None:
            out.pop(part, None)
        else:
            out[part] = deepcopy(dates[part])
    for medium in out.get("media") or []:
        end = dates["publication_end"].get(medium["url"])
        if end:
            medium["publication_end"] = end
        else:
            medium.pop("publication_end", None)
    return out


def demo_revision(obj: TourismObject) -> Revision | None:
    """The last revision the demo wrote itself (an older demo wrote the first one only)."""
    return (
        Revision.objects.filter(object=obj)
        .filter(Q(origin=DEMO_ORIGIN) | Q(number=1))
        .order_by("-number")
        .first()
    )


def refresh_dates(specs: list[Spec], today: date) -> Moved:
    """Move every demo object whose dates changed since the demo last wrote them; the caller
    holds the transaction."""
    result = Moved()
    objects = TourismObject.objects.select_related("owner").in_bulk([demo_id(s.key) for s in specs])
    actors: dict[str, Any] = {}
    comment = _("Demo dates moved to %(day)s: the demo follows the day it runs.") % {
        "day": today.isoformat()
    }
    for spec in specs:
        obj = objects.get(demo_id(spec.key))
        if obj is None or obj.status == TourismObject.Status.DELETED:
            continue
        wanted = dates_of(validate(spec.document).to_json())
        written = demo_revision(obj)
        if written is None or dates_of(written.document) == wanted:
            continue  # the demo's dates are already today's
        if dates_of(obj.document) != dates_of(written.document):
            result.kept.append(obj.name)  # someone changed the dates: theirs now
            continue
        actor = _writer(obj, actors)
        if actor is None:
            result.kept.append(obj.name)
            continue
        try:
            changed = services.update_object(
                actor,
                obj,
                with_dates(obj.document, wanted),
                comment=comment,
                base_version=obj.version,
            )
        except (services.EditConflict, PermissionDenied):
            result.kept.append(obj.name)
            continue
        result.moved += int(changed)
    return result


def _writer(obj: TourismObject, actors: dict[str, Any]) -> Any:
    """The demo member who writes for the object's owner; None when the owner is not a demo
    organisation any more (ownership transferred) or its demo user is gone."""
    slug = obj.owner.slug if obj.owner_id else ""
    if slug not in actors:
        try:
            actors[slug] = demo_actor(WRITERS[slug], obj.owner) if slug in WRITERS else None
        except (get_user_model().DoesNotExist, PermissionDenied):
            actors[slug] = None
    return actors[slug]
