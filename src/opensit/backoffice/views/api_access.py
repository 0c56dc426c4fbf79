"""The public "Request API access" page: anyone asks, the network admins decide in the
back-office (`opensit.diffusion.access_requests`)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from opensit.backoffice.forms.projects import AccessRequestForm
from opensit.diffusion import access_requests


def request_access(request: HttpRequest) -> HttpResponse:
    form = AccessRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            sent = access_requests.submit(
                terms_accepted=data.pop("terms"),
                notify_url=request.build_absolute_uri(reverse("opensit_projects")),
                **data,
            )
        except access_requests.RequestError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            return render(request, "backoffice/api_access.html", {"sent": sent}, status=201)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "backoffice/api_access.html",
        {"form": form, "docs_url": reverse("api-v1:openapi-view")},
        status=status,
    )
