"""The inbox and the preferences page. Live delivery is in core.consumers; these work without JavaScript."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from notifications import inbox as inbox_view
from notifications import preferences, services
from notifications.forms import PreferencesForm
from notifications.inbox import InboxFilterForm
from notifications.models import Kind, Notification

PAGE_SIZE = 30


def inbox(request):
    """Filtered (kind, unread) with a plain GET form, grouped by day and kind; an unknown kind is a 400."""
    form = InboxFilterForm(request.GET or None, user=request.user)
    valid = form.is_valid() if request.GET else True
    chosen = form.cleaned_data if request.GET and valid else {}
    notifications = inbox_view.notifications_for(request.user, chosen.get("kind", ""), chosen.get("unread", False))
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "days": inbox_view.grouped(request.user, page), "form": form, "kind": chosen.get("kind", ""), "today": timezone.localdate()}
    return render(request, "notifications/inbox.html", context, status=200 if valid else 400)


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
    """Mark all read, or all of one kind when the inbox was filtered by it."""
    kind = request.POST.get("kind", "")
    if kind and kind not in Kind.values:
        return HttpResponseBadRequest(_("Unknown kind of notification."))
    count = services.mark_read(request.user, kind=kind or None)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"marked": count, "unread": 0})
    messages.success(request, _("All notifications are marked as read."))
    return redirect(reverse("notifications:inbox") + (f"?kind={kind}" if kind else ""))


def preferences_view(request):
    form = PreferencesForm(request.POST or None, initial=preferences.current(request.user), user=request.user)
    if request.method == "POST" and form.is_valid():
        preferences.save(request.user, form.deliveries(), form.cleaned_data["products"], form.cleaned_data["tags"])
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
