"""Login throttling: django-axes, with one limit per account and a higher one per client address.

Axes compares every lockout parameter with a single AXES_FAILURE_LIMIT. A contact center sends a whole
floor of operators through one address, so the address needs its own, higher limit: this handler counts
the account's failures against AXES_FAILURE_LIMIT and treats the address as locked once it reaches
LOGIN_FAILURES_PER_ADDRESS. Both count only failures newer than AXES_COOLOFF_TIME, and the lockout ends
by itself after it. Requires AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"], in that order.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render


def failures(attempts):
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LoginThrottleHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        """The account's recent failures, or the account limit itself when the address is over its own."""
        by_account, by_address = (failures(attempts) for attempts in self.get_user_attempts(request, credentials))
        if by_address >= settings.LOGIN_FAILURES_PER_ADDRESS:
            return max(by_account, get_failure_limit(request, credentials))
        return by_account

    def reset_user_attempts(self, request, credentials=None):
        """A successful login clears its account's failures only: logging in to one account (an attacker's
        own, say) must not wipe the failures counted against the address."""
        by_account = self.get_user_attempts(request, credentials)[0]
        count, _details = by_account.delete()
        return count


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out login gets, on either login page: a 429 page that says why and for how long."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"lockout_minutes": minutes}, status=429)
