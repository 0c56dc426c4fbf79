"""Logging out of the back-office: only by POST.

Wagtail's logout view refuses a GET with a 405, but still deletes the session cookie and says
"logged out" on the way: any link or image pointing at /admin/logout/ logged staff out. Here a
GET shows a confirmation form, and only its POST (with the CSRF token) ends the session.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from wagtail.admin.views.account import LogoutView as WagtailLogoutView


class LogoutView(WagtailLogoutView):
    http_method_names = ["get", "post", "options"]

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.method == "GET":
            if not request.user.is_authenticated:
                return redirect("wagtailadmin_login")
            return TemplateResponse(request, "backoffice/logout_confirm.html", {})
        return super().dispatch(request, *args, **kwargs)
