"""Back-office pages reached without logging in: accepting an invitation (the token is the key)
and asking for API access."""

from django.urls import path

from opensit.backoffice.views import api_access, members

urlpatterns = [
    path("invitations/<str:token>/", members.invitation_accept, name="opensit_invitation_accept"),
    path("api-access/", api_access.request_access, name="api_access_request"),
]
