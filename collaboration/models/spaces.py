"""Spaces: where operators talk. Rights per space are django-guardian object permissions.

Guardian's direct foreign-key permission models keep "which spaces may this user read" a single
subquery (see collaboration.access), so list pages cost the same at 100 or 100,000 posts.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class Space(models.Model):
    class Kind(models.TextChoices):
        ALL_OPERATORS = "all", _("All operators")
        TEAM = "team", _("Team")
        EXPERTS = "experts", _("Experts (private)")

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ALL_OPERATORS)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        ordering = ["name"]
        # view_space comes with Django's defaults.
        permissions = [("post_in_space", "Can post in space"), ("moderate_space", "Can moderate space")]

    def __str__(self):
        return self.name


class SpaceUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Space, on_delete=models.CASCADE)


class SpaceGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Space, on_delete=models.CASCADE)
