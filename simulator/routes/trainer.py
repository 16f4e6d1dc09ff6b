"""The routers of the trainer workspace (issue 5: review, rule tester, audit log), included by ``create_app``."""

from __future__ import annotations

from fastapi import APIRouter

from simulator.routes.api import audit as api_audit
from simulator.routes.api import authoring as api_authoring
from simulator.routes.api import trainer as api_trainer
from simulator.routes.pages import trainer as page_trainer

ROUTERS: tuple[APIRouter, ...] = (api_trainer.router, api_audit.router, page_trainer.router,
                                  api_authoring.router)  # catalog authoring (items 4 and 6)
