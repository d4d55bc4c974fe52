"""The fixed skeleton of the knowledge base: one home page and one section per kind of article.

`ensure_site_tree()` is idempotent, and both the demo loader and the importer call it, so a fresh
installation gets the same tree whichever runs first.
"""

from django.db import transaction
from wagtail.models import Page, Site

from kb.models import HomePage, SectionIndexPage

HOME_SLUG = "sportello"
HOME_INTRO = "La conoscenza del contact center, in un posto solo."
HOME_INTRO_EN = "The contact center's knowledge, all in one place."
# (slug, title, intro, English intro, article type) of each top-level section; the names readers see are
# in kb.section_names.
SECTIONS = [
    ("offerte", "Offerte", "Offerte commerciali in corso, con finestra di validità e script di vendita.",
     "Current commercial offers, with their validity window and sales script.", "offer"),
    ("guasti-noti", "Guasti noti", "Difetti conosciuti: sintomi, soluzione temporanea e stato della correzione.",
     "Known defects: symptoms, workaround and the state of the fix.", "defect"),
    ("crisi", "Crisi", "Comunicazione di crisi: cosa dire e cosa non dire finché dura un disservizio.",
     "Crisis communication: what to say and what not to say while an outage lasts.", "crisis"),
    ("procedure", "Procedure e risposte", "Risposte approvate e procedure per le domande dei clienti.",
     "Approved answers and procedures for customers' questions.", "answer"),
]
SECTION_FOR_TYPE = {article_type: slug for slug, _title, _intro, _intro_en, article_type in SECTIONS}


@transaction.atomic
def ensure_site_tree():
    """Create the home page, the sections and the default site if missing; return the home page."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(title="Sportello", slug=HOME_SLUG, intro=HOME_INTRO, intro_en=HOME_INTRO_EN)
        )
        # Wagtail's placeholder welcome page is replaced by ours.
        Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore").delete()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Sportello")
    elif site.root_page_id != home.id:
        site.root_page = home
        site.site_name = "Sportello"
        site.save()
    for slug, title, intro, intro_en, _article_type in SECTIONS:
        if not SectionIndexPage.objects.child_of(home).filter(slug=slug).exists():
            home.add_child(instance=SectionIndexPage(title=title, slug=slug, intro=intro, intro_en=intro_en))
            home.refresh_from_db()
    return home


def section_by_slug(slug):
    return SectionIndexPage.objects.filter(slug=slug).first()


def section_for_type(article_type):
    return section_by_slug(SECTION_FOR_TYPE[article_type])
