"""The settings of the worker processes the lost-worker tests start: OpenSIT's, with sources
allowed on the loopback (the test's stalling HTTP server)."""

from opensit.settings import *  # noqa: F403

OPENSIT_SOURCES_ALLOW_PRIVATE = True
