"""Making, checking and revoking API tokens.

A token is `spt_` (personal) or `sps_` (service) followed by 256 random bits, URL-safe base64. Only its
SHA-256 is stored: the secret is random and long, so a fast hash loses nothing against guessing, and a
request is checked with one indexed lookup. The whole token is shown once, when it is made.
"""

import hashlib
import logging
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts import roles
from api.models import PersonalAccessToken, ServiceToken

logger = logging.getLogger(__name__)

PERSONAL_PREFIX, SERVICE_PREFIX = "spt_", "sps_"
SHOWN_PREFIX_LENGTH = 10
# `last_used_at` is written at most this often per token: not one write per API call.
LAST_USED_RESOLUTION = timedelta(minutes=1)
PERSONAL_LIFETIMES_DAYS = (30, 90, 180, 365)
ACT_AS_HEADER = "X-Sportello-User"


class TokenRefused(Exception):
    """The token or the user it names cannot be used; `status` says whether to answer 401 or 403."""

    def __init__(self, message, status=401):
        super().__init__(message)
        self.status = status


def digest(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


def new_secret(prefix):
    return prefix + secrets.token_urlsafe(32)


def create_personal_token(user, name, lifetime_days):
    """A new token for `user`: returns (the stored token, the secret to show once)."""
    raw = new_secret(PERSONAL_PREFIX)
    token = PersonalAccessToken.objects.create(
        user=user, name=name, prefix=raw[:SHOWN_PREFIX_LENGTH], token_hash=digest(raw),
        expires_at=timezone.now() + timedelta(days=lifetime_days),
    )
    logger.info("personal token created user=%s token=%s", user.pk, token.pk)
    return token, raw


def create_service_token(name, user, may_act_as_users=False, expires_at=None, created_by=None):
    """A new integration token: returns (the stored token, the secret to show once)."""
    raw = new_secret(SERVICE_PREFIX)
    token = ServiceToken.objects.create(
        name=name, user=user, may_act_as_users=may_act_as_users, expires_at=expires_at,
        prefix=raw[:SHOWN_PREFIX_LENGTH], token_hash=digest(raw), created_by=created_by,
    )
    logger.info("service token created token=%s by=%s", token.pk, getattr(created_by, "pk", None))
    return token, raw


def revoke(token):
    type(token).objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    logger.info("token revoked kind=%s token=%s", token.kind, token.pk)


def access_personal_token(user, pk):
    """The user's own token `pk` (revoked or not), or DoesNotExist: nobody reaches another's tokens."""
    return PersonalAccessToken.objects.get(user=user, pk=pk)


def find(raw):
    """The usable token whose secret is `raw`, with its user, or TokenRefused."""
    if raw.startswith(PERSONAL_PREFIX):
        model = PersonalAccessToken
    elif raw.startswith(SERVICE_PREFIX):
        model = ServiceToken
    else:
        raise TokenRefused("Unknown token format: Sportello tokens start with spt_ or sps_.")
    token = model.objects.select_related("user").filter(token_hash=digest(raw)).first()
    if token is None or token.revoked_at is not None:
        raise TokenRefused("Invalid or revoked token.")
    if token.is_expired:
        raise TokenRefused("This token has expired.")
    if not token.user.is_active:
        raise TokenRefused("The account of this token is disabled.")
    return token


def acting_user(token, named):
    """Whom the request runs as: the token's user, or for a service token allowed to, the named CSR."""
    if not named:
        return token.user
    if named == token.user.get_username():
        return token.user
    if not isinstance(token, ServiceToken):
        raise TokenRefused(f"Only a service token may name another user in {ACT_AS_HEADER}.", status=403)
    if not token.may_act_as_users:
        raise TokenRefused(f"This integration may not act for CSRs ({ACT_AS_HEADER}).", status=403)
    user = get_user_model().objects.filter(username=named, is_active=True).first()
    if user is None:
        raise TokenRefused(f"{ACT_AS_HEADER} names no active user.", status=403)
    if user.is_superuser or user.is_staff or roles.has_role(user, roles.ADMINISTRATOR):
        # An integration acts for the people who take contacts: a leaked CRM token must not become an
        # administrator's reach into every restricted article and private space.
        raise TokenRefused(f"An integration may not act for an administrator ({ACT_AS_HEADER}).", status=403)
    return user


def authenticate(raw, named=None):
    """(user, token) for a request carrying `raw`, acting as `named` if given; else TokenRefused."""
    token = find(raw)
    user = acting_user(token, named)
    touch(token)
    return user, token


def touch(token, now=None):
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        type(token).objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
