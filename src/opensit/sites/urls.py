"""The URLs of a destination's host (`sites.middleware`): robots.txt and the sitemaps once
for every language; per language (French unprefixed, `/en/`...), the object detail pages
before Wagtail's pages, which serve the rest."""

from django.conf.urls.i18n import i18n_patterns
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls

from opensit.sites import map_views, sitemap_views, views

urlpatterns = [
    path("site.css", views.site_css, name="site_css"),
    path("favicon.ico", RedirectView.as_view(url=static("core/favicon.ico"))),
    path("robots.txt", sitemap_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap_views.sitemap_index, name="sitemap_index"),
    re_path(
        r"^sitemap-pages-(?P<lang>[a-z]{2,3})\.xml$",
        sitemap_views.sitemap_pages,
        name="sitemap_pages",
    ),
    path(
        "sitemap-objects-<str:lang>-<int:number>.xml",
        sitemap_views.sitemap_objects,
        name="sitemap_objects",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("opensit.media.urls")),
]
urlpatterns += i18n_patterns(
    re_path(views.OBJECT_PATH, views.object_detail, name="object_detail"),
    re_path(map_views.GPX_PATH, map_views.object_gpx, name="object_gpx"),
    path(
        "geojson/selection/<str:slug>/",
        map_views.selection_geojson,
        name="selection_geojson",
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
