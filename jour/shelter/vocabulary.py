"""The fixed vocabulary of a public shelter profile: our own profile and the directory's imported listings.

The codes are part of the public JSON format (docs/directory.md): never rename one, only add.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Competence(models.TextChoices):
    REINFORCED_SECURITY = "reinforced_security", _("Reinforced security")
    SUBSTANCE_ABUSE = "substance_abuse", _("Substance abuse")
    CHILDREN_ACTIVITIES = "children_activities", _("Activities for children")
    HONOUR_VIOLENCE = "honour_violence", _("Honour-related violence and oppression")
    ACCESSIBLE = "accessible", _("Accessible for persons with disabilities")
    PETS_ALLOWED = "pets_allowed", _("Pets allowed")
    ACCEPTS_MEN = "accepts_men", _("Accepts men")
    ACCEPTS_TRANS = "accepts_trans", _("Accepts trans persons")
    YOUNG_WOMEN = "young_women", _("Young women 18–25")
    LGBTQ = "lgbtq", _("LGBTQ competence")


class Language(models.TextChoices):
    """Languages spoken by staff, as ISO 639-1 codes: the common languages in Sweden.

    Swedish and English first, then in the order of their Swedish names. The labels have a
    context so that they never clash with the names of the UI languages ("Svenska").
    """

    SV = "sv", pgettext_lazy("language", "Swedish")
    EN = "en", pgettext_lazy("language", "English")
    SQ = "sq", pgettext_lazy("language", "Albanian")
    AM = "am", pgettext_lazy("language", "Amharic")
    AR = "ar", pgettext_lazy("language", "Arabic")
    BS = "bs", pgettext_lazy("language", "Bosnian")
    FI = "fi", pgettext_lazy("language", "Finnish")
    FR = "fr", pgettext_lazy("language", "French")
    ZH = "zh", pgettext_lazy("language", "Chinese")
    HR = "hr", pgettext_lazy("language", "Croatian")
    KU = "ku", pgettext_lazy("language", "Kurdish")
    PS = "ps", pgettext_lazy("language", "Pashto")
    FA = "fa", pgettext_lazy("language", "Persian")
    PL = "pl", pgettext_lazy("language", "Polish")
    RO = "ro", pgettext_lazy("language", "Romanian")
    RU = "ru", pgettext_lazy("language", "Russian")
    SR = "sr", pgettext_lazy("language", "Serbian")
    SO = "so", pgettext_lazy("language", "Somali")
    ES = "es", pgettext_lazy("language", "Spanish")
    TH = "th", pgettext_lazy("language", "Thai")
    TI = "ti", pgettext_lazy("language", "Tigrinya")
    TR = "tr", pgettext_lazy("language", "Turkish")
    DE = "de", pgettext_lazy("language", "German")
    UK = "uk", pgettext_lazy("language", "Ukrainian")


def competence_labels(codes: list[str]) -> list[str]:
    labels = dict(Competence.choices)
    return [str(labels[code]) for code in codes if code in labels]


def language_labels(codes: list[str]) -> list[str]:
    labels = dict(Language.choices)
    return [str(labels[code]) for code in codes if code in labels]
