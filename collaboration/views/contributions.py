"""Best practices, market needs and reports on knowledge-base articles."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.menus import require_tool
from collaboration import access
from collaboration.actions import contributions, promotion, reviews, votes
from collaboration.actions.editing import EditConflict
from collaboration.actions.questions import can_edit, check_can_edit
from collaboration.forms import (
    EditNeedForm,
    EditPracticeForm,
    NeedForm,
    NeedStatusForm,
    PracticeForm,
    ReplyForm,
    ReportForm,
    SupportForm,
)
from collaboration.models import ArticleReport, MarketNeed
from collaboration.supporters import need_supporters, with_supporters
from collaboration.views.helpers import (
    edit_conflict_form,
    form_errors_from,
    paginate,
    promote_and_edit,
    round_trip,
    run_and_return,
    run_with_form,
)
from collaboration.spaces import usual_space
from kb.models import ArticlePage
from search import service as search_service


def practices(request):
    items = access.visible_practices(request.user).select_related("author", "space").prefetch_related("tags")
    return render(request, "collaboration/practices.html", {"practices": paginate(request, items.order_by("-score", "-created_at"))})


def share_practice(request):
    spaces = access.spaces_with(request.user, access.POST)
    form = PracticeForm(request.POST or None, spaces=spaces, initial={"space": usual_space(request.user, spaces)})
    if request.method == "POST" and form.is_valid() and not request.POST.get("preview"):
        data = form.cleaned_data
        try:
            practice = contributions.do_share_practice(request.user, data["space"], data["title"], data["body"], data["product"], data["tags"])
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Thank you: your practice is shared."))
            return redirect("collaboration:practice", practice.pk)
    return render(request, "collaboration/practice_form.html", {"form": form, **round_trip(request, "title", "body", ())})


def practice_detail(request, pk):
    practice = access.access_practice(request.user, pk)
    return render(request, "collaboration/practice.html", {
        "practice": practice, "can_promote": promotion.can_promote(request.user),
        "pending_review": promotion.pending_review(request.user, practice.promoted_page),
        "can_edit": can_edit(request.user, practice, practice.space),
        "revisions": practice.revisions.select_related("editor")[:10],
    })


def edit_practice(request, pk):
    practice = access.access_practice(request.user, pk)
    check_can_edit(request.user, practice, practice.space)
    form_kwargs = {"spaces": access.readable_spaces(request.user).filter(pk=practice.space_id)}
    form = EditPracticeForm(request.POST or None, initial={
        "space": practice.space, "title": practice.title, "body": practice.body, "product": practice.product,
        "tags": ", ".join(practice.tags.names()), "version": practice.version,
    }, **form_kwargs)
    conflict = None
    if request.method == "POST" and form.is_valid() and not request.POST.get("preview"):
        data = form.cleaned_data
        try:
            contributions.do_edit_practice(
                request.user, practice, data["title"], data["body"], data["product"], data["tags"], version=data["version"]
            )
        except EditConflict as error:
            conflict, form = error, edit_conflict_form(EditPracticeForm, request, error, **form_kwargs)
        else:
            messages.success(request, _("Practice updated; every earlier text is in its history."))
            return redirect("collaboration:practice", practice.pk)
    return render(request, "collaboration/edit_practice.html", {
        "form": form, "practice": practice, "conflict": conflict, **round_trip(request, "title", "body", ()),
    })


@require_POST
def practice_useful(request, pk):
    practice = access.access_practice(request.user, pk)
    votes.do_vote(request.user, practice, 0 if request.POST.get("value") == "clear" else 1)
    return redirect("collaboration:practice", pk)


@require_POST
def promote_practice(request, pk):
    practice = access.access_practice(request.user, pk)
    return promote_and_edit(
        request, lambda: promotion.do_promote_practice(request.user, practice), ("collaboration:practice", pk)
    )


def needs(request):
    """Market needs ranked by support: operators who heard it, then customers affected."""
    items = access.visible_needs(request.user).select_related("product", "space")
    status = request.GET.get("status")
    if status in MarketNeed.Status.values:
        items = items.filter(status=status)
    items = with_supporters(items).order_by(F("supporters").desc(), F("customers_affected").desc(), "-created_at")
    return render(request, "collaboration/needs.html", {
        "needs": paginate(request, items), "statuses": MarketNeed.Status.choices, "status": status,
    })


def flag_need(request):
    spaces = access.spaces_with(request.user, access.POST)
    form = NeedForm(request.POST or None, spaces=spaces, initial={"space": usual_space(request.user, spaces)})
    if request.method == "POST" and form.is_valid() and not request.POST.get("preview"):
        data = form.cleaned_data
        try:
            need = contributions.do_flag_need(
                request.user, data["space"], data["title"], data["customers_ask"], data["frequency"],
                data["customers_affected"], data["channel"], data["product"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Thank you: the business will see this need."))
            return redirect("collaboration:need", need.pk)
    return render(request, "collaboration/need_form.html", {
        "form": form, **round_trip(request, "title", "customers_ask", search_service.SIMILAR_NEED_TYPES),
    })


def need_detail(request, pk):
    need = access.access_need(request.user, pk)
    return render(request, "collaboration/need.html", {
        "need": need,
        "supporters": need_supporters(need),
        "supports": need.supports.exclude(user=need.author_id).select_related("user"),
        "changes": need.status_changes.select_related("changed_by"),
        "supported": need.supports.filter(user=request.user).exists(),
        "support_form": SupportForm(),
        "status_form": NeedStatusForm(initial={"status": need.status}),
        "can_decide": contributions.can_decide_needs(request.user),
        "can_edit": can_edit(request.user, need, need.space),
        "revisions": need.revisions.select_related("editor")[:10],
    })


def edit_need(request, pk):
    need = access.access_need(request.user, pk)
    check_can_edit(request.user, need, need.space)
    form = EditNeedForm(request.POST or None, initial={
        "title": need.title, "customers_ask": need.customers_ask, "frequency": need.frequency,
        "channel": need.channel, "product": need.product, "version": need.version,
    })
    conflict = None
    if request.method == "POST" and form.is_valid() and not request.POST.get("preview"):
        data = form.cleaned_data
        try:
            contributions.do_edit_need(
                request.user, need, data["title"], data["customers_ask"], data["frequency"], data["channel"],
                data["product"], version=data["version"],
            )
        except EditConflict as error:
            conflict, form = error, edit_conflict_form(EditNeedForm, request, error)
        else:
            messages.success(request, _("Need updated; every earlier text is in its history."))
            return redirect("collaboration:need", need.pk)
    return render(request, "collaboration/edit_need.html", {
        "form": form, "need": need, "conflict": conflict, **round_trip(request, "title", "customers_ask", ()),
    })


@require_POST
def support_need(request, pk):
    """+1 a need, or with `withdraw` take one's +1 (or flag) back."""
    need = access.access_need(request.user, pk)
    if request.POST.get("withdraw"):
        return run_and_return(request, lambda: contributions.do_withdraw_support(request.user, need),
                              _("Your +1 is withdrawn."), ("collaboration:need", pk))
    form = SupportForm(request.POST)
    note, customers = (form.cleaned_data["note"], form.cleaned_data["customers"]) if form.is_valid() else ("", 1)
    return run_and_return(request, lambda: contributions.do_support_need(request.user, need, note, customers),
                          _("Thank you: your +1 is counted."), ("collaboration:need", pk))


