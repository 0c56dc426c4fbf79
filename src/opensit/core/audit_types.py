"""The registry of audit actions, after pretix's LogEntryType registry: every action written to
the audit log has a code, a translated label, the type of object it is about and, through that
type, a link to the object in the back-office. `log_action` refuses a code that is not
registered here, so that the log holds no action nobody can read, and an entry's `object_id`
always says what kind of object it names (`AuditEntry.object_type`).

The codes are the action strings the log always held, so that old rows stay readable. Codes
that were built with an f-string are kept as `legacy` (readable, no longer written): their
variable part now goes into the entry's data under a fixed code. Models are looked up lazily
(`apps.get_model`), so that core imports no other app.
"""

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# What a type's lookup returns for the ids it can link: the text to show and the URL kwargs.
Link = tuple[str, dict[str, Any]]
Lookup = Callable[[list[str]], dict[str, Link]]


@dataclass(frozen=True)
class ObjectType:
    """A kind of object audit entries name; `url_name` and `lookup` say how the back-office
    links to one (no `url_name`: no screen shows a single object of this kind)."""

    code: str
    label: str | Promise
    url_name: str = ""
    lookup: Lookup | None = None


@dataclass(frozen=True)
class ActionType:
    """One registered action: its code (stored in `AuditEntry.action`), label and object type."""

    code: str
    label: str | Promise
    object_type: ObjectType
    legacy: bool = False


# --- object types: how to link to each -------------------------------------------------------


def _model(label: str) -> Any:
    return apps.get_model(label)


def _tourism_objects(ids: list[str]) -> dict[str, Link]:
    rows = _model("catalog.TourismObject").objects.filter(pk__in=ids).values_list("pk", "name")
    return {pk: (name or pk, {"pk": pk}) for pk, name in rows}


def _vocabulary_entries(codes: list[str]) -> dict[str, Link]:
    rows = _model("catalog.VocabularyEntry").objects.filter(code__in=codes)
    return {code: (code, {"pk": pk}) for pk, code in rows.values_list("pk", "code")}


def _int_ids(ids: Iterable[str]) -> list[int]:
    return [int(i) for i in ids if i.isdigit()]


def _organisations(ids: list[str]) -> dict[str, Link]:
    rows = _model("network.Organisation").objects.filter(pk__in=_int_ids(ids))
    return {
        str(pk): (name, {"slug": slug}) for pk, name, slug in rows.values_list("pk", "name", "slug")
    }


def _organisation_of(model: str, describe: Callable[[Any], str]) -> Lookup:
    """Invitations and memberships have no screen of their own: their organisation's."""

    def lookup(ids: list[str]) -> dict[str, Link]:
        rows = _model(model).objects.filter(pk__in=_int_ids(ids)).select_related("organisation")
        return {str(row.pk): (describe(row), {"slug": row.organisation.slug}) for row in rows}

    return lookup


def _synonyms(ids: list[str]) -> dict[str, Link]:
    rows = _model("search.Synonym").objects.filter(pk__in=_int_ids(ids))
    return {
        str(pk): (" / ".join(terms), {"pk": pk}) for pk, terms in rows.values_list("pk", "terms")
    }


NO_OBJECT = ObjectType("", _("none"))
TOURISM_OBJECT = ObjectType(
    "tourism_object", _("Tourism object"), "opensit_object_edit", _tourism_objects
)
VOCABULARY_ENTRY = ObjectType(
    "vocabulary_entry", _("Vocabulary entry"), "opensit_vocabulary_entry", _vocabulary_entries
)
ORGANISATION = ObjectType("organisation", _("Organisation"), "opensit_organisation", _organisations)
INVITATION = ObjectType(
    "invitation",
    _("Invitation"),
    "opensit_organisation",
    _organisation_of("network.Invitation", lambda row: f"{row.email} → {row.organisation.name}"),
)
MEMBERSHIP = ObjectType(
    "membership",
    _("Membership"),
    "opensit_organisation",
    _organisation_of("network.Membership", lambda row: f"{row.user} @ {row.organisation.name}"),
)
SYNONYM = ObjectType("synonym", _("Synonym rule"), "opensit_synonym_edit", _synonyms)


def _projects(ids: list[str]) -> dict[str, Link]:
    rows = _model("diffusion.DiffusionProject").objects.filter(pk__in=_int_ids(ids))
    return {str(pk): (name, {"pk": pk}) for pk, name in rows.values_list("pk", "name")}


