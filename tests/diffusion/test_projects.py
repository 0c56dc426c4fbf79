"""Projects, their status flow and who may change it; API keys hashed at rest, rotated, revoked."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from opensit.core.models import AuditEntry
from opensit.diffusion import services
from opensit.diffusion.keys import hash_key
from opensit.diffusion.models import ApiKey, DiffusionProject


def test_status_flow_pending_active_suspended(office_admin, network_admin, api_key):
    project = ApiKey.objects.get(key_hash=hash_key(api_key)).project
    assert project.status == "active" and project.validated_at is not None
    with pytest.raises(ValueError, match="reason"):
        services.suspend_project(network_admin, project, " ")
    services.suspend_project(network_admin, project, "scraping the whole catalog hourly")
    project.refresh_from_db()
    assert project.status == "suspended"
    assert project.status_reason == "scraping the whole catalog hourly"
    services.validate_project(network_admin, project)
    project.refresh_from_db()
    assert project.status == "active"
    entries = AuditEntry.objects.filter(object_type="diffusion_project", object_id=str(project.pk))
    actions = set(entries.values_list("action", flat=True))
    assert {
        "diffusion.project_create",
        "diffusion.project_status",
        "diffusion.key_create",
    } <= actions
    # The status is in the data of one fixed code (was part of the code: project_active...).
    statuses = entries.filter(action="diffusion.project_status").order_by("id")
    assert [(e.data["status"], e.data["reason"]) for e in statuses] == [
        ("active", ""),
        ("suspended", "scraping the whole catalog hourly"),
        ("active", ""),
    ]


@pytest.mark.parametrize(
    ("who", "create", "validate", "manage_keys"),
    [
        ("network_admin", True, True, True),
        ("office_admin", True, False, True),
        ("editor", False, False, False),
        ("stranger_admin", False, False, False),
    ],
)
def test_permission_matrix(
    who, create, validate, manage_keys, request, office, org_factory, member_factory
):
    actors = {
        "network_admin": lambda: request.getfixturevalue("network_admin"),
        "office_admin": lambda: request.getfixturevalue("office_admin"),
        "editor": lambda: request.getfixturevalue("editor"),
        "stranger_admin": lambda: member_factory(org_factory("ot-blois"), "admin", "blois"),
    }
    actor = actors[who]()
    owner = request.getfixturevalue("office_admin")
    project = services.create_project(owner, "Existing project")

    def allowed(call) -> bool:
        try:
            call()
        except PermissionDenied:
            return False
        return True

    assert allowed(lambda: services.create_project(actor, "New", organisation=office)) is create
    assert allowed(lambda: services.validate_project(actor, project)) is validate
    assert allowed(lambda: services.create_key(actor, project)) is manage_keys
    assert allowed(lambda: services.add_webhook(actor, project, "https://hook.example/")) is (
        manage_keys
    )


def test_new_projects_wait_for_validation(office_admin):
    project = services.create_project(office_admin, "Gîtes app", languages=["fr", "en"])
    assert project.status == DiffusionProject.Status.PENDING
    assert project.organisation.slug == "ot-tours"
    assert project.languages == ["fr", "en"]
    with pytest.raises(ValueError, match="languages"):
        services.create_project(office_admin, "Bad", languages=["xx"])


def _every_stored_value() -> str:
    """Every row of every table, as text: where a secret must not be."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_raw_key_is_nowhere_in_the_database(api_key):
    key = ApiKey.objects.get(prefix=api_key.split(".")[0])
    assert key.key_hash == hash_key(api_key) and len(key.key_hash) == 64
    secret_part = api_key.split(".", 1)[1]
    assert len(secret_part) >= 40
    dump = _every_stored_value()
    assert key.key_hash in dump  # the dump does see the keys table
    assert secret_part not in dump and api_key not in dump


def test_rotate_and_revoke(api, api_key, office_admin):
    assert api.get("/api/v1/vocabularies/types").status_code == 200
    old = ApiKey.objects.get(key_hash=hash_key(api_key))
    new, raw = services.rotate_key(office_admin, old)
    old.refresh_from_db()
    assert old.revoked_at is not None and old.replaced_by == new
    assert api.get("/api/v1/vocabularies/types").status_code == 401
    fresh = api.__class__(headers={"X-API-Key": raw})
    assert fresh.get("/api/v1/vocabularies/types").status_code == 200
    services.revoke_key(office_admin, new)
    assert fresh.get("/api/v1/vocabularies/types").status_code == 401
    with pytest.raises(PermissionDenied):
        services.rotate_key(office_admin, new)


