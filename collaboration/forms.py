from django import forms
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from accounts.roles import group_label
from collaboration.actions.escalation import answering_groups
from collaboration.models import ArticleReport, MarketNeed
from core.ids import id_field
from kb.models import Channel, Product, Topic

MAX_TAGS = 8


class TagField(forms.CharField):
    """Comma-separated tags, cleaned to a short list of lower-case words."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("help_text", _("Comma-separated, e.g. fibra, disdetta"))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        tags = [tag.strip().lower()[:50] for tag in (value or "").split(",") if tag.strip()]
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(_("At most %(count)s tags.") % {"count": MAX_TAGS})
        return list(dict.fromkeys(tags))


MARKDOWN_MAX_LENGTH = 20000


class QuestionForm(forms.Form):
    # The title first: what is typed there brings up similar answers right below it (ask.html).
    title = forms.CharField(label=_("Your question"), max_length=200, min_length=10)
    body = forms.CharField(label=_("Details"), widget=forms.Textarea(attrs={"rows": 8, "data-markdown": ""}),
                           max_length=MARKDOWN_MAX_LENGTH,
                           help_text=_("Markdown: **bold**, lists, links. Mention a colleague with @username."))
    space = forms.ModelChoiceField(queryset=None, label=_("Space"))
    product = forms.ModelChoiceField(queryset=Product.objects.all(), required=False, label=_("Product"))
    topic = forms.ModelChoiceField(queryset=Topic.objects.all(), required=False, label=_("Topic"))
    tags = TagField(label=_("Tags"))
    channel = forms.ChoiceField(
        choices=[("", _("Not said")), *Channel.choices], required=False, label=_("Customer's channel"),
        help_text=_("Where the customer asked: some channels have shorter service levels."),
    )

    def __init__(self, *args, spaces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = spaces


class AnswerForm(forms.Form):
    body = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 6, "data-markdown": ""}),
                           max_length=MARKDOWN_MAX_LENGTH)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class PreviewForm(forms.Form):
    text = forms.CharField(max_length=MARKDOWN_MAX_LENGTH, required=False, strip=False)


class MentionQueryForm(forms.Form):
    """The autocomplete's request: what follows the @, and the space whose readers may be named."""

    q = forms.CharField(max_length=150)
    space = id_field()

    def clean_q(self):
        prefix = self.cleaned_data["q"].lstrip("@").strip()
        if not prefix:
            raise forms.ValidationError(_("Give the start of a name and a space."))
        return prefix


class BrowseForm(forms.Form):
    """The filters, order and search of the Collaboration home; every field may be left out."""

    q = forms.CharField(label=_("Search in Collaboration"), max_length=200, required=False)
    type = forms.ChoiceField(label=_("Look in"), required=False, choices=[
        ("question", _("Questions")), ("practice", _("Best practices")), ("need", _("Market needs")),
    ])
    show = forms.ChoiceField(label=_("Show"), required=False, choices=[
        ("", _("All questions")), ("mine", _("My questions")), ("unanswered", _("Unanswered")),
        ("escalated", _("Escalated to me")),
    ])
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=[
        ("newest", _("Newest")), ("votes", _("Most votes")), ("unanswered", _("Unanswered first")),
    ])
    author = forms.CharField(required=False, max_length=150, widget=forms.HiddenInput)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class AnswerTargetForm(forms.Form):
    """The answer a comment is about, as the question page posts it."""

    answer = id_field()


class MoveForm(forms.Form):
    space = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, spaces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = spaces


class DuplicateForm(forms.Form):
    original = id_field(label=_("Number of the original question"))
    merge = forms.BooleanField(label=_("Move the answers to the original"), required=False)


class ReassignForm(forms.Form):
    """The groups offered are those that can answer (escalation.answering_groups), by their display name."""

    group = forms.ModelChoiceField(queryset=Group.objects.none(), label=_("Group"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = answering_groups()
        self.fields["group"].label_from_instance = lambda group: group_label(group.name)


class PracticeForm(forms.Form):
    space = forms.ModelChoiceField(queryset=None, label=_("Space"))
    title = forms.CharField(label=_("Title"), max_length=200, min_length=10)
    body = forms.CharField(label=_("What you do"), widget=forms.Textarea(attrs={"rows": 8, "data-markdown": ""}),
                           max_length=MARKDOWN_MAX_LENGTH)
    product = forms.ModelChoiceField(queryset=Product.objects.all(), required=False, label=_("Product"))
    tags = TagField(label=_("Tags"))

    def __init__(self, *args, spaces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = spaces


class NeedForm(forms.Form):
    # The title first: needs already flagged come up right below it while it is typed (need_form.html).
    title = forms.CharField(label=_("The need in a few words"), max_length=200, min_length=10)
    space = forms.ModelChoiceField(queryset=None, label=_("Space"))
    product = forms.ModelChoiceField(queryset=Product.objects.all(), required=False, label=_("Product"))
    customers_ask = forms.CharField(label=_("What customers ask"), widget=forms.Textarea(attrs={"rows": 5, "data-markdown": ""}),
                                    max_length=5000)
    frequency = forms.ChoiceField(choices=MarketNeed.Frequency.choices, label=_("How often"))
    customers_affected = forms.IntegerField(label=_("How many customers (estimate)"), min_value=1, max_value=10_000_000, initial=1)
    channel = forms.ChoiceField(choices=MarketNeed.Channel.choices, label=_("Channel"))

    def __init__(self, *args, spaces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = spaces


class SupportForm(forms.Form):
    note = forms.CharField(label=_("Your note"), max_length=500, required=False)
    customers = forms.IntegerField(label=_("Customers"), min_value=1, max_value=100000, initial=1)


class NeedStatusForm(forms.Form):
    status = forms.ChoiceField(choices=MarketNeed.Status.choices, label=_("New status"))
    comment = forms.CharField(label=_("Comment for the front line"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class ReportForm(forms.Form):
    kind = forms.ChoiceField(choices=ArticleReport.Kind.choices, label=_("What is wrong"), widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note for the owner"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


# Editing: each form carries the version the editor started from (collaboration.actions.editing).
class VersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=2**31 - 1, **kwargs)


class EditQuestionForm(QuestionForm):
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["channel"]  # the channel set the question's service levels when it was asked


class EditAnswerForm(AnswerForm):
    version = VersionField()


class EditPracticeForm(PracticeForm):
    version = VersionField()


class EditNeedForm(NeedForm):
    """The need's description; where it is posted and the customers counted with the +1s stay as they are."""

    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, spaces=None, **kwargs)
        del self.fields["space"], self.fields["customers_affected"]


class SignOffForm(forms.Form):
    """A reviewer group's sign-off: approve, or reject with the reason."""

    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("Reason (required to reject)"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why you reject it."))
        return data
