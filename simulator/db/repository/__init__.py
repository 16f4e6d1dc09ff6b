"""Every query, one module per domain. Keyword-only ``session=``; nothing here commits (services do).

Callers use the package (``from simulator.db import repository as repo``; ``repo.get_user(session=db, …)``);
the modules say where a query belongs."""

from __future__ import annotations

from simulator.db.repository.accounts import (  # noqa: F401
    add_cohort,
    add_member,
    add_user,
    bump_session_epoch,
    cohort_memberships,
    count_users,
    delete_cohort,
    delete_member,
    get_cohort,
    get_cohort_by_name,
    get_member,
    get_user,
    get_user_by_username,
    list_cohorts,
    list_members,
    list_users,
    list_users_by_role,
    member_counts,
    memberships_of,
    users_by_ids,
)
from simulator.db.repository.admin import (  # noqa: F401
    add_audit,
    count_active_sessions,
    grade_counts,
    list_audit,
    llm_turn_outcomes,
    llm_usage_by_session,
    ping,
    schema_revision,
)
from simulator.db.repository.cases import (  # noqa: F401
    add_case_run,
    case_calls,
    close_case_run,
    get_case_run,
    list_case_runs,
)
from simulator.db.repository.certification import (  # noqa: F401
    add_certificate,
    add_programme,
    delete_programme,
    get_certificate,
    get_certificate_by_code,
    get_programme,
    get_programme_by_name,
    get_transcript_grant,
    graded_attempts,
    list_certificates,
    list_programmes,
    programme_in_use,
    set_transcript_grant,
)
from simulator.db.repository.exams import (  # noqa: F401
    add_exam,
    add_exam_grant,
    exam_attempts,
    get_exam,
    grant_counts,
    list_exams,
)
from simulator.db.repository.practice import (  # noqa: F401
    add_grade,
    add_practice_session,
    clock_rows,
    current_grade,
    get_practice_session,
    insert_turn,
    last_turn,
    list_grades,
    list_practice_sessions,
    list_turns,
    next_turn_index,
    previous_attempt,
    set_turn_analysis,
    touch,
    transcript_rows,
    turn_counts,
    update_practice,
)
from simulator.db.repository.review import (  # noqa: F401
    add_grade_override,
    add_turn_comment,
    current_grades,
    latest_grade_override,
    list_turn_comments,
    overridden_grade_ids,
    review_sessions,
    turn_comment_counts,
)

__all__ = ['add_audit', 'add_exam', 'add_exam_grant', 'exam_attempts', 'get_exam', 'grant_counts', 'list_exams', 'add_case_run', 'case_calls', 'close_case_run', 'get_case_run', 'list_case_runs', 'add_certificate', 'add_cohort', 'add_grade', 'add_grade_override', 'add_member', 'add_practice_session', 'add_programme', 'add_turn_comment', 'add_user', 'bump_session_epoch', 'clock_rows', 'cohort_memberships', 'count_active_sessions', 'count_users', 'current_grade', 'current_grades', 'delete_cohort', 'delete_member', 'delete_programme', 'get_certificate', 'get_certificate_by_code', 'get_cohort', 'get_cohort_by_name', 'get_member', 'get_practice_session', 'get_programme', 'get_programme_by_name', 'get_transcript_grant', 'get_user', 'get_user_by_username', 'grade_counts', 'graded_attempts', 'insert_turn', 'last_turn', 'latest_grade_override', 'list_audit', 'list_certificates', 'list_cohorts', 'list_grades', 'list_members', 'list_practice_sessions', 'list_programmes', 'list_turn_comments', 'list_turns', 'list_users', 'list_users_by_role', 'llm_turn_outcomes', 'llm_usage_by_session', 'member_counts', 'memberships_of', 'next_turn_index', 'overridden_grade_ids', 'ping', 'previous_attempt', 'programme_in_use', 'review_sessions', 'schema_revision', 'set_transcript_grant', 'set_turn_analysis', 'touch', 'transcript_rows', 'turn_comment_counts', 'turn_counts', 'update_practice', 'users_by_ids']
