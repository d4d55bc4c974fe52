"""The one policy of `/api/v1/`: who may call (a token or the pages' session), how often, and the
shape of errors. Every v1 view derives from `ApiView`."""

from django.http import JsonResponse
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from api.authentication import BearerTokenAuthentication
from api.models import ServiceToken
from api.throttling import TokenRateThrottle, UserRateThrottle
from search import service


class ApiView(APIView):
    # The token first: an anonymous call gets 401 with `WWW-Authenticate: Bearer`.
    authentication_classes = [BearerTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]
    throttle_classes = [TokenRateThrottle, UserRateThrottle]
    # JSON, or a plain form post; nothing here takes a file, so multipart is refused with 415.
    parser_classes = [JSONParser, FormParser]

    def handle_exception(self, exc):
        # Search's own per-user bounds (search.throttle) answer like the API's throttles: 429, Retry-After.
        if isinstance(exc, service.Throttled):
            exc = exceptions.Throttled(wait=exc.retry_after)
        return super().handle_exception(exc)

    def validated(self, serializer_class, data):
        """The input, validated; a 400 naming each wrong field otherwise."""
        serializer = serializer_class(data=data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


def integration(request):
    """The service token a request came through, if any: recorded with what it reports."""
    return request.auth if isinstance(request.auth, ServiceToken) else None


def not_found(request, *args, **kwargs):
    return JsonResponse({"detail": "No such API resource."}, status=404)
