"""Recording that a CSR handled a customer contact, whatever the knowledge used: link rate's denominator."""

from django.db import IntegrityError, transaction

from api.models import ReportedContact


def do_record_contact(user, contact_id, channel, service_token=None):
    """(contact, created): the same contact reported twice by the same CSR is one contact."""
    lookup = {"contact_id": contact_id, "user": user}
    defaults = {"channel": channel, "service_token": service_token}
    try:
        with transaction.atomic():
            return ReportedContact.objects.get_or_create(**lookup, defaults=defaults)
    except IntegrityError:  # the same report arrived twice at once
        return ReportedContact.objects.get(**lookup), False
