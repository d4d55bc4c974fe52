from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect

from collaboration.actions.posting import render as render_post
from collaboration.actions.promotion import can_open_in_editor
from collaboration.forms import MARKDOWN_MAX_LENGTH
from search import service as search_service

PAGE_SIZE = 20


def paginate(request, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def run_and_return(request, action, success_message, target):
    """Run a small action (vote, accept, follow, …); show its outcome as a message and go back.
    `success_message` may be a function of the action's result (e.g. certified now or awaiting review)."""
    try:
        result = action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if callable(success_message):
            success_message = success_message(result)
        if success_message:
            messages.success(request, success_message)
    return go(target)


def run_with_form(request, form, invalid_message, action, success_message, target):
    """Like run_and_return, for small actions that take a short form: `action(cleaned_data)`."""
    if not form.is_valid():
        messages.error(request, invalid_message)
        return go(target)
    return run_and_return(request, lambda: action(form.cleaned_data), success_message, target)


def go(target):
    return redirect(*target) if isinstance(target, tuple) else redirect(target)


def form_errors_from(form, error):
    """Put an action's ValidationError on the form, so the page shows it and keeps what was typed."""
    for message in error.messages:
        form.add_error(None, message)


def promote_and_edit(request, promote, back):
    """Run a promote-to-KB action, then open the new draft in the editor when Wagtail lets the user in;
    otherwise (experts) go back, where the page shows the draft's link for the approvers."""
    from django.utils.translation import gettext as _

    try:
        page = promote()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return go(back)
    if can_open_in_editor(request.user, page):
        messages.success(request, _("A draft article was created and submitted for approval."))
        return redirect("wagtailadmin_pages:edit", page.pk)
    messages.success(request, _("A draft article was created and submitted for approval: the approvers review "
                                "it in the editor. Its link is below."))
    return go(back)


def edit_conflict_form(form_class, request, conflict, **form_kwargs):
    """The editor's form again after an EditConflict: their text kept, now based on the version saved
    meanwhile (so saving again is a deliberate choice), with the reason on top."""
    from django.utils.translation import gettext as _

    data = request.POST.copy()
    data["version"] = conflict.current.version
    form = form_class(data, **form_kwargs)
    form.is_valid()
    form.add_error(None, _(
        "Someone else saved this while you were editing: nothing was overwritten. Their version is shown "
        "below and your text is still in the form; merge what you need and save again."
    ))
    return form


def round_trip(request, title_field, body_field, similar_types=search_service.SIMILAR_TYPES):
    """Without JavaScript, what the page shows live comes back with the form: similar content for the
    title (unless `similar_types` is empty) and, when asked for with the preview button, the body as it
    will be published. A view that shows the preview button must not publish when it was pressed."""
    if request.method != "POST":
        return {}
    context = {}
    if similar_types:
        context["similar"] = search_service.similar(request.user, request.POST.get(title_field, "")[:200], types=similar_types)
    if request.POST.get("preview"):
        context["preview"] = render_post(request.POST.get(body_field, "")[:MARKDOWN_MAX_LENGTH])
    return context
