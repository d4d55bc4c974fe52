from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def crisis_banners(request):
    """The banners fragment, in the user's language: pages fetch it when a crisis event arrives."""
    return render(request, "includes/crisis_banners.html")
