"""Root URL configuration: each app contributes its own urls module."""

from django.contrib import admin
from django.urls import include, path

from opensit.core.views import home

urlpatterns = [
    path("", home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
]
