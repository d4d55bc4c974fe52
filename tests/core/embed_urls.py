"""A stand-in for the coming agent-desktop panel: one embeddable view beside Sportello's own URLs."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as sportello_urlpatterns
from core.csp import embeddable


@embeddable
def panel(request):
    return HttpResponse("<p>panel</p>")


urlpatterns = [path("panel-test/", panel), *sportello_urlpatterns]
