"""How often each article is read, per day: the knowledge-health dashboard's "most viewed"."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleViewDay(models.Model):
    article = models.ForeignKey("kb.ArticlePage", on_delete=models.CASCADE, related_name="view_days")
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("article views of a day")
        verbose_name_plural = _("article views per day")
        constraints = [models.UniqueConstraint(fields=["article", "day"], name="one_count_per_article_and_day")]
