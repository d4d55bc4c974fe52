"""How the API knows who is calling: a bearer token, or the session of a logged-in page.

Tokens are read from the Authorization header only, never from the query string: URLs end up in
proxy and access logs, headers do not. Invalid tokens count against the client address like failed logins
(api.token_guessing).
"""

from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from api import token_guessing, tokens


class BearerTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer spt_…` (personal) or `sps_…` (service, optionally with X-Sportello-User).

    `request.user` is the user whose rights apply (the named CSR for a service token acting for one);
    `request.auth` is the token, for throttling and for recording which integration reported a use.
    """

    keyword = b"bearer"

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Malformed Authorization header: use 'Bearer <token>'.")
        wait = token_guessing.retry_after(request)
        if wait:
            raise exceptions.Throttled(wait, "Too many invalid tokens from this address.")
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            token_guessing.record_failure(request)
            raise exceptions.AuthenticationFailed("Invalid token.") from None
        try:
            return tokens.authenticate(raw, request.headers.get(tokens.ACT_AS_HEADER, "").strip())
        except tokens.TokenRefused as refused:
            if refused.status == 403:
                raise exceptions.PermissionDenied(str(refused)) from None
            token_guessing.record_failure(request)
            raise exceptions.AuthenticationFailed(str(refused)) from None

    def authenticate_header(self, request):
        return 'Bearer realm="sportello"'
