"""The one scoped getter per model of residents/: out of the user's scope is 404 (jour.access.scope)."""

from __future__ import annotations

from django.http import HttpRequest

from jour.access.scope import get_for_user

from .models import Child, JournalEntry, Resident, Room, Stay


def get_resident_for_user(request: HttpRequest, pk: int) -> Resident:
    return get_for_user(request, Resident.objects.all(), pk=pk)


def get_child_for_user(request: HttpRequest, pk: int) -> Child:
    return get_for_user(request, Child.objects.select_related("mother", "designated_staff"), pk=pk)


def get_stay_for_user(request: HttpRequest, pk: int, *, open_only: bool = False) -> Stay:
    stays = Stay.objects.select_related("resident", "room")
    if open_only:
        stays = stays.filter(discharge__isnull=True)
    return get_for_user(request, stays, pk=pk)


def get_journal_entry_for_user(request: HttpRequest, pk: int) -> JournalEntry:
    return get_for_user(request, JournalEntry.objects.select_related("resident", "child", "author"), pk=pk)


def get_room_for_user(request: HttpRequest, pk: int) -> Room:
    return get_for_user(request, Room.objects.all(), pk=pk)
