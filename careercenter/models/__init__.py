"""All models, one module per aggregate."""

from careercenter.models.applicant import (
    PIPELINE,
    AlertFrequency,
    ApplicantProfile,
    Application,
    ApplicationEvent,
    ApplicationNote,
    ApplicationStatus,
    HeldCredential,
    Resume,
    SavedJob,
    SavedSearch,
    StatusChangeRefused,
)
from careercenter.models.base import Base, utcnow

# -- skill checks (issue 17)
from careercenter.models.check import (
    ApplicationCheck,
    AttemptStatus,
    CheckAnswer,
    CheckAttempt,
    CheckCase,
    CheckEvent,
    CheckEventKind,
    PostingCheck,
    SkillCheck,
)
from careercenter.models.code import (
    CodeImport,
    CodeKind,
    CodeRelation,
    CodeSystem,
    CodeView,
    CodeWord,
    GuestCodeView,
    MedicalCode,
    RelationKind,
)
from careercenter.models.company import Company, NotifyMode
from careercenter.models.moderation import (
    AuditAction,
    AuditEntry,
    AuditLogIsAppendOnly,
    AuditTarget,
    Report,
    ReportOutcome,
    ReportReason,
)

# pay statistics (issue 16)
from careercenter.models.pay import PayPoint, PayRefresh, PayStat
from careercenter.models.posting import ApplyMethod, Posting, PostingStatus, TransitionError
from careercenter.models.user import Role, User, UserSession

__all__ = [
    "PIPELINE",
    "AlertFrequency",
    "ApplicantProfile",
    "Application",
    "ApplicationEvent",
    "ApplicationNote",
    "ApplicationStatus",
    "HeldCredential",
    "Resume",
    "SavedJob",
    "SavedSearch",
    "StatusChangeRefused",
    "ApplyMethod",
    "AuditAction",
    "AuditEntry",
    "AuditLogIsAppendOnly",
    "AuditTarget",
    "Base",
    "CodeImport",
    "CodeKind",
    "CodeRelation",
    "CodeSystem",
    "CodeView",
    "CodeWord",
    "GuestCodeView",
    "MedicalCode",
    "RelationKind",
    "Company",
    "NotifyMode",
    "Posting",
    "PostingStatus",
    "Report",
    "ReportOutcome",
    "ReportReason",
    "Role",
    "TransitionError",
    "User",
    "UserSession",
    "utcnow",
    # -- skill checks (issue 17)
    "ApplicationCheck",
    "AttemptStatus",
    "CheckAnswer",
    "CheckAttempt",
    "CheckCase",
    "CheckEvent",
    "CheckEventKind",
    "PostingCheck",
    "SkillCheck",
    # pay statistics (issue 16)
    "PayPoint",
    "PayRefresh",
    "PayStat",
]
