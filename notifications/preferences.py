"""Reading and saving a user's notification preferences."""

from django.db import transaction

from notifications.models import DEFAULT_DELIVERY, Delivery, DeliveryPreference, Interests


def current(user):
    """Initial data for the preferences form."""
    chosen = dict(DeliveryPreference.objects.filter(user=user).values_list("kind", "delivery"))
    interests = Interests.objects.filter(user=user).first()
    data = {f"delivery_{kind}": delivery for kind, delivery in chosen.items()}
    if interests:
        data["products"] = list(interests.products.all())
        data["tags"] = ", ".join(sorted(tag.name for tag in interests.tags.all()))
    return data


@transaction.atomic
def save(user, deliveries, products, tags):
    """Store one delivery per kind (the kind's default, live for most, stores nothing) and the interests."""
    DeliveryPreference.objects.filter(user=user).delete()
    DeliveryPreference.objects.bulk_create([
        DeliveryPreference(user=user, kind=kind, delivery=delivery)
        for kind, delivery in deliveries.items() if delivery != DEFAULT_DELIVERY.get(kind, Delivery.LIVE)
    ])
    interests, _created = Interests.objects.get_or_create(user=user)
    interests.products.set(products)
    interests.tags.set(tags)