def _access_requests(ids: list[str]) -> dict[str, Link]:
    rows = _model("diffusion.AccessRequest").objects.filter(pk__in=_int_ids(ids))
    return {str(row.pk): (str(row), {}) for row in rows}


DIFFUSION_PROJECT = ObjectType(
    "diffusion_project", _("Diffusion project"), "opensit_project", _projects
)
ACCESS_REQUEST = ObjectType(
    "access_request", _("API access request"), "opensit_projects", _access_requests
)


def _named(model: str, key: str = "pk", describe: Callable[[Any], str] = str) -> Lookup:
    """A type with no screen of its own: its name as text, no link."""

    def lookup(ids: list[str]) -> dict[str, Link]:
        wanted = _int_ids(ids) if key == "pk" else ids
        rows = _model(model).objects.filter(**{f"{key}__in": wanted})
        return {str(getattr(row, key)): (describe(row), {}) for row in rows}

    return lookup


SELECTION = ObjectType(
    "selection", _("Selection"), lookup=_named("diffusion.Selection", "slug", lambda r: r.name)
)
PARTNER_TOKEN = ObjectType(
    "partner_token",
    _("Write-API token"),
    lookup=_named("partners.PartnerToken", "pk", lambda r: r.name),
)
IMPORT_RUN = ObjectType("import_run", _("Import run"), lookup=_named("connectors.ImportRun"))
SOURCE_POLICY = ObjectType("source_policy", _("Source media policy"))
SOURCE = ObjectType(
    "source", _("Source"), lookup=_named("connectors.Source", "pk", lambda r: r.name)
)
SOURCE_RUN = ObjectType("source_run", _("Source run"), lookup=_named("connectors.SourceRun"))


def _widgets(ids: list[str]) -> dict[str, Link]:
    rows = _model("widgets.Widget").objects.filter(pk__in=_int_ids(ids))
    return {str(pk): (title, {"pk": pk}) for pk, title in rows.values_list("pk", "title")}


WIDGET = ObjectType("widget", _("Widget"), "opensit_widget", _widgets)

OBJECT_TYPES: dict[str, ObjectType] = {
    kind.code: kind
    for kind in (
        NO_OBJECT,
        TOURISM_OBJECT,
        VOCABULARY_ENTRY,
        ORGANISATION,
        INVITATION,
        MEMBERSHIP,
        SYNONYM,
        DIFFUSION_PROJECT,
        ACCESS_REQUEST,
        SELECTION,
        PARTNER_TOKEN,
        IMPORT_RUN,
        SOURCE_POLICY,
        SOURCE,
        SOURCE_RUN,
        WIDGET,
    )
}

# --- the registry ----------------------------------------------------------------------------

ACTIONS: dict[str, ActionType] = {}


def register(
    code: str, label: str | Promise, object_type: ObjectType, *, legacy: bool = False
) -> str:
    """Register an action; returns its code, to be used as a constant at the call site."""
    if code in ACTIONS:
        raise ValueError(f"audit action {code!r} is registered twice")
    if OBJECT_TYPES.get(object_type.code) is not object_type:
        raise ValueError(f"audit action {code!r}: unknown object type {object_type.code!r}")
    ACTIONS[code] = ActionType(code, label, object_type, legacy)
    return code


# Widgets (`widgets.services`): made, changed, their public key replaced.
WIDGET_CREATE = register("widget.create", _("Widget created"), WIDGET)
WIDGET_UPDATE = register("widget.update", _("Widget changed"), WIDGET)
WIDGET_KEY = register("widget.key", _("Widget key replaced"), WIDGET)

