"""The one scoped getter per model of regulation/: out of the user's scope is 404 (jour.access.scope)."""

from __future__ import annotations

from django.http import HttpRequest

from jour.access.scope import get_for_user

from .models import PermitChange, PlacementRequest, Premises, Routine


def get_premises_for_user(request: HttpRequest, pk: int) -> Premises:
    return get_for_user(request, Premises.objects.all(), pk=pk)


def get_permit_change_for_user(request: HttpRequest, pk: int) -> PermitChange:
    return get_for_user(request, PermitChange.objects.all(), pk=pk)


def get_placement_request_for_user(request: HttpRequest, pk: int) -> PlacementRequest:
    return get_for_user(request, PlacementRequest.objects.all(), pk=pk)


def get_routine_for_user(request: HttpRequest, pk: int) -> Routine:
    return get_for_user(request, Routine.objects.all(), pk=pk)
