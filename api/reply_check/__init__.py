"""The "non dire" guard: a CSR's draft reply checked against ongoing crises' "what not to say", expired
offers' codes and prices and revoked certified answers (checks), with rules derived from published content
and cached per process (rules), both sides read the same way (wording)."""

from api.reply_check.checks import check_reply

__all__ = ["check_reply"]
