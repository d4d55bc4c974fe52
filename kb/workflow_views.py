"""The approvals inbox and the one-click verification: Sportello pages, forms without JavaScript.

Approving is two steps on purpose: the approval page shows what is being approved and asks "Approve and
publish?"; the post acts and says what happened.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.menus import require_tool
from kb import approvals, verification


class ApprovalForm(forms.Form):
    action = forms.ChoiceField(choices=[(approvals.APPROVE, approvals.APPROVE), (approvals.REJECT, approvals.REJECT)])
    comment = forms.CharField(label=gettext_lazy("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == approvals.REJECT and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Say what should change: the author reads it."))
        return cleaned


@require_tool("approvals")
def approvals_inbox(request):
    items = [(task_state, approvals.page_of(task_state)) for task_state in approvals.pending_approvals(request.user)]
    return render(request, "kb/approvals.html", {"items": items})


@require_tool("approvals")
@require_http_methods(["GET", "POST"])
def approval(request, pk):
    """GET: what is submitted, with the confirmation form; POST: approve (publish) or request changes."""
    task_state = approvals.access_task_state(request.user, pk)
    page = approvals.page_of(task_state)
    form = ApprovalForm(request.POST or None, initial={"action": approvals.APPROVE})
    if request.method == "POST" and form.is_valid():
        action = form.cleaned_data["action"]
        page = approvals.do_act(request.user, task_state, action, form.cleaned_data["comment"].strip())
        page.refresh_from_db()
        if action == approvals.APPROVE and page.live and not page.has_unpublished_changes:
            messages.success(request, _("“%(title)s” is approved and published.") % {"title": page.title})
        elif action == approvals.APPROVE:
            messages.success(request, _("“%(title)s” is approved; it goes on to the next step.") % {"title": page.title})
        else:
            messages.success(request, _("Changes requested on “%(title)s”: the author is told.") % {"title": page.title})
        return redirect("kb:approvals")
    return render(request, "kb/approval.html", {"task_state": task_state, "page": page, "form": form}, status=400 if form.errors else 200)


@require_POST
def verify_article(request, pk):
    """ "Still correct": verify a live article in one click, then back where the button was."""
    page = verification.access_article_to_verify(request.user, pk)
    review_by = verification.do_verify(request.user, page)
    messages.success(
        request,
        _("“%(title)s” is verified. Next review by %(date)s.") % {"title": page.title, "date": formats.date_format(review_by, "d/m/Y")},
    )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = page.url or "/"
    return redirect(back)
