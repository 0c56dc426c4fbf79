"""Serves a destination's host with the sites' URLs (`sites.urls`): its pages, its object
pages, its sitemaps and robots.txt. Other hosts get the platform (back office, API)."""

from collections.abc import Callable

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from opensit.sites import hosts
from opensit.sites.models import Destination


class DestinationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            destination_id = hosts.destination_id_for(request.get_host())
        except DisallowedHost:
            destination_id = None  # CommonMiddleware answers 400
        if destination_id is not None:
            request.urlconf = "opensit.sites.urls"
            request.destination = SimpleLazyObject(
                lambda: Destination.objects.select_related("site", "organisation", "logo").get(
                    pk=destination_id
                )
            )
        return self.get_response(request)
