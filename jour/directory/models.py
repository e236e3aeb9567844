from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Case, F, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from jour.shelter.models import Municipality
from jour.shelter.vocabulary import Competence, Language, competence_labels, language_labels


class ShelterListingQuerySet(models.QuerySet):
    def for_user(self, user) -> ShelterListingQuerySet:
        # Listings are other shelters' public profiles: every staff member and the coordinator see all.
        if user.is_authenticated and user.works_here:
            return self.all()
        return self.none()

    def search(
        self,
        *,
        competences: list[str] = (),
        language: str = "",
        county_code: str = "",
        municipality: Municipality | None = None,
    ) -> ShelterListingQuerySet:
        """Listings ranked by a transparent score, best first.

        Region and municipality filter; each wanted competence and the wanted language add 1 to
        `score`. With wishes given, only listings matching at least one are kept. Ties go to the
        listing with more free places, then to the most recently updated one.
        """
        queryset = self.select_related("municipality")
        if county_code:
            queryset = queryset.filter(municipality__county_code=county_code)
        if municipality is not None:
            queryset = queryset.filter(municipality=municipality)
        terms = [
            Case(When(competences__contains=[code], then=Value(1)), default=Value(0), output_field=IntegerField())
            for code in competences
        ]
        if language:
            terms.append(
                Case(When(languages__contains=[language], then=Value(1)), default=Value(0), output_field=IntegerField())
            )
        score = Value(0, output_field=IntegerField())
        for term in terms:
            score = score + term
        queryset = queryset.annotate(score=score)
        if terms:
            queryset = queryset.filter(score__gt=0)
        return queryset.order_by("-score", F("free_places").desc(nulls_last=True), "-profile_updated_at", "name", "pk")


class ShelterListing(models.Model):
    """Another shelter's public profile, imported from the JSON it publishes (docs/directory.md).

    Holds only what the shelter itself made public: no personal data, no address.
    """

    organisation_number = models.CharField(_("organisation number"), max_length=11, blank=True)
    name = models.CharField(_("name"), max_length=200)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    public_phone = models.CharField(_("public phone number"), max_length=30, blank=True)
    competences = ArrayField(
        models.CharField(_("competence"), max_length=40, choices=Competence.choices),
        verbose_name=_("competences"),
        default=list,
        blank=True,
    )
    languages = ArrayField(
        models.CharField(_("language"), max_length=2, choices=Language.choices),
        verbose_name=_("languages spoken by staff"),
        default=list,
        blank=True,
    )
    places = models.PositiveSmallIntegerField(_("number of places"), null=True, blank=True)
    free_places = models.PositiveSmallIntegerField(_("free places"), null=True, blank=True)
    profile_updated_at = models.DateTimeField(_("profile updated"))
    imported_at = models.DateTimeField(_("imported"), auto_now=True)

    objects = ShelterListingQuerySet.as_manager()

    class Meta:
        verbose_name = _("shelter in the directory")
        verbose_name_plural = _("shelters in the directory")
        ordering = ["name"]
        constraints = [
            # One listing per shelter: a re-import of the same shelter updates it.
            models.UniqueConstraint(fields=["organisation_number", "name"], name="directory_listing_unique_shelter")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def competence_labels(self) -> list[str]:
        return competence_labels(self.competences)

    @property
    def language_labels(self) -> list[str]:
        return language_labels(self.languages)