# Catalog writes (`catalog.pipeline.commit`: one per revision action) and the workflow around them.
CATALOG_CREATE = register("catalog.create", _("Object created"), TOURISM_OBJECT)
CATALOG_UPDATE = register("catalog.update", _("Object changed"), TOURISM_OBJECT)
CATALOG_RESTORE = register("catalog.restore", _("Revision restored"), TOURISM_OBJECT)
CATALOG_PUBLISH = register("catalog.publish", _("Object published"), TOURISM_OBJECT)
CATALOG_UNPUBLISH = register("catalog.unpublish", _("Object unpublished"), TOURISM_OBJECT)
CATALOG_ARCHIVE = register("catalog.archive", _("Object archived"), TOURISM_OBJECT)
CATALOG_DELETE = register("catalog.delete", _("Object deleted"), TOURISM_OBJECT)
CATALOG_TRANSFER = register("catalog.transfer", _("Ownership transferred"), TOURISM_OBJECT)
CATALOG_SUBMIT = register("catalog.submit", _("Submitted for publication"), TOURISM_OBJECT)
CATALOG_MERGE = register("catalog.merge", _("Duplicate merged into the object"), TOURISM_OBJECT)
CATALOG_MERGED = register("catalog.merged", _("Object merged into another"), TOURISM_OBJECT)
CATALOG_VOCABULARY = register(
    "catalog.vocabulary", _("Deprecated vocabulary code replaced"), TOURISM_OBJECT
)
CATALOG_PROPOSE_CREATE = register("catalog.propose_create", _("Creation proposed"), TOURISM_OBJECT)
CATALOG_PROPOSE = register("catalog.propose", _("Change proposed"), TOURISM_OBJECT)
CATALOG_APPROVE = register("catalog.approve", _("Proposal approved"), TOURISM_OBJECT)
CATALOG_REJECT = register("catalog.reject", _("Proposal rejected"), TOURISM_OBJECT)
CATALOG_WITHDRAW = register("catalog.withdraw", _("Proposal withdrawn"), TOURISM_OBJECT)
CATALOG_GRANT_COEDITING = register(
    "catalog.grant_coediting", _("Co-editing granted"), TOURISM_OBJECT
)
CATALOG_REVOKE_COEDITING = register(
    "catalog.revoke_coediting", _("Co-editing revoked"), TOURISM_OBJECT
)
CATALOG_LINK_PROVIDER = register("catalog.link_provider", _("Provider linked"), TOURISM_OBJECT)
CATALOG_UNLINK_PROVIDER = register(
    "catalog.unlink_provider", _("Provider unlinked"), TOURISM_OBJECT
)

# The audit action of each revision action `pipeline.commit` writes with a single object.
CATALOG_WRITES: dict[str, str] = {
    "create": CATALOG_CREATE,
    "update": CATALOG_UPDATE,
    "restore": CATALOG_RESTORE,
    "approve": CATALOG_APPROVE,
    "publish": CATALOG_PUBLISH,
    "unpublish": CATALOG_UNPUBLISH,
    "archive": CATALOG_ARCHIVE,
    "delete": CATALOG_DELETE,
    "transfer": CATALOG_TRANSFER,
    "submit": CATALOG_SUBMIT,
    "propose_create": CATALOG_PROPOSE_CREATE,
    "merge": CATALOG_MERGE,
    "merged": CATALOG_MERGED,
    "vocabulary": CATALOG_VOCABULARY,
}

VOCABULARY_ADD = register("vocabulary.add", _("Vocabulary entry added"), VOCABULARY_ENTRY)
VOCABULARY_TRANSLATE = register(
    "vocabulary.translate", _("Vocabulary entry translated"), VOCABULARY_ENTRY
)
VOCABULARY_DEPRECATE = register(
    "vocabulary.deprecate", _("Vocabulary entry deprecated"), VOCABULARY_ENTRY
)
VOCABULARY_REQUEST = register(
    "vocabulary.request", _("Vocabulary entry requested"), VOCABULARY_ENTRY
)
VOCABULARY_REVIEW = register(
    "vocabulary.review", _("Vocabulary request reviewed"), VOCABULARY_ENTRY
)

NETWORK_CREATE_PROVIDER = register("network.create_provider", _("Provider created"), ORGANISATION)
NETWORK_CREATE_ORGANISATION = register(
    "network.create_organisation", _("Organisation created"), ORGANISATION
)
NETWORK_UPDATE_ORGANISATION = register(
    "network.update_organisation", _("Organisation changed"), ORGANISATION
)
NETWORK_INVITE = register("network.invite", _("Invitation sent"), INVITATION)
NETWORK_ACCEPT_INVITATION = register(
    "network.accept_invitation", _("Invitation accepted"), INVITATION
)
NETWORK_REVOKE_INVITATION = register(
    "network.revoke_invitation", _("Invitation revoked"), INVITATION
)
NETWORK_SET_MEMBERSHIP = register("network.set_membership", _("Member's role set"), MEMBERSHIP)
NETWORK_REMOVE_MEMBERSHIP = register("network.remove_membership", _("Member removed"), MEMBERSHIP)

