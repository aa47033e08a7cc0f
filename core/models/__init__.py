"""SQLModel tables; importing this package registers every table on `SQLModel.metadata`."""

from core.models.base import utcnow
from core.models.console import ConsoleLoginLink, ConsoleSession
from core.models.households import (
    STOVE_ACTIVE_DURING_SQL,
    STOVE_ACTIVE_ON_SQL,
    Household,
    HouseholdBase,
    Phone,
    Stove,
    StoveBase,
    stove_active_during,
    stove_active_on,
    stove_dates_active_during,
)
from core.models.kpt import KPT_PHASES, KptMeasurement, KptMeasurementBase
from core.models.ledger import (
    LedgerAdjustment,
    LedgerBlock,
    LedgerBlockBase,
    LedgerChainEntry,
    LedgerCounter,
    LedgerHoldingsSnapshot,
    LedgerIssuance,
    LedgerIssuanceBase,
    LedgerRecord,
    LedgerRecordBase,
    LedgerReportReference,
)
from core.models.messages import (
    BotState,
    ConversationState,
    DeliveryEvent,
    InboundMessage,
    OutboundMessage,
    TelegramUpdate,
)
from core.models.overlap import OVERLAP_TARGETS, OverlapClaim, OverlapClaimBase, OverlapImport
from core.models.privacy import AccessLogEntry, Consent, Erasure
from core.models.review import ReviewResolution
from core.models.scheduler import JOBS_TABLE, SchedulerJob
from core.models.staff import (
    STAFF_ROLES,
    StaffDistrict,
    StaffEmailCode,
    StaffInvite,
    StaffMember,
)
from core.models.usage import RepairTicket, UsageObservation
from core.models.verification import SampleDraw, SampleMember, Visit, VisitBase

__all__ = [
    "STOVE_ACTIVE_DURING_SQL",
    "STOVE_ACTIVE_ON_SQL",
    "stove_active_during",
    "stove_active_on",
    "stove_dates_active_during",
    "AccessLogEntry",
    "Consent",
    "Erasure",
    "BotState",
    "ConsoleLoginLink",
    "ConsoleSession",
    "ConversationState",
    "DeliveryEvent",
    "Household",
    "HouseholdBase",
    "InboundMessage",
    "KPT_PHASES",
    "KptMeasurement",
    "KptMeasurementBase",
    "LedgerAdjustment",
    "LedgerBlock",
    "LedgerBlockBase",
    "LedgerChainEntry",
    "LedgerCounter",
    "LedgerIssuance",
    "LedgerHoldingsSnapshot",
    "LedgerIssuanceBase",
    "LedgerRecord",
    "LedgerRecordBase",
    "LedgerReportReference",
    "OutboundMessage",
    "OVERLAP_TARGETS",
    "OverlapClaim",
    "OverlapClaimBase",
    "OverlapImport",
    "Phone",
    "RepairTicket",
    "ReviewResolution",
    "JOBS_TABLE",
    "SampleDraw",
    "SchedulerJob",
    "SampleMember",
    "STAFF_ROLES",
    "StaffDistrict",
    "StaffEmailCode",
    "StaffInvite",
    "StaffMember",
    "Stove",
    "StoveBase",
    "TelegramUpdate",
    "UsageObservation",
    "Visit",
    "VisitBase",
    "utcnow",
]
