"""Where each role lands and what its top bar offers (issue 20, item 2).

Each role has a home: a trainee their path (the next recommended scenario first), a trainer the review
queue, HR the cohort overview, an admin the system status. The top bar groups the links a role may follow
(practice, coaching, content, certification, system); a role with one group sees its links flat, others see
one menu per group. The link of the page being shown, and its group, are marked (``aria-current``).
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.web.labels import N_

ALL = ("trainee", "trainer", "hr", "admin")
COACHES = ("trainer", "admin")
MANAGERS = ("hr", "admin")
ADMIN = ("admin",)

HOMES = {"trainee": "/path", "trainer": "/trainer/review", "hr": "/hr", "admin": "/admin"}


@dataclass(frozen=True)
class Link:
    href: str
    key: str  # message key of the link's text
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Group:
    key: str
    links: tuple[Link, ...]


NAV: tuple[Group, ...] = (
    Group(N_("nav_group_practice"), (
        Link("/path", N_("nav_path"), ("trainee",)),
        Link("/scenarios", N_("nav_scenarios"), ALL),
        Link("/cases", N_("nav_cases"), ALL),
        Link("/exams", N_("nav_exams"), ("trainee",)),
        Link("/sessions", N_("nav_sessions"), ALL),
        Link("/guide", N_("nav_guide"), ALL),
    )),
    Group(N_("nav_group_coaching"), (
        Link("/trainer/review", N_("nav_review"), COACHES),
        Link("/trainer/rule-test", N_("nav_rule_test"), COACHES),
        Link("/trainer/grade", N_("grade_upload"), COACHES),
        Link("/trainer/exams", N_("nav_exam_admin"), ("trainer", "hr", "admin")),
    )),
    Group(N_("nav_group_content"), (
        Link("/trainer/personas", N_("nav_authoring"), COACHES),
        Link("/trainer/rubrics", N_("nav_rubrics"), COACHES),
        Link("/hr/approvals", N_("nav_approvals"), MANAGERS),
    )),
    Group(N_("nav_group_certification"), (
        Link("/hr", N_("nav_hr"), ("hr", "admin", "trainer")),
        Link("/hr/cohorts", N_("nav_cohorts"), MANAGERS),
        Link("/hr/programmes", N_("nav_programmes"), MANAGERS),
        Link("/hr/certificates", N_("nav_certificates"), MANAGERS),
        Link("/hr/reassessment", N_("nav_reassessment"), MANAGERS),
        Link("/hr/exports", N_("nav_exports"), MANAGERS),
    )),
    Group(N_("nav_group_system"), (
        Link("/admin", N_("nav_status"), ADMIN),
        Link("/admin/users", N_("nav_users"), ADMIN),
        Link("/admin/llm", N_("nav_admin_llm"), ADMIN),
        Link("/hr/access", N_("nav_access"), ADMIN),
        Link("/admin/audit", N_("nav_audit"), ADMIN),
    )),
)


def home_for(role: str) -> str:
    return HOMES.get(role, "/scenarios")


def _current_href(role: str, path: str) -> str | None:
    """The link the page belongs to: the longest href that is the path or a folder above it."""
    hrefs = [link.href for group in NAV for link in group.links if role in link.roles]
    matches = [h for h in hrefs if path == h or path.startswith(h.rstrip("/") + "/")]
    return max(matches, key=len, default=None)


def menu(role: str, path: str) -> list[dict]:
    """The groups ``role`` sees, each with its links, and which link and group the page at ``path`` is."""
    current = _current_href(role, path)
    groups = []
    for group in NAV:
        links = [{"href": link.href, "key": link.key, "current": link.href == current}
                 for link in group.links if role in link.roles]
        if links:
            groups.append({"key": group.key, "links": links, "current": any(li["current"] for li in links)})
    return groups