DIFFUSION_PROJECT_CREATE = register(
    "diffusion.project_create", _("Diffusion project created"), DIFFUSION_PROJECT
)
DIFFUSION_PROJECT_STATUS = register(
    "diffusion.project_status", _("Diffusion project status changed"), DIFFUSION_PROJECT
)
DIFFUSION_PROJECT_SCOPE = register(
    "diffusion.project_scope", _("Diffusion project scope changed"), DIFFUSION_PROJECT
)
DIFFUSION_PROJECT_TIER = register(
    "diffusion.project_tier", _("Diffusion project tier set"), DIFFUSION_PROJECT
)
DIFFUSION_PROJECT_UPDATE = register(
    "diffusion.project_update", _("Diffusion project changed"), DIFFUSION_PROJECT
)
DIFFUSION_WEBHOOK_ACTIVE = register(
    "diffusion.webhook_active", _("Webhook paused or resumed"), DIFFUSION_PROJECT
)
DIFFUSION_WEBHOOK_REMOVE = register(
    "diffusion.webhook_remove", _("Webhook removed"), DIFFUSION_PROJECT
)
DIFFUSION_ACCESS_REQUEST = register(
    "diffusion.access_request", _("API access request decided"), ACCESS_REQUEST
)
DIFFUSION_KEY_CREATE = register("diffusion.key_create", _("API key created"), DIFFUSION_PROJECT)
DIFFUSION_KEY_REVOKE = register("diffusion.key_revoke", _("API key revoked"), DIFFUSION_PROJECT)
DIFFUSION_WEBHOOK_ADD = register("diffusion.webhook_add", _("Webhook added"), DIFFUSION_PROJECT)
DIFFUSION_SELECTION_CREATE = register(
    "diffusion.selection_create", _("Selection created"), SELECTION
)
DIFFUSION_SELECTION_CHANGE = register(
    "diffusion.selection_change", _("Selection changed"), SELECTION
)
# Written until the status and the change went into the data (f-string codes).
register(
    "diffusion.project_active", _("Diffusion project validated"), DIFFUSION_PROJECT, legacy=True
)
register(
    "diffusion.project_suspended", _("Diffusion project suspended"), DIFFUSION_PROJECT, legacy=True
)
register("diffusion.selection_add", _("Objects added to a selection"), SELECTION, legacy=True)
register(
    "diffusion.selection_remove", _("Objects removed from a selection"), SELECTION, legacy=True
)
register("diffusion.selection_query", _("Selection query changed"), SELECTION, legacy=True)

SYNONYM_CREATE = register("synonym.create", _("Synonym rule created"), SYNONYM)
SYNONYM_UPDATE = register("synonym.update", _("Synonym rule changed"), SYNONYM)
SYNONYM_ACTIVATE = register("synonym.activate", _("Synonym rule turned on"), SYNONYM)
SYNONYM_DEACTIVATE = register("synonym.deactivate", _("Synonym rule turned off"), SYNONYM)
SYNONYM_DELETE = register("synonym.delete", _("Synonym rule deleted"), SYNONYM)

PARTNERS_CREATE_TOKEN = register(
    "partners.create_token", _("Write-API token created"), PARTNER_TOKEN
)
PARTNERS_REVOKE_TOKEN = register(
    "partners.revoke_token", _("Write-API token revoked"), PARTNER_TOKEN
)
PARTNERS_SUBMIT = register("partners.submit", _("Submitted through the write API"), TOURISM_OBJECT)

QUALITY_REMINDERS_SENT = register("quality.reminders_sent", _("Reminders sent"), NO_OBJECT)
QUALITY_REFRESHED = register("quality.refreshed", _("Quality recomputed"), NO_OBJECT)
QUALITY_DUPLICATE_DISMISSED = register(
    "quality.duplicate_dismissed", _("Marked as not a duplicate"), TOURISM_OBJECT
)

CONNECTORS_IMPORT = register("connectors.import", _("Source imported"), IMPORT_RUN)
CONNECTORS_SOURCE_POLICY = register(
    "connectors.source_policy", _("Source media policy saved"), SOURCE_POLICY
)
CONNECTORS_SOURCE_CREATE = register("connectors.source_create", _("Source created"), SOURCE)
CONNECTORS_SOURCE_UPDATE = register("connectors.source_update", _("Source changed"), SOURCE)
CONNECTORS_SOURCE_RUN_REQUESTED = register(
    "connectors.source_run_requested", _("Source run started"), SOURCE_RUN
)
CONNECTORS_SOURCE_RUN = register("connectors.source_run", _("Source run failed"), SOURCE_RUN)
CONNECTORS_SOURCE_DELETE = register("connectors.source_delete", _("Source deleted"), SOURCE)
CONNECTORS_SOURCE_TOKEN = register(
    "connectors.source_token", _("Source notification address renewed"), SOURCE
)
CONNECTORS_SOURCE_NOTIFIED = register(
    "connectors.source_notified", _("Apidae export notified"), SOURCE_RUN
)


