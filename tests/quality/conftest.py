import pytest


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Users are created in almost every test: Argon2 would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
