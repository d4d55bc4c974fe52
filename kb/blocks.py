"""StreamField blocks of the knowledge base articles.

Every block names its icon, template and a description (shown in the block picker), so content
owners know what each one is for.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "hr"]


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph_block.html"
        label = _("Text")
        description = _("Formatted text: headings, lists, links.")


class ScriptBlock(blocks.StructBlock):
    """Words the operator reads to the customer as they are; the page offers a copy button."""

    label_text = blocks.CharBlock(required=False, max_length=120, label=_("Label"))
    text = blocks.TextBlock(label=_("Text to read"))

    class Meta:
        icon = "openquote"
        template = "blocks/script_block.html"
        label = _("Script for the customer")
        description = _("Approved words to read or paste to the customer, with a copy button.")


class StepsBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(blocks.CharBlock(label=_("Step"), max_length=500), **kwargs)

    class Meta:
        icon = "list-ol"
        template = "blocks/steps_block.html"
        label = _("Procedure steps")
        description = _("Numbered steps the operator follows.")


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        choices=[("info", _("Information")), ("warning", _("Warning")), ("danger", _("Do not"))],
        default="info",
        label=_("Tone"),
    )
    text = blocks.TextBlock(label=_("Text"))

    class Meta:
        icon = "warning"
        template = "blocks/callout_block.html"
        label = _("Callout")
        description = _("A highlighted note: information, warning or something not to do.")


class FaqItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=300, label=_("Question"))
    answer = blocks.TextBlock(label=_("Answer"))

    class Meta:
        icon = "help"
        template = "blocks/faq_item_block.html"
        label = _("Question and answer")
        description = _("A frequent customer question with its approved answer.")


class PriceBlock(blocks.StructBlock):
    label_text = blocks.CharBlock(max_length=120, label=_("Item"))
    amount = blocks.DecimalBlock(min_value=0, max_digits=8, decimal_places=2, label=_("Amount (EUR)"))
    period = blocks.ChoiceBlock(
        choices=[("month", _("per month")), ("one_off", _("one-off")), ("year", _("per year"))],
        default="month",
        label=_("Period"),
    )

    class Meta:
        icon = "tag"
        template = "blocks/price_block.html"
        label = _("Price")
        description = _("One line of the price list: item, amount in euro, period.")


class CrisisUpdateBlock(blocks.StructBlock):
    at = blocks.DateTimeBlock(label=_("Update time"))
    text = blocks.TextBlock(label=_("Update"))

    class Meta:
        icon = "time"
        template = "blocks/crisis_update_block.html"
        label = _("Update")
        description = _("A timed update on the incident (aggiornamento alle ore …).")


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    script = ScriptBlock()
    steps = StepsBlock()
    callout = CalloutBlock()
    faq = FaqItemBlock()

    class Meta:
        label = _("Body")
        description = _("The article's content.")
