"""Probes for a load balancer and monitoring: /healthz (the process answers) and /readyz (it can serve)."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import health


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """Liveness: answers without touching the database, Redis or Elasticsearch."""
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
@require_GET
def readyz(request):
    """Readiness: 200 "ok" or "degraded" (pages answer, something is missing), 503 "unavailable"."""
    status, checks = health.readiness()
    return JsonResponse({"status": status, "checks": checks}, status=503 if status == "unavailable" else 200)
