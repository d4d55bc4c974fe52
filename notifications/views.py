"""The inbox and the preferences page. Live delivery is in core.consumers; these work without JavaScript."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from notifications import preferences, services
from notifications.forms import PreferencesForm
from notifications.models import Notification
from notifications.rendering import sentence

PAGE_SIZE = 30


def inbox(request):
    page = Paginator(Notification.objects.filter(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    items = [(n, sentence(n.kind, n.subject, n.actor, n.detail)) for n in page]
    return render(request, "notifications/inbox.html", {"page": page, "items": items})


@require_GET
def open_notification(request, pk):
    """Mark the notification read and go where it points."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    if notification.read_at is None:
        Notification.objects.filter(pk=pk).update(read_at=timezone.now())
    target = notification.url
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "notifications:inbox"
    return redirect(target)


@require_POST
def mark_all_read(request):
    count = services.mark_read(request.user)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"marked": count, "unread": 0})
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:inbox")


def preferences_view(request):
    form = PreferencesForm(request.POST or None, initial=preferences.current(request.user), user=request.user)
    if request.method == "POST" and form.is_valid():
        preferences.save(request.user, form.deliveries(), form.cleaned_data["products"], form.cleaned_data["tags"])
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
