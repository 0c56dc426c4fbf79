"""Security: login lockout (django-axes) on both admin logins, the Content-Security-Policy and
the other security headers, cookie flags, HTTPS settings from the environment, and password
reset links that work once and expire."""

import json
import re
import subprocess
import sys

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from opensit.network.models import Membership

PASSWORD = "correct horse battery staple"
WAGTAIL_LOGIN = "/admin/login/"
DJANGO_LOGIN = "/django-admin/login/"


@pytest.fixture
def staff(org_factory, django_user_model):
    """Two staff members of a tourist office (admin access through their membership)."""
    office = org_factory("ot-tours")
    users = []
    for name in ("alice", "bruno"):
        user = django_user_model.objects.create_user(
            name, email=f"{name}@ot-tours.example", password=PASSWORD, is_staff=True
        )
        Membership.objects.create(user=user, organisation=office, role="editor")
        users.append(user)
    return users


def _login(client: Client, url: str, username: str, password: str):
    return client.post(url, {"username": username, "password": password})


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("url", [WAGTAIL_LOGIN, DJANGO_LOGIN])
def test_repeated_failures_lock_the_account_even_for_the_right_password(settings, staff, url):
    alice, bruno = staff
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5  # the default of OPENSIT_AXES_FAILURE_LIMIT
    client = Client()
    for _attempt in range(limit - 1):
        response = _login(client, url, alice.username, "wrong")
        assert response.status_code == 200  # the form again, with its error
    assert not _logged_in(client)
    response = _login(client, url, alice.username, "wrong")
    assert response.status_code == 429
    response = _login(client, url, alice.username, PASSWORD)
    assert response.status_code == 429
    assert not _logged_in(client)
    # Another user, from the same address, is not locked.
    other = Client()
    response = _login(other, url, bruno.username, PASSWORD)
    assert response.status_code == 302
    assert _logged_in(other)


@pytest.mark.django_db
def test_a_success_before_the_limit_resets_the_count(settings, staff):
    alice, _bruno = staff
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, WAGTAIL_LOGIN, alice.username, "wrong")
    assert _login(client, WAGTAIL_LOGIN, alice.username, PASSWORD).status_code == 302
    client.logout()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, WAGTAIL_LOGIN, alice.username, "wrong")
    assert _login(client, WAGTAIL_LOGIN, alice.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_security_headers_on_pages_and_api(client):
    for url in ("/", WAGTAIL_LOGIN, "/api/v1/openapi.json"):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        directives = dict(
            (part.split()[0], part.split()[1:]) for part in policy.split("; ") if part.strip()
        )
        assert directives["default-src"] == ["'self'"]
        # No inline or eval'd script; only nonces (given to Leaflet's map starter) beside 'self'.
        assert directives["script-src"][0] == "'self'"
        assert all(source.startswith("'nonce-") for source in directives["script-src"][1:])
        assert directives["style-src"] == ["'self'"]  # no style attributes or elements
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["object-src"] == ["'none'"]
        assert not any("http" in source for source in directives["script-src"])  # no CDN
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_csp_built_once_is_django_csps_policy_and_follows_the_settings(client, settings):
    from csp.utils import build_policy

    api = client.get("/api/v1/openapi.json")
    assert api["Content-Security-Policy"] == build_policy()  # django-csp's, from the settings
    assert "Content-Security-Policy-Report-Only" not in api
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"img-src": ["'self'"]}}
    again = client.get("/api/v1/openapi.json")
    assert again["Content-Security-Policy"] == build_policy() == "default-src 'none'"
    report_only = again["Content-Security-Policy-Report-Only"]
    assert report_only == build_policy(report_only=True) and "img-src 'self'" in report_only


@pytest.mark.django_db
def test_a_page_that_uses_a_nonce_gets_it_in_its_policy(rf):
    from django.http import HttpResponse

    from opensit.core.csp import CSPMiddleware

    def view(request):
        return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")

    request = rf.get("/")
    response = CSPMiddleware(view)(request)
    nonce = str(request._csp_nonce)
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    assert nonce in response.content.decode()


@pytest.mark.django_db
def test_cookies_are_httponly_and_samesite_lax_and_secure_when_asked(settings, staff):
    client = Client()
    response = client.get(WAGTAIL_LOGIN)
    csrf = response.cookies["csrftoken"]
    assert csrf["httponly"] and csrf["samesite"] == "Lax" and not csrf["secure"]
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    client = Client()
    client.get(WAGTAIL_LOGIN)
    response = _login(client, WAGTAIL_LOGIN, staff[0].username, PASSWORD)
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax" and session["secure"]
    assert response.cookies["csrftoken"]["secure"]


