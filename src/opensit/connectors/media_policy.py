"""The per-source media policy, applied to every document an import maps.

Producers give their photos to a network (Apidae, a regional SIT) so that the network diffuses
them with their credit: most sources send no licence at all (Apidae has only a `copyright`,
the credit), and an unknown licence used to keep every image out of every output. So at import:

- a medium the source gives no licence (or one `core.licences.recognise` cannot read, with a
  warning naming the record and field) gets the source's default licence: the terms under
  which producers give media to that network (`network-terms` unless configured, or e.g.
  `etalab-2.0` for a network that publishes its media under the Licence Ouverte);
- a medium marked "all rights reserved" is diffused under the network's terms (`network-terms`,
  with its credit; the source's statement kept in `rights`), or kept out when the policy says
  `withhold`;
- a licence the source states is kept as it is, restrictive ones included.

`licence_origin` says which: "source" or "policy". The policy is read once per run, from the
source's `SourcePolicy` (the owner organisation's row first, then the source's), else from the
settings `OPENSIT_MEDIA_DEFAULT_LICENCE` and `OPENSIT_MEDIA_RESERVED`.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from opensit.catalog.document import Media, TourismDocument
from opensit.connectors.base import Connector, RecordReport
from opensit.connectors.models import SourcePolicy, SourceRecord
from opensit.core.audit import log_action
from opensit.core.licences import LICENCES
from opensit.network.models import Organisation

RESERVED = "all-rights-reserved"
#: What "all rights reserved" media become under a policy that diffuses them.
NETWORK_TERMS = "network-terms"
RESERVED_CHOICES = tuple(SourcePolicy.Reserved.values)


class PolicyError(ValueError):
    """A policy value that is not a known licence code or reserved-media choice."""


@dataclass(frozen=True)
class MediaPolicy:
    licence: str
    reserved: str = SourcePolicy.Reserved.NETWORK

    def apply(self, doc: TourismDocument, report: RecordReport | None = None) -> None:
        """Fill in the licence of the document's media and of its aspects' media, in place."""
        for field, medium in _media(doc):
            self.apply_to(medium, field, report)

    def apply_to(self, medium: Media, field: str, report: RecordReport | None = None) -> None:
        if medium.licence_origin:  # a canonical document (JSON Lines) that says it already
            return
        if medium.licence not in LICENCES:
            if (medium.licence or medium.rights) and report is not None:
                stated = medium.licence or medium.rights
                report.warn(
                    f"{field}.licence",
                    _("licence not recognised: %(text)s; the source's policy gives %(code)s")
                    % {"text": repr(stated[:80]), "code": self.licence},
                )
            if medium.licence and not medium.rights:
                medium.rights = medium.licence[:1000]
            medium.licence, medium.licence_origin = self.licence, "policy"
        elif medium.licence == RESERVED and self.reserved == SourcePolicy.Reserved.NETWORK:
            medium.rights = medium.rights or LICENCES[RESERVED].name
            medium.licence, medium.licence_origin = NETWORK_TERMS, "policy"
        else:
            medium.licence_origin = "source"


def _media(doc: TourismDocument) -> Iterator[tuple[str, Media]]:
    for index, medium in enumerate(doc.media):
        yield f"media[{index}]", medium
    for name, aspect in doc.aspects.items():
        for index, medium in enumerate(aspect.media):
            yield f"aspects.{name}.media[{index}]", medium


def default_policy() -> MediaPolicy:
    """The policy of a source nobody configured (settings, documented in docs/media.md)."""
    return MediaPolicy(settings.OPENSIT_MEDIA_DEFAULT_LICENCE, settings.OPENSIT_MEDIA_RESERVED)


def policy_for(system: str, owner: Organisation | None = None) -> MediaPolicy:
    """The owner's row for this source, else the source's row, else the settings."""
    scope = Q(owner__isnull=True) if owner is None else Q(owner__isnull=True) | Q(owner=owner)
    rows = {row.owner_id: row for row in SourcePolicy.objects.filter(scope, system=system)}
    default = default_policy()
    row = rows.get(owner.pk if owner is not None else None) or rows.get(None)
    if row is None:
        return default
    return MediaPolicy(row.media_licence or default.licence, row.reserved_media)


def check(licence: str | None, reserved: str | None) -> None:
    """Refuse what the policy cannot hold, naming the value (the CLI and admin say it)."""
    if licence and licence not in LICENCES:
        raise PolicyError(_("unknown licence code %(code)r") % {"code": licence})
    if reserved and reserved not in RESERVED_CHOICES:
        raise PolicyError(
            _("reserved media must be one of %(choices)s, not %(value)r")
            % {"choices": ", ".join(RESERVED_CHOICES), "value": reserved}
        )


def save_policy(
    actor: Any,
    system: str,
    owner: Organisation | None = None,
    *,
    licence: str | None = None,
    reserved: str | None = None,
) -> SourcePolicy:
    """Create or change a source's policy (what is None stays as it was). A change makes the
    next import of that source re-map every record, even unchanged ones, so that the stored
    documents follow the new policy."""
    check(licence, reserved)
    with transaction.atomic():
        row, created = SourcePolicy.objects.select_for_update().get_or_create(
            system=system, owner=owner
        )
        before = (row.media_licence, row.reserved_media)
        if licence is not None:
            row.media_licence = licence
        if reserved is not None:
            row.reserved_media = reserved
        row.save()
        if created or before != (row.media_licence, row.reserved_media):
            policy_changed(actor, row)
    return row


def policy_changed(actor: Any, row: SourcePolicy) -> None:
    """Audit a saved policy, and have the next import of its source re-map every record."""
    SourceRecord.objects.filter(system=row.system).update(mapping_version=0)
    log_action(
        actor,
        "connectors.source_policy",
        row.pk,
        system=row.system,
        owner=row.owner.slug if row.owner else "",
        media_licence=row.media_licence,
        reserved_media=row.reserved_media,
    )


def install(connector: Connector, owner: Organisation | None = None) -> MediaPolicy:
    """Give `connector` its source's policy for this run: the engine and the mapping workers
    (forked with it) apply it to every document mapped (`Connector.with_policies`)."""
    policy = policy_for(connector.system, owner)
    connector.media_policy = policy
    return policy
