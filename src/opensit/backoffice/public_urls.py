"""Back-office pages reached without logging in: accepting an invitation (the token is the key)."""

from django.urls import path

from opensit.backoffice.views import members

urlpatterns = [
    path("<str:token>/", members.invitation_accept, name="opensit_invitation_accept"),
]
