from django.contrib.postgres.fields import ArrayField
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from jour.shelter.vocabulary import Competence, Language, competence_labels, language_labels

from .validators import validate_organisation_number


class Municipality(models.Model):
    """One of Sweden's 290 municipalities, keyed by its official four-digit code (SCB)."""

    code = models.CharField(_("code"), max_length=4, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    county_code = models.CharField(_("county code"), max_length=2)
    county_name = models.CharField(_("county"), max_length=100)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ShelterProfile(models.Model):
    """The association itself: one row. Deliberately has no field for the protected housing's address."""

    SINGLETON_ID = 1

    name = models.CharField(_("name of the association"), max_length=200, default="Kvinnojouren")
    organisation_number = models.CharField(
        _("organisation number"), max_length=11, blank=True, validators=[validate_organisation_number]
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    public_phone = models.CharField(_("public phone number"), max_length=30, blank=True)
    opening_hours = models.TextField(_("opening hours"), blank=True)
    telephone_hours = models.TextField(_("telephone hours"), blank=True)
    # What other jours and social services need to know to refer someone here (the public profile).
    competences = ArrayField(
        models.CharField(_("competence"), max_length=40, choices=Competence.choices),
        verbose_name=_("competences"),
        default=list,
        blank=True,
    )
    staff_languages = ArrayField(
        models.CharField(_("language"), max_length=2, choices=Language.choices),
        verbose_name=_("languages spoken by staff"),
        default=list,
        blank=True,
    )
    places = models.PositiveSmallIntegerField(
        _("number of places"), null=True, blank=True, help_text=_("How many places the protected housing has.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("shelter profile")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="shelter_profile_single_row")]

    def __str__(self) -> str:
        return self.name

    # Every page's header and footer show the name and phone: kept in the shared cache, not read on every request.
    # Saving or deleting the profile forgets them (below); an update() that bypasses both shows within
    # LAYOUT_CACHE_SECONDS.
    LAYOUT_CACHE_KEY = "shelter:layout:1"
    LAYOUT_CACHE_SECONDS = 300

    @classmethod
    def layout_fields(cls) -> dict[str, str]:
        """What every page's header and footer show: from the cache, else one narrow query (not the whole profile)."""
        fields = cache.get(cls.LAYOUT_CACHE_KEY)
        if fields is None:
            row = cls.objects.filter(id=cls.SINGLETON_ID).values("name", "public_phone").first()
            fields = row or {"name": cls().name, "public_phone": ""}
            cache.set(cls.LAYOUT_CACHE_KEY, fields, cls.LAYOUT_CACHE_SECONDS)
        return fields

    @classmethod
    def load(cls) -> "ShelterProfile":
        profile, _created = cls.objects.select_related("municipality").get_or_create(id=cls.SINGLETON_ID)
        return profile

    @property
    def competence_labels(self) -> list[str]:
        return competence_labels(self.competences)

    @property
    def staff_language_labels(self) -> list[str]:
        return language_labels(self.staff_languages)


@receiver([post_save, post_delete], sender=ShelterProfile)
def _forget_layout_fields(sender, **kwargs) -> None:
    # Now, for the rest of this transaction, and again at its commit: a request reading in between must not
    # keep the old name in the cache.
    cache.delete(ShelterProfile.LAYOUT_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(ShelterProfile.LAYOUT_CACHE_KEY))
