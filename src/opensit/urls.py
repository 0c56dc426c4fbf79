"""Root URL configuration: each app contributes its own urls module."""

from django.contrib import admin
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls

from opensit import api
from opensit.backoffice.views.account import LogoutView
from opensit.views import favicon, home

urlpatterns = [
    path("", home, name="home"),
    path("favicon.ico", favicon),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # Before Wagtail's own logout, which a GET ended the session of (views/account.py).
    path("admin/logout/", LogoutView.as_view(), name="opensit_logout"),
    path("admin/", include(wagtailadmin_urls)),
    path("widgets/", include("opensit.widgets.urls")),
    path("", include("opensit.media.urls")),
    path("", include("opensit.backoffice.public_urls")),
    path("", include("opensit.connectors.urls")),
]
