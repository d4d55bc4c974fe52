"""Questions and answers. Thin views: parse the form, call one action, respond."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from taggit.models import Tag

from accounts.menus import require_tool
from collaboration import access, listing, mentions
from collaboration.actions import certification, escalation, posting, promotion, questions, votes
from collaboration.access import first_or_404
from collaboration.actions.editing import EditConflict
from collaboration.forms import (
    AnswerForm,
    AnswerTargetForm,
    BrowseForm,
    CommentForm,
    DuplicateForm,
    EditAnswerForm,
    EditQuestionForm,
    MARKDOWN_MAX_LENGTH,
    MentionQueryForm,
    MoveForm,
    PreviewForm,
    QuestionForm,
    ReasonForm,
    ReassignForm,
)
from collaboration.models import Answer, Comment, Vote
from collaboration.spaces import usual_space
from collaboration.views.helpers import (
    edit_conflict_form,
    form_errors_from,
    paginate,
    promote_and_edit,
    round_trip,
    run_and_return,
    run_with_form,
)
from search import service as search_service


def home(request):
    """Questions the reader may see, filtered and sorted; with `q`, a search inside Collaboration (the one
    search service, limited to questions, best practices or market needs)."""
    user = request.user
    form = BrowseForm(request.GET)
    choice = form.cleaned_data if form.is_valid() else {}
    context = {"spaces": access.readable_spaces(user), "browse": form, "choice": choice}
    if choice.get("q"):
        try:
            context["found"] = search_service.search(
                user, choice["q"], {"type": choice.get("type") or "question"}, request.GET.get("page", 1),
                source="collaboration", facets=False,
            )
        except search_service.Throttled:
            messages.error(request, _("You are searching too fast. Wait a minute and try again."))
            context["found"] = None
        return render(request, "collaboration/home.html", context)
    items = listing.shown(user, access.visible_questions(user), choice.get("show"), choice.get("author"))
    items = listing.ordered(items, choice.get("sort")).select_related("space", "author").prefetch_related("tags")
    context["questions"] = paginate(request, items)
    return render(request, "collaboration/home.html", context)


def tag_detail(request, slug):
    """Everything the reader may see under one tag: questions and best practices."""
    tag = first_or_404(Tag.objects.filter(slug=slug))
    items = listing.tagged(access.visible_questions(request.user), slug).select_related("space", "author").prefetch_related("tags")
    practices = access.visible_practices(request.user).filter(tags__slug=slug).distinct().select_related("author")
    return render(request, "collaboration/tag.html", {
        "tag": tag, "questions": paginate(request, items.order_by("-created_at")), "practices": practices[:20],
    })


def space_detail(request, slug):
    space = access.access_space(request.user, slug)
    questions_list = space.questions.select_related("author").prefetch_related("tags")
    return render(request, "collaboration/space.html", {
        "space": space, "questions": paginate(request, questions_list), "can_post": access.can_post(request.user, space),
    })


def ask(request):
    spaces = access.spaces_with(request.user, access.POST)
    chosen = spaces.filter(slug=request.GET.get("space", "")).first() or usual_space(request.user, spaces)
    form = QuestionForm(request.POST or None, spaces=spaces, initial={"space": chosen})
    if request.method == "POST" and form.is_valid() and not request.POST.get("preview"):
        data = form.cleaned_data
        try:
            question = questions.do_create_question(
                request.user, data["space"], data["title"], data["body"], data["product"], data["topic"], data["tags"],
                channel=data["channel"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Your question is published. You will see answers here."))
            return redirect(question)
    return render(request, "collaboration/ask.html", {"form": form, **round_trip(request, "title", "body")})


def preview(request):
    """The Markdown of a post as it will be published (sanitised, @mentions linked), for the preview."""
    if request.method != "POST":
        return JsonResponse({"error": _("Send the text with POST.")}, status=405)
    form = PreviewForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": _("The text is too long to preview.")}, status=400)
    return JsonResponse({"html": posting.render(form.cleaned_data["text"])})


def mention_suggestions(request):
    """People who could be @mentioned in a space: active readers of it, by the start of their name."""
    form = MentionQueryForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"error": _("Give the start of a name and a space.")}, status=400)
    space = first_or_404(access.readable_spaces(request.user).filter(pk=form.cleaned_data["space"]))
    return JsonResponse({"results": mentions.suggestions(access.readers(space), form.cleaned_data["q"])})


def question_detail(request, pk):
    question = access.access_question(request.user, pk)
    answer_form = AnswerForm(request.POST or None)
    if request.method == "POST" and answer_form.is_valid() and not request.POST.get("preview"):
        try:
            questions.do_post_answer(request.user, question, answer_form.cleaned_data["body"])
        except ValidationError as error:
            form_errors_from(answer_form, error)
        else:
            messages.success(request, _("Your answer is published."))
            return redirect(question)
    user = request.user
    preview = posting.render(answer_form.data.get("body", "")[:MARKDOWN_MAX_LENGTH]) if request.POST.get("preview") else None
    answers = (
        question.answers.select_related("author", "certified_by")
        .prefetch_related(Prefetch("comments", queryset=Comment.objects.select_related("author")))
        .annotate(my_vote=Subquery(Vote.objects.filter(user=user, answer=OuterRef("pk")).values("value")[:1]))
    )
    rights = access.space_rights(user, question.space)
    can_moderate = access.can_moderate(user, question.space, rights)
    return render(request, "collaboration/question.html", {
        "question": question,
        "answers": answers,
        "comments": question.comments.select_related("author"),
        "answer_form": answer_form,
        "preview": preview,
        "comment_form": CommentForm(),
        "can_post": access.can_post(user, question.space, rights),
        "can_moderate": can_moderate,
        "can_certify": certification.can_certify(user),
        "can_promote": promotion.can_promote(user),
        "pending_review": promotion.pending_review(user, question.promoted_page),
        "is_asker": question.author_id == user.pk,
        "following": question.follows.filter(user=user).exists(),
        "my_vote": Vote.objects.filter(user=user, question=question).values_list("value", flat=True).first(),
        "revisions": question.revisions.select_related("editor")[:10],
        "move_targets": access.spaces_with(user, access.MODERATE).exclude(pk=question.space_id) if can_moderate else [],
    })


def edit_question(request, pk):
    question = access.access_question(request.user, pk)
    questions.check_can_edit(request.user, question, question.space)
    form_kwargs = {"spaces": access.readable_spaces(request.user).filter(pk=question.space_id)}
    form = EditQuestionForm(request.POST or None, initial={
        "space": question.space, "title": question.title, "body": question.body, "product": question.product,
        "topic": question.topic, "tags": ", ".join(question.tags.names()), "version": question.version,
    }, **form_kwargs)
    conflict = None
    if request.method == "POST" and form.is_valid() and not request.POST.get("preview"):
        data = form.cleaned_data
        try:
            questions.do_edit_question(
                request.user, question, data["title"], data["body"], data["product"], data["topic"], data["tags"],
                version=data["version"],
            )
        except EditConflict as error:
            conflict, form = error, edit_conflict_form(EditQuestionForm, request, error, **form_kwargs)
        else:
            messages.success(request, _("Question updated; every earlier text is in its history."))
            return redirect(question)
    return render(request, "collaboration/edit_question.html", {
        "form": form, "question": question, "conflict": conflict, **round_trip(request, "title", "body", ()),
    })


def edit_answer(request, pk):
    answer = access.access_answer(request.user, pk)
    questions.check_can_edit(request.user, answer, answer.question.space)
    form = EditAnswerForm(request.POST or None, initial={"body": answer.body, "version": answer.version})
    conflict = None
    if request.method == "POST" and form.is_valid() and not request.POST.get("preview"):
        try:
            questions.do_edit_answer(request.user, answer, form.cleaned_data["body"], version=form.cleaned_data["version"])
        except EditConflict as error:
            conflict, form = error, edit_conflict_form(EditAnswerForm, request, error)
        else:
            messages.success(request, _("Answer updated; every earlier text is in its history."))
            return HttpResponseRedirect(answer.question.get_absolute_url() + f"#answer-{answer.pk}")
    return render(request, "collaboration/edit_answer.html", {
        "form": form, "answer": answer, "conflict": conflict, **round_trip(request, None, "body", ()),
    })


@require_POST
def move(request, pk):
    question = access.access_question(request.user, pk)
    form = MoveForm(request.POST, spaces=access.spaces_with(request.user, access.MODERATE))
    target = form.cleaned_data["space"] if form.is_valid() else None
    if target is None:
        messages.error(request, _("Choose a space you moderate."))
        return redirect(question)
    return run_and_return(request, lambda: questions.do_move(request.user, question, target),
                          _("Question moved."), question)


@require_POST
def comment(request, pk):
    question = access.access_question(request.user, pk)
    form = CommentForm(request.POST)
    answer = None
    if request.POST.get("answer"):
        target = AnswerTargetForm(request.POST)
        if not target.is_valid():
            return HttpResponseBadRequest(_("The answer to comment on is not valid."))
        answer = first_or_404(Answer.objects.filter(question=question, pk=target.cleaned_data["answer"]))
    if not form.is_valid():
        messages.error(request, _("A comment cannot be empty or longer than 2,000 characters."))
        return redirect(question)
    return run_and_return(
        request,
        lambda: questions.do_comment(request.user, form.cleaned_data["body"], question=None if answer else question, answer=answer),
        None, question,
    )


@require_POST
def vote(request, kind, pk):
    value = {"up": 1, "down": -1, "clear": 0}.get(request.POST.get("value"), 0)
    if kind == "answer":
        target = access.access_answer(request.user, pk)
        back = target.question
    else:
        target = back = access.access_question(request.user, pk)
    votes.do_vote(request.user, target, value)
    return HttpResponseRedirect(back.get_absolute_url() + (f"#answer-{pk}" if kind == "answer" else ""))


@require_POST
def accept(request, pk):
    answer = access.access_answer(request.user, pk)
    return run_and_return(request, lambda: questions.do_accept_answer(request.user, answer), _("Answer accepted."), answer.question)


@require_POST
def certify(request, pk):
    answer = access.access_answer(request.user, pk)
    return run_and_return(
        request, lambda: certification.do_certify_answer(request.user, answer),
        lambda result: _("Answer certified as the company's position.") if result.certified_at
        else _("The certification now awaits the reviewers' sign-off."),
        answer.question,
    )


@require_POST
def revoke(request, pk):
    answer = access.access_answer(request.user, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return run_and_return(request, lambda: certification.do_revoke_certification(request.user, answer, reason),
                          _("Certification revoked."), answer.question)


@require_POST
def promote(request, pk):
    answer = access.access_answer(request.user, pk)
    return promote_and_edit(request, lambda: promotion.do_promote_answer(request.user, answer), answer.question)


@require_POST
def follow(request, pk):
    question = access.access_question(request.user, pk)
    following = questions.do_toggle_follow(request.user, question)
    messages.success(request, _("You follow this question.") if following else _("You no longer follow this question."))
    return redirect(question)


@require_POST
def escalate(request, pk):
    question = access.access_question(request.user, pk)
    return run_and_return(request, lambda: escalation.do_escalate(question, user=request.user),
                          _("Escalated to the responsible function."), question)


@require_POST
def close_duplicate(request, pk):
    question = access.access_question(request.user, pk)
    form = DuplicateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the number of the original question."))
        return redirect(question)
    # Only questions the moderator may read: a private question and a missing one get the same answer.
    original = access.visible_questions(request.user).filter(pk=form.cleaned_data["original"]).first()
    if original is None:
        messages.error(request, _("The original question was not found."))
        return redirect(question)
    if form.cleaned_data["merge"]:
        return run_and_return(request, lambda: questions.do_merge(request.user, question, original),
                              _("Merged into the original question."), original)
    return run_and_return(request, lambda: questions.do_close_as_duplicate(request.user, question, original),
                          _("Closed as a duplicate."), question)


@require_POST
def close(request, pk):
    question = access.access_question(request.user, pk)
    return run_and_return(request, lambda: questions.do_close(request.user, question), _("Question closed."), question)


@require_tool("queue")
def queue(request):
    items = escalation.my_queue(request.user)
    return render(request, "collaboration/queue.html", {"questions": paginate(request, items), "reassign_form": ReassignForm()})


@require_POST
def reassign(request, pk):
    question = access.access_question(request.user, pk)
    form = ReassignForm(request.POST)
    group = form.cleaned_data["group"] if form.is_valid() else None
    return run_and_return(request, lambda: escalation.do_reassign(request.user, question, group=group),
                          _("Question reassigned."), "collaboration:queue")


@require_POST
def request_information(request, pk):
    question = access.access_question(request.user, pk)
    return run_with_form(
        request, CommentForm(request.POST), _("Write what information you need."),
        lambda data: escalation.do_request_information(request.user, question, data["body"]),
        _("The asker was asked for more information."), question,
    )


@require_POST
def resolve(request, pk):
    question = access.access_question(request.user, pk)
    return run_with_form(
        request, AnswerForm(request.POST), _("Write the certified answer."),
        lambda data: escalation.do_resolve_with_certified_answer(request.user, question, data["body"]),
        _("Resolved with a certified answer."), question,
    )
