"""Model formsets that refuse a management form the page could not have sent.

The hidden counts (TOTAL_FORMS, INITIAL_FORMS) come back from the browser: a negative or inflated
INITIAL_FORMS turns the forms of existing rows into forms for new ones (a tampered answers page once
inserted a question with no position), and an inflated TOTAL_FORMS makes Django build and render up to
2 000 forms (seconds per request). The counts are checked against the rows the formset edits, no more forms
are built than the page offers (a form per row and the empty extra ones), and a formset that must only edit
is made with edit_only=True, so no count can make it add.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms.models import BaseModelFormSet
from django.utils.translation import gettext_lazy as _

STALE_OR_TAMPERED = _(
    "The page is out of date or was changed outside Jour. Nothing was saved: reload it and try again."
)


class CheckedModelFormSet(BaseModelFormSet):
    """A model formset whose bound INITIAL_FORMS must lie between 0 and the number of rows it edits, and whose
    TOTAL_FORMS must not exceed the forms its page offers."""

    def offered_form_count(self) -> int:
        """The forms the page offers: one per row (at least min_num) and the extra empty ones."""
        return max(len(self.get_queryset()), self.min_num) + self.extra

    def total_form_count(self) -> int:
        total = super().total_form_count()
        return min(total, self.offered_form_count()) if self.is_bound else total

    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound or not self.management_form.is_valid():
            return
        initial, total = self.initial_form_count(), self.total_form_count()
        sent = self.management_form.cleaned_data["TOTAL_FORMS"]
        if not 0 <= initial <= min(total, len(self.get_queryset())) or sent > self.offered_form_count():
            self._non_form_errors.append(ValidationError(STALE_OR_TAMPERED, code="management_form"))
