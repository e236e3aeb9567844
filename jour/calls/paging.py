"""Paging through the support contacts without counting 1.5 million of them on every page.

Django's Paginator counts every row of the list to number its pages: 60–70 ms for the unfiltered
contact list at national scale, on every page view. CappedPaginator counts at most COUNT_CAP rows (the
first ones the database finds, in no order: a few milliseconds). Up to the cap nothing changes; above
it the page says "more than 10 000 rows" and is walked with Previous and Next, each page reading one
row beyond its own to know whether there is a next one. Filtering (by date, for instance) brings a long
list under the cap again.
"""

from __future__ import annotations

from math import ceil

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

COUNT_CAP = 10_000
# No list has this many pages; a larger number would overflow PostgreSQL's OFFSET (a 500, not a page).
MAX_PAGE_NUMBER = 10**9


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def count(self) -> int:
        """The number of rows up to the cap; cap + 1 means "more" (see `capped`)."""
        # Only the ids, in no order: the database stops at the first cap + 1 rows it finds.
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @property
    def cap_label(self) -> str:
        """10 000, with a no-break space, as the report writes numbers."""
        return f"{self.cap:,}".replace(",", "\u00a0")

    @cached_property
    def num_pages(self) -> int:
        if not self.capped:
            return super().num_pages
        # Only asked for a page past the end (get_page then shows the last one): count them all, once.
        return max(1, ceil(self.object_list.order_by().count() / self.per_page))

    def validate_number(self, number) -> int:
        if not self.capped:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(_("That page number is not an integer")) from None
        if number < 1:
            raise EmptyPage(_("That page number is less than 1"))
        if number > MAX_PAGE_NUMBER:
            raise EmptyPage(_("That page contains no results"))
        return number

    def get_page(self, number) -> Page:
        try:
            return super().get_page(number)
        except EmptyPage:
            # Past the end of a list longer than the cap (only reading the page tells): its last page.
            return self.page(self.num_pages)

    def page(self, number) -> Page:
        if not self.capped:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage(_("That page contains no results"))
        return CappedPage(rows[: self.per_page], number, self, has_next=len(rows) > self.per_page)


class CappedPage(Page):
    """A page of a list longer than the cap: it knows whether a next page exists, not how many there are."""

    def __init__(self, object_list, number, paginator, *, has_next: bool):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self) -> bool:
        return self._has_next

    def end_index(self) -> int:
        return self.start_index() + len(self.object_list) - 1
