"""The audit log is typed: every `log_action` call in src/ writes a registered action (checked on
the source, so a new call site with a free or f-string action fails here before it runs), an
unregistered action is refused, the entry gets its action's object type, and secrets never
reach the log in clear."""

import ast
import json
from pathlib import Path

import pytest
from django.db import connection

from opensit.core import audit_types
from opensit.core.audit import UnregisteredAction, log_action
from opensit.core.audit_types import ACTIONS, CATALOG_WRITES, OBJECT_TYPES
from opensit.core.logmask import MASK, is_secret_key, mask_data
from opensit.core.models import AuditEntry
from opensit.diffusion import services as diffusion
from opensit.partners import tokens

SRC = Path(__file__).resolve().parents[2] / "src"


def _calls(name: str) -> list[tuple[Path, ast.Module, ast.Call]]:
    """Every call to a function called `name` (plain or as an attribute) in src/."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if called == name:
                    found.append((path, tree, node))
    return found


def _from_registry(tree: ast.Module, node: ast.expr) -> object:
    """The registry attribute an expression names (`X` imported from audit_types, or
    `audit_types.X`); None when it names something else."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        if node.value.id == "audit_types":
            return getattr(audit_types, node.attr, None)
        return None
    if isinstance(node, ast.Name):
        for stmt in ast.walk(tree):
            if isinstance(stmt, ast.ImportFrom) and stmt.module == "opensit.core.audit_types":
                for alias in stmt.names:
                    if (alias.asname or alias.name) == node.id:
                        return getattr(audit_types, alias.name, None)
    return None


def _registered(code: object) -> bool:
    return isinstance(code, str) and code in ACTIONS and not ACTIONS[code].legacy


def _unregistered_reason(tree: ast.Module, node: ast.expr) -> str:
    """Why an action argument is not a registered code ("" when it is one)."""
    if isinstance(node, ast.Constant):
        return "" if _registered(node.value) else f"{node.value!r} is not registered"
    if isinstance(node, ast.IfExp):
        return _unregistered_reason(tree, node.body) or _unregistered_reason(tree, node.orelse)
    if isinstance(node, ast.Subscript):  # a registry table: every value must be registered
        table = _from_registry(tree, node.value)
        if isinstance(table, dict) and table and all(map(_registered, table.values())):
            return ""
        return f"{ast.unparse(node)} is not a table of registered codes"
    if _registered(_from_registry(tree, node)):
        return ""
    return f"{ast.unparse(node)} is neither a literal nor a registry constant"


def test_every_log_action_call_writes_a_registered_action():
    calls = [(p, t, c) for p, t, c in _calls("log_action")]
    assert len(calls) >= 45  # the walk does find them (46 call sites when this was written)
    problems = []
    for path, tree, call in calls:
        action = call.args[1] if len(call.args) > 1 else None
        action = next((k.value for k in call.keywords if k.arg == "action"), action)
        reason = "no action" if action is None else _unregistered_reason(tree, action)
        if reason:
            problems.append(f"{path.relative_to(SRC)}:{call.lineno}: {reason}")
    assert problems == []


def test_the_walk_refuses_free_actions():
    """The checker itself: an f-string, a variable or an unknown literal are reported."""
    tree = ast.parse(
        "from opensit.core.audit_types import CATALOG_CREATE, CATALOG_WRITES\n"
        "log_action(a, f'catalog.{x}', 1)\nlog_action(a, action, 1)\n"
        "log_action(a, 'catalog.nothing', 1)\nlog_action(a, 'diffusion.project_active', 1)\n"
        "log_action(a, CATALOG_CREATE, 1)\nlog_action(a, CATALOG_WRITES[x], 1)\n"
    )
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    calls.sort(key=lambda node: node.lineno)
    reasons = [_unregistered_reason(tree, call.args[1]) for call in calls]
    assert [bool(reason) for reason in reasons] == [True, True, True, True, False, False]


def _literal_revision_actions() -> set[str]:
    """The revision actions `pipeline.commit` audits: the literal `action=` of `commit(...)`
    and `update_object(...)` calls (its default: update), and the catalog's `_set_status(...)`
    (4th argument)."""
    found = {"update"}
    for path, _tree, call in _calls("_set_status"):
        literal = len(call.args) > 3 and isinstance(call.args[3], ast.Constant)
        if literal and "catalog" in path.parts:
            found.add(call.args[3].value)
    for name in ("commit", "update_object"):
        for _path, _tree, call in _calls(name):
            for keyword in call.keywords:
                if keyword.arg == "action" and isinstance(keyword.value, ast.Constant):
                    found.add(keyword.value.value)
    return found


