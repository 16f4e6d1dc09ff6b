"""The routers of certification, cohorts and the HR dashboards (issue 6), included by ``create_app``."""

from __future__ import annotations

from fastapi import APIRouter

from simulator.routes.api import approvals as api_approvals
from simulator.routes.api import certificates as api_certificates
from simulator.routes.api import hr_access as api_access
from simulator.routes.api import hr_cohorts as api_cohorts
from simulator.routes.api import hr_dashboards as api_dashboards
from simulator.routes.api import hr_exports as api_exports
from simulator.routes.api import hr_programmes as api_programmes
from simulator.routes.api import hr_records as api_records
from simulator.routes.api import me as api_me
from simulator.routes.pages import approvals as page_approvals
from simulator.routes.pages import certificates as page_certificates
from simulator.routes.pages import hr_access as page_access
from simulator.routes.pages import hr_cohorts as page_cohorts
from simulator.routes.pages import hr_dashboards as page_dashboards
from simulator.routes.pages import hr_exports as page_exports
from simulator.routes.pages import hr_programmes as page_programmes
from simulator.routes.pages import hr_records as page_records
from simulator.routes.pages import path as page_path

ROUTERS: tuple[APIRouter, ...] = (
    api_cohorts.router,
    page_cohorts.router,
    api_programmes.router,
    page_programmes.router,
    api_dashboards.router,
    page_dashboards.router,
    api_access.router,
    page_access.router,
    api_certificates.router,
    page_certificates.router,
    api_exports.router,
    page_exports.router,
    api_records.router,
    page_records.router,
    api_approvals.router,
    page_approvals.router,
    api_me.router,
    page_path.router,
)
