"""The home page: what this instance holds, and where to go next."""

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from opensit.catalog.models import TourismObject
from opensit.catalog.types import TYPES


def home(request: HttpRequest) -> HttpResponse:
    counts = (
        TourismObject.objects.filter(status=TourismObject.Status.PUBLISHED)
        .values("type_root")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    rows = [(TYPES[row["type_root"]].label(request.LANGUAGE_CODE), row["n"]) for row in counts]
    return render(request, "core/home.html", {"rows": rows, "total": sum(n for _, n in rows)})
