"""Forms validate and never write: the views save through models and services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jour.accounts.models import Role, User
from jour.lib import plausible
from jour.lib.formtoken import OnceForm
from jour.lib.versioning import VersionedForm
from residents.choices import LANGUAGE_CHOICES

from .matching import Wishes
from .models import (
    AVAILABILITY_CHOICES,
    DEFAULT_SESSION_HOURS,
    MAX_HOURS,
    MIN_HOURS,
    NOTE_MAX_LENGTH,
    EndReason,
    HelpArea,
    Meeting,
    MeetingStatus,
    StudyCircle,
    StudySession,
    VolunteerProfile,
    VolunteerStatus,
)
from .projections import women_by_match

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _checkboxes(label, choices, required=False, help_text=""):
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=required, widget=forms.CheckboxSelectMultiple, help_text=help_text
    )


class AvailabilityForm(VersionedForm, forms.ModelForm):
    """Her weekly availability: weekday × morning/afternoon/evening (the template draws a grid)."""

    availability = _checkboxes(_("weekly availability"), AVAILABILITY_CHOICES)

    class Meta:
        model = VolunteerProfile
        fields = ["availability"]


class VolunteerProfileForm(VersionedForm, forms.ModelForm):
    languages = _checkboxes(_("languages"), LANGUAGE_CHOICES)
    help_areas = _checkboxes(_("can help with"), HelpArea.choices)
    availability = _checkboxes(_("weekly availability"), AVAILABILITY_CHOICES)

    class Meta:
        model = VolunteerProfile
        fields = [
            "user",
            "profession",
            "languages",
            "interests",
            "help_areas",
            "availability",
            "capacity",
            "pledge_signed_on",
            "record_extract_seen_on",
            "status",
            "status_reason",
        ]
        widgets = {"pledge_signed_on": DATE, "record_extract_seen_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["user"]
        else:
            self.fields["user"].queryset = User.objects.filter(
                role=Role.VOLUNTEER, is_active=True, volunteer_profile__isnull=True
            )
            self.fields["user"].help_text = _("An account with the contact woman role, created by the coordinator.")
            self.fields["user"].label_from_instance = lambda user: user.display_name


class StudyCircleForm(forms.ModelForm):
    first_date = plausible.DateField(
        label=_("date of the first session"),
        kind=plausible.DateKind.PLAN,
        widget=DATE,
        help_text=_("Eight sessions of 2.5 hours are planned, one a week; you can change each afterwards."),
    )

    class Meta:
        model = StudyCircle
        fields = ["name", "leader", "participants"]
        widgets = {"participants": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["first_date"]
        participants = self.fields["participants"]
        participants.queryset = VolunteerProfile.objects.exclude(status=VolunteerStatus.ENDED).select_related("user")
        participants.label_from_instance = lambda profile: profile.user.display_name


class StudySessionForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = StudySession
        fields = ["date", "hours", "topic"]
        widgets = {"date": DATE}


class MakeUpForm(OnceForm, forms.Form):
    """The coordinator records that she made up a missed session."""

    session = forms.ModelChoiceField(label=_("missed session"), queryset=StudySession.objects.none())
    make_up_on = plausible.DateField(label=_("make-up date"), widget=DATE)
    hours = forms.DecimalField(
        label=_("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[MIN_HOURS, MAX_HOURS],
        initial=DEFAULT_SESSION_HOURS,
    )

    def __init__(self, *args, volunteer: VolunteerProfile, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = (
            StudySession.objects.filter(circle__participants=volunteer)
            .exclude(attendances__volunteer=volunteer)
            .select_related("circle")
        )
        self.fields["session"].label_from_instance = lambda s: f"{s.circle.name} · {s.number}. {s.topic} ({s.date})"


class WishesForm(OnceForm, forms.Form):
    """The woman's wishes on the matching screen."""

    languages = _checkboxes(_("languages"), LANGUAGE_CHOICES)
    interpreter_arranged = forms.BooleanField(
        label=_("an interpreter is arranged"),
        required=False,
        help_text=_("Then a shared language is not required."),
    )
    activities = _checkboxes(_("wished activities"), HelpArea.choices)
    times = _checkboxes(_("wished times"), AVAILABILITY_CHOICES)
    interests = forms.CharField(
        label=_("her interests"), required=False, max_length=200, help_text=_("A few words, e.g. cooking, football.")
    )
    not_wanted = forms.CharField(label=_("what she does not want"), required=False, max_length=200)

    def wishes(self) -> Wishes:
        data = self.cleaned_data
        return Wishes(
            languages=tuple(data["languages"]),
            activities=tuple(data["activities"]),
            times=tuple(data["times"]),
            interests=data["interests"],
            not_wanted=data["not_wanted"],
            interpreter_arranged=data["interpreter_arranged"],
        )


class MeetingForm(OnceForm, forms.ModelForm):
    """She (or staff) plans a meeting of an active match."""

    starts_at = plausible.DateTimeField(
        label=_("date and time"),
        kind=plausible.DateKind.PLAN,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    class Meta:
        model = Meeting
        fields = ["match", "starts_at", "meeting_type", "place"]

    def __init__(self, *args, matches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["match"].queryset = matches
        self.fields["match"].empty_label = None
        self.fields["match"].label = _("with")
        women = women_by_match(matches)
        self.fields["match"].label_from_instance = lambda match: women[match.pk]


class MeetingHeldForm(VersionedForm, forms.ModelForm):
    """She marks the meeting held: how long it was and, if she wants, a short note for staff."""

    class Meta:
        model = Meeting
        fields = ["duration_hours", "note"]
        widgets = {
            "duration_hours": forms.NumberInput(
                attrs={"step": "0.25", "min": "0.25", "max": "12", "inputmode": "decimal"}
            ),
            "note": forms.Textarea(attrs={"rows": 3, "maxlength": NOTE_MAX_LENGTH}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duration_hours"].required = True

    def _post_clean(self):
        # Validate as the held meeting it is about to become (the model checks the duration).
        self.instance.status = MeetingStatus.HELD
        super()._post_clean()


class MatchEndForm(forms.Form):
    end_reason = forms.ChoiceField(label=_("reason for ending"), choices=[("", "---------"), *EndReason.choices])
