"""Choice lists for residents: languages (ISO 639), countries of birth (ISO 3166) and their regions."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProtectionLevel(models.TextChoices):
    NONE = "none", _("None")
    CONFIDENTIALITY_MARKING = "confidentiality_marking", _("Confidentiality marking")
    PROTECTED_REGISTRATION = "protected_registration", _("Protected registration")


class RevealReason(models.TextChoices):
    """Why a staff member who is not her contact person opened a protected woman's identity.

    Only the code is stored (in the REVEAL audit event's detail, `{"reason": code}`): free text in the
    append-only log could hold what it must not, and stay there for good. The audit log page shows these labels.
    """

    SAFETY = "safety", _("Her or her children's safety right now")
    AUTHORITY = "authority", _("Contact with an authority (police, social services, health care, Swedish Tax Agency)")
    CONTACT_PERSON_AWAY = "contact_person_away", _("Her contact persons are not here")
    STAY = "stay", _("Intake, move or discharge")
    LEGAL = "legal", _("Legal matter (court, lawyer, protection order)")
    OTHER = "other", pgettext_lazy("reveal reason", "Other")


def reveal_reason_label(code: str) -> str:
    """The label for a stored code; an unknown code (events written before the fixed list) shows as it is."""
    try:
        return str(RevealReason(code).label)
    except ValueError:
        return code


# From no protection to the strongest: lowering a level is an audit alert.
PROTECTION_RANK = {
    ProtectionLevel.NONE: 0,
    ProtectionLevel.CONFIDENTIALITY_MARKING: 1,
    ProtectionLevel.PROTECTED_REGISTRATION: 2,
}


def protection_change_detail(before: str, after: str) -> dict | None:
    """The audit detail of a change of protection level (codes only); None when it did not change."""
    if before == after:
        return None
    detail = {"protection_from": before, "protection_to": after}
    if PROTECTION_RANK.get(after, 0) < PROTECTION_RANK.get(before, 0):
        detail["protection_lowered"] = True
    return detail


class EducationLevel(models.TextChoices):
    NONE = "none", _("No formal education")
    COMPULSORY = "compulsory", _("Compulsory school")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary school")
    POST_SECONDARY = "post_secondary", _("Post-secondary education")
    UNIVERSITY = "university", _("University")


class DischargeDestination(models.TextChoices):
    OWN_HOUSING = "own_housing", _("Own housing")
    RELATIVES_OR_FRIENDS = "relatives_or_friends", _("Relatives or friends")
    OTHER_SHELTER = "other_shelter", _("Another shelter")
    PERPETRATOR = "perpetrator", _("Back to the perpetrator")
    UNKNOWN = "unknown", _("Unknown")
    OTHER = "other", _("Other")


class Region(models.TextChoices):
    SWEDEN = "sweden", _("Sweden")
    NORDIC = "nordic", _("Nordic countries (except Sweden)")
    EU = "eu", _("EU (except the Nordic countries)")
    EUROPE_OTHER = "europe_other", _("Europe outside the EU")
    MIDDLE_EAST = "middle_east", _("Middle East and North Africa")
    AFRICA = "africa", _("Africa south of the Sahara")
    ASIA = "asia", _("Asia")
    AMERICAS = "americas", _("North and South America")
    OCEANIA = "oceania", _("Oceania")
    UNKNOWN = "unknown", _("Unknown")


# ISO 639 codes of the languages the shelter meets most often.
LANGUAGE_CHOICES = [
    ("sv", _("Swedish")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("prs", _("Dari")),
    ("ps", _("Pashto")),
    ("so", _("Somali")),
    ("ti", _("Tigrinya")),
    ("am", _("Amharic")),
    ("ku", _("Kurdish")),
    ("tr", _("Turkish")),
    ("bs", _("Bosnian")),
    ("sr", _("Serbian")),
    ("hr", _("Croatian")),
    ("sq", _("Albanian")),
    ("pl", _("Polish")),
    ("ro", _("Romanian")),
    ("ru", _("Russian")),
    ("uk", _("Ukrainian")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("de", _("German")),
    ("fi", _("Finnish")),
    ("th", _("Thai")),
    ("zh", _("Chinese")),
    ("vi", _("Vietnamese")),
    ("ur", _("Urdu")),
    ("hi", _("Hindi")),
    ("bn", _("Bengali")),
    ("sw", _("Swahili")),
    ("mul", _("Other language")),
]

# (ISO 3166-1 alpha-2 code, name, region). "ZZ" stands for an unknown country.
COUNTRIES = [
    ("SE", _("Sweden"), Region.SWEDEN),
    ("FI", _("Finland"), Region.NORDIC),
    ("NO", _("Norway"), Region.NORDIC),
    ("DK", _("Denmark"), Region.NORDIC),
    ("IS", _("Iceland"), Region.NORDIC),
    ("PL", _("Poland"), Region.EU),
    ("RO", _("Romania"), Region.EU),
    ("BG", _("Bulgaria"), Region.EU),
    ("DE", _("Germany"), Region.EU),
    ("HR", _("Croatia"), Region.EU),
    ("LT", _("Lithuania"), Region.EU),
    ("EE", _("Estonia"), Region.EU),
    ("LV", _("Latvia"), Region.EU),
    ("GR", _("Greece"), Region.EU),
    ("BA", _("Bosnia and Herzegovina"), Region.EUROPE_OTHER),
    ("RS", _("Serbia"), Region.EUROPE_OTHER),
    ("XK", _("Kosovo"), Region.EUROPE_OTHER),
    ("AL", _("Albania"), Region.EUROPE_OTHER),
    ("RU", _("Russia"), Region.EUROPE_OTHER),
    ("UA", _("Ukraine"), Region.EUROPE_OTHER),
    ("GB", _("United Kingdom"), Region.EUROPE_OTHER),
    ("TR", _("Turkey"), Region.MIDDLE_EAST),
    ("SY", _("Syria"), Region.MIDDLE_EAST),
    ("IQ", _("Iraq"), Region.MIDDLE_EAST),
    ("IR", _("Iran"), Region.MIDDLE_EAST),
    ("LB", _("Lebanon"), Region.MIDDLE_EAST),
    ("PS", _("Palestine"), Region.MIDDLE_EAST),
    ("EG", _("Egypt"), Region.MIDDLE_EAST),
    ("MA", _("Morocco"), Region.MIDDLE_EAST),
    ("SO", _("Somalia"), Region.AFRICA),
    ("ER", _("Eritrea"), Region.AFRICA),
    ("ET", _("Ethiopia"), Region.AFRICA),
    ("NG", _("Nigeria"), Region.AFRICA),
    ("KE", _("Kenya"), Region.AFRICA),
    ("AF", _("Afghanistan"), Region.ASIA),
    ("PK", _("Pakistan"), Region.ASIA),
    ("IN", _("India"), Region.ASIA),
    ("BD", _("Bangladesh"), Region.ASIA),
    ("TH", _("Thailand"), Region.ASIA),
    ("VN", _("Vietnam"), Region.ASIA),
    ("CN", _("China"), Region.ASIA),
    ("PH", _("Philippines"), Region.ASIA),
    ("CL", _("Chile"), Region.AMERICAS),
    ("BR", _("Brazil"), Region.AMERICAS),
    ("CO", _("Colombia"), Region.AMERICAS),
    ("US", _("United States"), Region.AMERICAS),
    ("AU", _("Australia"), Region.OCEANIA),
    ("ZZ", _("Other or unknown country"), Region.UNKNOWN),
]

COUNTRY_CHOICES = [(code, name) for code, name, _region in COUNTRIES]
REGION_BY_COUNTRY = {code: region for code, _name, region in COUNTRIES}


def region_for_country(code: str) -> Region | None:
    if not code:
        return None
    return REGION_BY_COUNTRY.get(code, Region.UNKNOWN)
