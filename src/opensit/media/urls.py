"""Uploaded files (images, renditions, documents) served by Django when OPENSIT_SERVE_MEDIA is
on, so that `make run` and small deployments need no front server; documents through Wagtail's
serve view (it counts downloads, checks collection privacy and sends them as attachments),
never straight from the folder."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail.documents import urls as wagtaildocs_urls


def media_file(request: HttpRequest, path: str) -> HttpResponse:
    """An uploaded image or rendition, from MEDIA_ROOT as configured now."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [path("documents/", include(wagtaildocs_urls))]
if settings.OPENSIT_SERVE_MEDIA:
    prefix = settings.MEDIA_URL.strip("/")
    urlpatterns.append(re_path(rf"^{prefix}/(?!documents/)(?P<path>.*)$", media_file))
