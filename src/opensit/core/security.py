"""Login lockout (django-axes) for every HTTP login: the Wagtail admin and Django's admin.

Axes counts failures per username and client address; it needs the request. Logins made in
code without a request (a console session, `Client.login` in tests) have no address to lock
and no attacker on the other side, so they pass through to the next backend.
"""

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):
    """Axes' standalone backend, first in AUTHENTICATION_BACKENDS; it never logs anyone in."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
