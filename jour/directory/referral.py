"""A support contact's referral to a jour from the directory."""

from django.utils.translation import gettext_lazy as _

# The label of SupportContact.referred_to_shelter (jour/calls): kept here so that its translation
# lives in the directory's catalogue, next to the listings it points to.
REFERRED_TO_SHELTER = _("referred to jour")
REFERRED_TO_SHELTER_HELP = _(
    "From the directory of shelters. Choosing a jour also records the outcome “Referred to another jour”."
)
