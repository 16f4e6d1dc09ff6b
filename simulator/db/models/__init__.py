"""All tables, one module per domain, one naming scheme: XBase, X(table=True), XCreate, XPublic (design §9
rule 3). Importing this package registers every table on ``SQLModel.metadata`` (migrations compare with it);
code imports the names from here."""

from __future__ import annotations

from simulator.db.models.accounts import (  # noqa: F401
    ROLES,
    Cohort,
    CohortBase,
    CohortCreate,
    CohortMember,
    CohortMemberBase,
    CohortMemberCreate,
    CohortMemberPublic,
    CohortPublic,
    CohortUpdate,
    LoginThrottle,
    ScenarioAssignment,
    User,
    UserBase,
    UserCreate,
    UserPublic,
)
from simulator.db.models.audit import (  # noqa: F401
    AuditLog,
    AuditLogBase,
    AuditLogPublic,
)
from simulator.db.models.authoring import (  # noqa: F401
    CATALOG_KINDS,
    CATALOG_SOURCES,
    CatalogDraft,
    CatalogVersion,
)
from simulator.db.models.base import (  # noqa: F401
    new_id,
    utcnow,
)
from simulator.db.models.certification import (  # noqa: F401
    Certificate,
    CertificateBase,
    CertificatePublic,
    CertificateRevoke,
    Programme,
    ProgrammeBase,
    ProgrammeCreate,
    ProgrammePublic,
    TranscriptGrant,
    TranscriptGrantBase,
    TranscriptGrantPublic,
)
from simulator.db.models.exams import Exam, ExamGrant, exam_public  # noqa: F401
from simulator.db.models.practice import (  # noqa: F401
    CaseRun,
    Grade,
    GradeBase,
    GradePublic,
    PracticeSession,
    PracticeSessionBase,
    PracticeSessionCreate,
    PracticeSessionPublic,
    Turn,
    TurnBase,
    TurnCreate,
    TurnPublic,
)
from simulator.db.models.review import (  # noqa: F401
    GradeOverride,
    GradeOverrideBase,
    GradeOverrideCreate,
    GradeOverridePublic,
    TurnComment,
    TurnCommentBase,
    TurnCommentCreate,
    TurnCommentPublic,
)

__all__ = ['AuditLog', 'AuditLogBase', 'AuditLogPublic', 'CaseRun', 'CATALOG_KINDS', 'CATALOG_SOURCES', 'CatalogDraft', 'CatalogVersion', 'Certificate', 'CertificateBase', 'CertificatePublic', 'CertificateRevoke', 'Cohort', 'CohortBase', 'CohortCreate', 'CohortMember', 'CohortMemberBase', 'CohortMemberCreate', 'CohortMemberPublic', 'CohortPublic', 'CohortUpdate', 'Exam', 'ExamGrant', 'Grade', 'GradeBase', 'GradeOverride', 'GradeOverrideBase', 'GradeOverrideCreate', 'GradeOverridePublic', 'GradePublic', 'LoginThrottle', 'PracticeSession', 'PracticeSessionBase', 'PracticeSessionCreate', 'PracticeSessionPublic', 'Programme', 'ProgrammeBase', 'ProgrammeCreate', 'ProgrammePublic', 'ROLES', 'ScenarioAssignment', 'TranscriptGrant', 'TranscriptGrantBase', 'TranscriptGrantPublic', 'Turn', 'TurnBase', 'TurnComment', 'TurnCommentBase', 'TurnCommentCreate', 'TurnCommentPublic', 'TurnCreate', 'TurnPublic', 'User', 'UserBase', 'UserCreate', 'UserPublic', 'exam_public', 'new_id', 'utcnow']
