"""The models of regulated protected housing, one module per area."""

from .children import (
    DECIDED_BASES,
    ChildPlacement,
    ChildPlan,
    ChildView,
    Consent,
    LegalBasis,
    OtherGuardian,
    Schooling,
    ViewsObtainedBy,
)
from .permit import (
    CHANGES_NEEDING_APPLICATION,
    PLACES_CONSTRAINT,
    Permit,
    PermitChange,
    PermitChangeKind,
    Premises,
    PremisesRoom,
    StaffOnlyQuerySet,
)
from .quality import Routine, StaffingYear
from .requests import OFFERED_OUTCOMES, PlacementRequest, RequestOutcome, RequestSource, TurnedAwayReason

__all__ = [
    "CHANGES_NEEDING_APPLICATION",
    "DECIDED_BASES",
    "OFFERED_OUTCOMES",
    "PLACES_CONSTRAINT",
    "ChildPlacement",
    "ChildPlan",
    "ChildView",
    "Consent",
    "LegalBasis",
    "OtherGuardian",
    "Permit",
    "PermitChange",
    "PermitChangeKind",
    "PlacementRequest",
    "Premises",
    "PremisesRoom",
    "RequestOutcome",
    "RequestSource",
    "Routine",
    "Schooling",
    "StaffOnlyQuerySet",
    "StaffingYear",
    "TurnedAwayReason",
    "ViewsObtainedBy",
]
