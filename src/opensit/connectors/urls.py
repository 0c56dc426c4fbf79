"""Public URLs of the connectors: the address Apidae notifies its exports to."""

from django.urls import path

from opensit.connectors import views

urlpatterns = [
    path(
        "sources/apidae/<int:pk>/notification",
        views.apidae_notification,
        name="apidae_notification",
    ),
]