# --- reading ---------------------------------------------------------------------------------


def action_type(code: str) -> ActionType | None:
    return ACTIONS.get(code)


@dataclass(frozen=True)
class Detail:
    """One item of an entry's data, as shown: a label, a text and, for an object, a link."""

    label: str
    text: str
    url: str = ""


@dataclass(frozen=True)
class Shown:
    """An entry as the audit screen shows it: label, object type and a link to the object."""

    entry: Any
    label: str
    object_type: str
    object_text: str
    url: str
    details: tuple[Detail, ...] = ()


# Labels of the keys entries keep in their data; a key not listed shows as itself.
DATA_LABELS: dict[str, Promise] = {
    "merged": _("merged"),
    "into": _("into"),
    "merged_into": _("merged into"),
    "other": _("other object"),
    "survivor": _("survivor"),
    "fields": _("fields"),
    "status": _("status"),
    "reason": _("reason"),
    "tier": _("tier"),
    "url": _("address"),
    "email": _("email"),
    "role": _("role"),
    "slug": _("slug"),
    "name": _("name"),
    "prefix": _("key"),
    "active": _("active"),
    "scope": _("scope"),
    "change": _("change"),
    "comment": _("comment"),
    "communes": _("communes"),
    "communes_added": _("communes added"),
    "communes_removed": _("communes removed"),
    "organisation": _("organisation"),
    "count": _("count"),
}

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _object_ids_in(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if UUID.match(value) else []
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str) and UUID.match(v)]
    return []


def _details(data: Any, objects: dict[str, Link]) -> tuple[Detail, ...]:
    """Tourism objects named in the data show by name, linked; other values as text."""
    if not isinstance(data, dict):
        return ()
    details = []
    for key, value in sorted(data.items()):  # one order on every engine (jsonb reorders keys)
        label = str(DATA_LABELS.get(key, key))
        ids = _object_ids_in(value)
        if ids and all(i in objects for i in ids):
            for object_id in ids:
                text, kwargs = objects[object_id]
                details.append(Detail(label, text, reverse(TOURISM_OBJECT.url_name, kwargs=kwargs)))
            continue
        if isinstance(value, bool):
            text = str(_("yes") if value else _("no"))
        elif isinstance(value, list):
            text = ", ".join(str(v) for v in value)
        else:
            text = "" if value is None else str(value)
        details.append(Detail(label, text))
    return tuple(details)


def shown(entries: Iterable[Any]) -> list[Shown]:
    """The entries with their labels and links, one query per object type on the page (and
    one for the tourism objects their data names). An unregistered code (an old row) shows as
    itself; an object gone or without a screen, as its id (or name) without a link."""
    entries = list(entries)
    by_type: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        if entry.object_id:
            by_type[entry.object_type].add(entry.object_id)
        if isinstance(entry.data, dict):
            for value in entry.data.values():
                by_type[f"data:{TOURISM_OBJECT.code}"].update(_object_ids_in(value))
    named = by_type.pop(f"data:{TOURISM_OBJECT.code}", set())
    links: dict[tuple[str, str], str] = {}
    texts: dict[tuple[str, str], str] = {}
    for type_code, ids in by_type.items():
        kind = OBJECT_TYPES.get(type_code)
        if kind is None or kind.lookup is None:
            continue
        for object_id, (text, kwargs) in kind.lookup(sorted(ids)).items():
            texts[type_code, object_id] = text
            if kind.url_name:
                links[type_code, object_id] = reverse(kind.url_name, kwargs=kwargs)
    objects = _tourism_objects(sorted(named)) if named else {}
    rows = []
    for entry in entries:
        action = ACTIONS.get(entry.action)
        kind = OBJECT_TYPES.get(entry.object_type)
        key = (entry.object_type, entry.object_id)
        rows.append(
            Shown(
                entry=entry,
                label=str(action.label) if action else entry.action,
                object_type=str(kind.label) if kind and kind.code else "",
                object_text=texts.get(key, entry.object_id),
                url=links.get(key, ""),
                details=_details(entry.data, objects),
            )
        )
    return rows