@require_POST
def change_need_status(request, pk):
    need = access.access_need(request.user, pk)
    return run_with_form(
        request, NeedStatusForm(request.POST), _("Choose a status and explain the decision."),
        lambda data: contributions.do_change_need_status(request.user, need, data["status"], data["comment"]),
        lambda result: _("The decision now awaits the reviewers' sign-off.") if reviews.open_review(need=result)
        else _("Status changed; the front line sees your comment."),
        ("collaboration:need", pk),
    )


def report_article(request, page_id):
    article = get_object_or_404(ArticlePage.objects.visible_to_readers(), pk=page_id)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contributions.do_report_article(request.user, article, form.cleaned_data["kind"], form.cleaned_data["note"])
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Thank you: the article's owner has your report."))
            return redirect(article.url)
    return render(request, "collaboration/report_form.html", {"form": form, "article": article})


@require_tool("reports")
def reports(request):
    """Reports on the user's own articles (all of them for approvers), open ones first."""
    items = ArticleReport.objects.select_related("article", "reporter", "closed_by", "signal__responsible_group")
    if not roles.has_role(request.user, roles.APPROVER, roles.ADMINISTRATOR):
        items = items.filter(article__content_owner=request.user)
    items = items.order_by(F("closed_at").desc(nulls_first=True), "-created_at")
    return render(request, "collaboration/reports.html", {"reports": paginate(request, items), "reply_form": ReplyForm()})


@require_POST
def close_report(request, pk):
    report = get_object_or_404(ArticleReport, pk=pk)
    form = ReplyForm(request.POST)
    reply = form.cleaned_data["reply"] if form.is_valid() else ""
    return run_and_return(request, lambda: contributions.do_close_report(request.user, report, reply),
                          lambda result: _("Report closed; the operator sees your reply.") if result.closed_at
                          else _("Your reply now awaits the reviewers' sign-off."), "collaboration:reports")
