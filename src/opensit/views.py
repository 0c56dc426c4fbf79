"""The home page: what this instance holds, and where to go next.

Project-level, not in `core`: it counts catalog objects, and `core` is the app every other
app imports, so it imports none of them (docs/architecture.md, "The app map").
"""

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static

from opensit.catalog.models import TourismObject
from opensit.catalog.types import TYPES


def home(request: HttpRequest) -> HttpResponse:
    """The published objects counted by type (the template stays in core/templates)."""
    counts = (
        TourismObject.objects.filter(status=TourismObject.Status.PUBLISHED)
        .values("type_root")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    rows = [(TYPES[row["type_root"]].label(request.LANGUAGE_CODE), row["n"]) for row in counts]
    return render(request, "core/home.html", {"rows": rows, "total": sum(n for _, n in rows)})


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says: the static icon."""
    return redirect(static("core/favicon.ico"))
