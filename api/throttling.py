"""Rate limits of the API: per token and per user, answered with 429 and Retry-After (DRF's own).

A service token acting for many CSRs is limited as a whole (`token`) and each CSR on their own
(`user`), so one busy desk cannot starve the others. Rates come from REST_FRAMEWORK's
DEFAULT_THROTTLE_RATES, read at each request so a settings change applies without a restart of the class.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from api.models import PersonalAccessToken, ServiceToken


class LiveRateThrottle(SimpleRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class TokenRateThrottle(LiveRateThrottle):
    scope = "token"

    def get_cache_key(self, request, view):
        token = request.auth
        if not isinstance(token, (PersonalAccessToken, ServiceToken)):
            return None
        return self.cache_format % {"scope": self.scope, "ident": f"{token.kind}-{token.pk}"}


class UserRateThrottle(LiveRateThrottle):
    scope = "user"

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