def test_every_catalog_write_has_its_audit_action():
    actions = _literal_revision_actions()
    assert {"create", "publish", "delete", "merge", "vocabulary", "restore"} <= actions
    assert actions == set(CATALOG_WRITES)
    assert all(code == f"catalog.{action}" for action, code in CATALOG_WRITES.items())


def test_every_action_has_a_label_and_a_known_object_type():
    for code, kind in ACTIONS.items():
        assert kind.code == code and str(kind.label) and str(kind.label) != code
        assert OBJECT_TYPES[kind.object_type.code] is kind.object_type


def test_the_migration_fills_the_types_the_registry_gives():
    """The migration's copy of the registry gives each code it knows the registry's type.
    (Codes registered after it never had rows without a type: `log_action` fills it.)"""
    from importlib import import_module

    frozen = import_module("opensit.core.migrations.0002_auditentry_object_type").OBJECT_TYPES
    copied = {code: kind for kind, codes in frozen.items() for code in codes}
    assert len(copied) > 50
    assert copied == {code: ACTIONS[code].object_type.code for code in copied}


@pytest.mark.django_db
def test_the_migration_fills_existing_rows():
    """Rows written before the field get their action's type; unknown actions keep ""."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("opensit.core.migrations.0002_auditentry_object_type")
    for action in ("catalog.create", "diffusion.project_active", "network.invite", "old.thing"):
        AuditEntry.objects.create(origin="system", action=action, object_id="1")
    migration.fill_object_types(apps, None)
    assert dict(AuditEntry.objects.values_list("action", "object_type")) == {
        "catalog.create": "tourism_object",
        "diffusion.project_active": "diffusion_project",
        "network.invite": "invitation",
        "old.thing": "",
    }


@pytest.fixture
def admin(org_factory, member_factory):
    return member_factory(org_factory("ot-tours"), "admin")


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["catalog.nonsense", "diffusion.project_active", ""])
def test_an_unregistered_or_legacy_action_is_refused(admin, action):
    with pytest.raises(ValueError, match=f"'{action}'") as refused:
        log_action(admin, action, "1")
    assert isinstance(refused.value, UnregisteredAction)
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_the_entry_gets_its_action_object_type(admin):
    entry = log_action(admin, "synonym.delete", 7, terms=["a", "b"])
    assert (entry.object_type, entry.object_id) == ("synonym", "7")
    assert log_action(admin, "quality.refreshed", objects=3).object_type == ""


def _stored_text() -> str:
    """Every audit entry as stored, data and all (what someone reading the table sees)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT action, object_id, data FROM core_auditentry")
        return json.dumps([list(map(str, row)) for row in cursor.fetchall()])


@pytest.mark.django_db
def test_key_rotation_and_token_creation_log_no_secret(admin):
    project = diffusion.create_project(admin, "Site of the office")
    key, first = diffusion.create_key(admin, project, "website")
    _new_key, second = diffusion.rotate_key(admin, key)
    token, raw_token = tokens.create_token(admin, admin.organisation)
    stored = _stored_text()
    assert {"diffusion.key_create", "diffusion.key_revoke", "partners.create_token"} <= set(
        AuditEntry.objects.values_list("action", flat=True)
    )
    for raw in (first, second, raw_token):
        secret_part = raw.partition(".")[2]
        assert len(secret_part) > 20 and secret_part not in stored
    # The prefix names the key in lists and cannot authenticate: it stays readable.
    assert key.prefix in stored and token.prefix in stored


@pytest.mark.django_db
def test_secret_data_is_masked_before_it_is_stored(admin):
    raw = "osk_1a2b3c4d.s3cr3t-v4lue-that-is-long"
    entry = log_action(
        admin,
        "diffusion.webhook_add",
        "1",
        url="https://bot:hunter2@hooks.example/in?channel=7&token=t0ken-value",
        webhook_secret=raw,
        password="hunter2",
        nested={"api_key": raw, "kept": "visible"},
    )
    entry.refresh_from_db()
    assert entry.data == {
        "url": f"https://bot:{MASK}@hooks.example/in?channel=7&token={MASK}",
        "webhook_secret": "…long",
        "password": "***",
        "nested": {"api_key": "…long", "kept": "visible"},
    }
    assert "s3cr3t" not in _stored_text() and "hunter2" not in _stored_text()


@pytest.mark.parametrize(
    ("key", "secret"),
    [
        ("token", True),
        ("api_key", True),
        ("webhook_secret", True),
        ("raw-key", True),
        ("Password", True),
        ("prefix", False),
        ("monkey", False),
        ("objects", False),
        ("email", False),
    ],
)
def test_secret_keys(key, secret):
    assert is_secret_key(key) is secret


def test_plain_data_is_unchanged():
    data = {"comment": "closed for works", "fields": ["name"], "objects": 3, "approved": True}
    assert mask_data(data) == data