@pytest.mark.django_db
def test_https_redirect_and_hsts_when_enabled(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    client = Client()
    response = client.get("/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    response = client.get("/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000"


SETTINGS_PROBE = """
import importlib, json, os
s = importlib.import_module(os.environ["PROBED_SETTINGS"])
print(json.dumps({
    "hashers": s.PASSWORD_HASHERS, "static": s.STORAGES["staticfiles"]["BACKEND"],
    "session_secure": s.SESSION_COOKIE_SECURE, "csrf_secure": s.CSRF_COOKIE_SECURE,
    "redirect": s.SECURE_SSL_REDIRECT, "hsts": s.SECURE_HSTS_SECONDS,
    "axes_limit": s.AXES_FAILURE_LIMIT, "reset": s.PASSWORD_RESET_TIMEOUT,
    "img_src": s.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
}))
"""


def _settings_with(module: str = "opensit.settings", **env: str) -> dict:
    base = {"PATH": "/usr/bin:/bin", "OPENSIT_DATABASE_URL": "", "PROBED_SETTINGS": module}
    result = subprocess.run(
        [sys.executable, "-c", SETTINGS_PROBE],
        env={**base, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_settings_follow_the_environment():
    plain = _settings_with()  # `make run`: plain http on 127.0.0.1 keeps working
    assert (plain["session_secure"], plain["redirect"], plain["hsts"]) == (False, False, 0)
    assert plain["axes_limit"] == 5 and plain["reset"] == 86400
    assert plain["img_src"] == ["'self'", "data:", "blob:", "https://tile.openstreetmap.org"]
    assert plain["hashers"][0].endswith("Argon2PasswordHasher")
    assert plain["static"].startswith("whitenoise.")
    # The suite's settings: a fast hasher, no manifest, no tile host; production never has them.
    tests = _settings_with("opensit.settings_test")
    assert tests["hashers"] == ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert tests["img_src"] == ["'self'", "data:", "blob:"]
    assert tests["static"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    https = _settings_with(OPENSIT_HTTPS="1")
    assert https["session_secure"] and https["csrf_secure"] and https["redirect"]
    assert https["hsts"] == 31536000
    cookies_only = _settings_with(OPENSIT_SECURE_COOKIES="1")
    assert cookies_only["session_secure"] and not cookies_only["redirect"]
    tuned = _settings_with(
        OPENSIT_AXES_FAILURE_LIMIT="3",
        OPENSIT_PASSWORD_RESET_SECONDS="600",
        OPENSIT_MAP_TILES="https://{s}.tile.example.org/{z}/{x}/{y}.png",
    )
    assert tuned["axes_limit"] == 3 and tuned["reset"] == 600
    assert "https://*.tile.example.org" in tuned["img_src"]


def _reset_link(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/admin/password_reset/confirm/[^\s]+/)", body)
    assert match, body
    return match.group(1)


@pytest.mark.django_db
def test_password_reset_by_email_works_once(staff):
    alice = staff[0]
    client = Client()
    response = client.post("/admin/password_reset/", {"email": alice.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [alice.email]
    link = _reset_link(mail.outbox[0].body)
    response = client.get(link, follow=True)
    assert response.context["validlink"] is True
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "a new Passw0rd!x", "new_password2": "a new Passw0rd!x"}
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("a new Passw0rd!x")
    # The link is spent: the password it was made for has changed.
    response = Client().get(link, follow=True)
    assert response.context["validlink"] is False


@pytest.mark.django_db
def test_password_reset_link_expires(settings, staff):
    alice = staff[0]
    settings.PASSWORD_RESET_TIMEOUT = 3600
    generator = PasswordResetTokenGenerator()
    now = generator._num_seconds(generator._now())
    uid = urlsafe_base64_encode(force_bytes(alice.pk))
    fresh = generator._make_token_with_timestamp(alice, now - 3500, generator.secret)
    stale = generator._make_token_with_timestamp(alice, now - 3700, generator.secret)
    response = Client().get(f"/admin/password_reset/confirm/{uid}/{fresh}/", follow=True)
    assert response.context["validlink"] is True
    response = Client().get(f"/admin/password_reset/confirm/{uid}/{stale}/", follow=True)
    assert response.context["validlink"] is False
    assert not alice.check_password("anything") and alice.check_password(PASSWORD)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/admin/logout/", "/django-admin/logout/"])
def test_logout_by_get_does_not_end_the_session(staff, url):
    """A link or an image pointing at the logout URL must not log anybody out: GET shows a
    confirmation form (or is refused), only a POST with the CSRF token logs out."""
    alice, _bruno = staff
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.get(url)
    assert response.status_code in (200, 405)
    assert "sessionid" not in response.cookies or response.cookies["sessionid"].value
    assert _logged_in(client)
    assert client.get("/admin/").status_code == 200
    if response.status_code == 200:
        assert b'method="post"' in response.content and b"csrfmiddlewaretoken" in response.content
    # A POST without the token (a forged form on another site) is refused, too.
    assert client.post(url).status_code == 403
    assert _logged_in(client)


@pytest.mark.django_db
def test_logout_by_post_ends_the_session(staff):
    alice, _bruno = staff
    client = Client()
    client.force_login(alice)
    response = client.post("/admin/logout/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert not _logged_in(client)
    assert client.get("/admin/").status_code == 302
