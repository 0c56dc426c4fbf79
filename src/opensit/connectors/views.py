"""The public address Apidae notifies an export to (`/sources/apidae/<id>/notification`): no
login and no CSRF token (Apidae posts a form), the source's secret in the URL instead. The
checks and the run are in `opensit.connectors.apidae_notifications.receive_notification`."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from opensit.connectors import apidae_notifications


@csrf_exempt
@require_POST
def apidae_notification(request: HttpRequest, pk: int) -> JsonResponse:
    """202 with the run's id; a 4xx naming the field at fault otherwise."""
    token = request.GET.get("token") or request.POST.get("token") or ""
    try:
        run = apidae_notifications.receive_notification(pk, token, request.POST)
    except apidae_notifications.NotificationRefused as exc:
        return JsonResponse({"field": exc.field, "error": str(exc)}, status=exc.status)
    return JsonResponse({"run": run.pk, "status": run.status}, status=202)
