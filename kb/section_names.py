"""What the four top-level sections and the site's own texts are called in the reader's language.

The section pages keep their Italian titles and URLs (editors and links rely on them); readers see the name
of the section's kind in their language. A section an editor adds later shows its own title.
"""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# By the slug `kb.site_tree` gives each top-level section.
SECTION_NAMES = {
    "offerte": _("Offers"),
    "guasti-noti": _("Known defects"),
    "crisi": _("Crises"),
    "procedure": _("Procedures and answers"),
}


# The one kind of article each standard section holds (its subsections included): the editor offers only
# that type there (`ArticlePage.can_exist_under`).
SECTION_ARTICLE_TYPES = {"offerte": "offer", "guasti-noti": "defect", "crisi": "crisis", "procedure": "answer"}

# Page paths have 4 characters per level: a top-level section (depth 3) is the first 12 of its descendants'.
TOP_SECTION_PATH_LENGTH = 12


def section_name(section):
    """The name readers see for a section page: translated for the standard ones, its title otherwise."""
    if section.depth == 3 and section.slug in SECTION_NAMES:
        return str(SECTION_NAMES[section.slug])
    return section.title


def localized_text(italian, english):
    """The English text when the page is in English and one is given, else the Italian one."""
    if english and (get_language() or "").startswith("en"):
        return english
    return italian