# Every service on projects, as each kind of actor: the network decides status, tier and
# requests; an organisation's admins manage their own projects; nobody else does anything.
MANAGE = {"network_admin", "office_admin"}
NETWORK = {"network_admin"}
OPERATIONS = {
    "update": (MANAGE, lambda a, p, k, w: services.update_project(a, p, name="Renamed")),
    "scope": (MANAGE, lambda a, p, k, w: services.set_scope(a, p, None)),
    "create_key": (MANAGE, lambda a, p, k, w: services.create_key(a, p)),
    "rotate_key": (MANAGE, lambda a, p, k, w: services.rotate_key(a, k)),
    "revoke_key": (MANAGE, lambda a, p, k, w: services.revoke_key(a, k)),
    "add_webhook": (MANAGE, lambda a, p, k, w: services.add_webhook(a, p, "https://h.example/")),
    "pause_webhook": (MANAGE, lambda a, p, k, w: services.set_webhook_active(a, w, False)),
    "remove_webhook": (MANAGE, lambda a, p, k, w: services.remove_webhook(a, w)),
    "validate": (NETWORK, lambda a, p, k, w: services.validate_project(a, p)),
    "suspend": (NETWORK, lambda a, p, k, w: services.suspend_project(a, p, "abuse")),
    "tier": (NETWORK, lambda a, p, k, w: services.set_tier(a, p, "premium")),
}
ACTORS = ["network_admin", "office_admin", "editor", "reader", "stranger_admin"]


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
@pytest.mark.parametrize("who", ACTORS)
def test_full_permission_matrix(who, operation, request, office, org_factory, member_factory):
    actors = {
        "network_admin": lambda: request.getfixturevalue("network_admin"),
        "office_admin": lambda: request.getfixturevalue("office_admin"),
        "editor": lambda: request.getfixturevalue("editor"),
        "reader": lambda: member_factory(office, "reader"),
        "stranger_admin": lambda: member_factory(org_factory("ot-blois"), "admin", "blois"),
    }
    actor = actors[who]()
    owner = request.getfixturevalue("office_admin")
    project = services.create_project(owner, "Existing project")
    key, _raw = services.create_key(owner, project)
    webhook, _secret = services.add_webhook(owner, project, "https://hook.example/")
    allowed_to, call = OPERATIONS[operation]
    try:
        call(actor, project, key, webhook)
    except PermissionDenied:
        allowed = False
    else:
        allowed = True
    assert allowed is (who in allowed_to)
    # and what a refused actor sees of the projects: nothing
    visible = set(services.projects_for(actor).values_list("pk", flat=True))
    assert (project.pk in visible) is (who in MANAGE)


def test_tier_sets_the_rate_limit(network_admin, office_admin):
    from opensit.diffusion.ratelimit import limit_for

    project = services.create_project(office_admin, "Busy site")
    basic = limit_for(project)
    services.set_tier(network_admin, project, "premium")
    project.refresh_from_db()
    assert project.tier == "premium" and limit_for(project) > basic
    with pytest.raises(ValueError, match="tier"):
        services.set_tier(network_admin, project, "gold")


def test_update_project_names_the_refused_field(office_admin):
    project = services.create_project(office_admin, "Site")
    with pytest.raises(ValueError, match="url"):
        services.update_project(office_admin, project, url="not a url")
    with pytest.raises(ValueError, match="status"):
        services.update_project(office_admin, project, status="active")
    with pytest.raises(ValueError, match="name"):
        services.update_project(office_admin, project, name="  ")
    services.update_project(office_admin, project, languages=["en", "fr"], intended_use="Maps")
    project.refresh_from_db()
    assert project.languages == ["en", "fr"] and project.intended_use == "Maps"
    assert project.status == "pending"


def test_paused_webhook_resumes_where_it_stopped(office_admin):
    project = services.create_project(office_admin, "Site")
    webhook, _secret = services.add_webhook(office_admin, project, "https://hook.example/")
    services.set_webhook_active(office_admin, webhook, False)
    webhook.refresh_from_db()
    assert webhook.active is False
    services.set_webhook_active(office_admin, webhook, True)
    webhook.refresh_from_db()
    assert webhook.active is True
    services.remove_webhook(office_admin, webhook)
    assert not project.webhooks.exists()
