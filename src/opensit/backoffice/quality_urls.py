"""The data quality screens, mounted inside the Wagtail admin at /admin/quality/ (their URL
names stay `opensit_quality*`)."""

from collections.abc import Callable

from django.urls import URLPattern, path

from opensit.backoffice.guard import refusals_as_403
from opensit.backoffice.views.quality import dashboard, duplicates, freshness, objects


def route(pattern: str, view: Callable, name: str) -> URLPattern:
    return path(pattern, refusals_as_403(view), name=name)


urlpatterns = [
    route("", dashboard.organisation_dashboard, "opensit_quality"),
    route("network/", dashboard.network_dashboard, "opensit_quality_network"),
    route("freshness/", freshness.stale_list, "opensit_quality_freshness"),
    route("freshness/remind/", freshness.remind, "opensit_quality_remind"),
    route("objects/<str:pk>/", objects.object_quality, "opensit_quality_object"),
    route("duplicates/", duplicates.duplicate_list, "opensit_quality_duplicates"),
    route("duplicates/dismiss/", duplicates.dismiss, "opensit_quality_dismiss"),
    route("duplicates/<str:first>/<str:second>/", duplicates.merge, "opensit_quality_merge"),
]
