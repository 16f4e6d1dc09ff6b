"""The routers of the trainer workspace (issue 5: review, rule tester, audit log, catalog authoring), included by ``create_app``."""

from __future__ import annotations

from fastapi import APIRouter

from simulator.routes.api import audit as api_audit
from simulator.routes.api import authoring as api_authoring
from simulator.routes.api import rubric_editor as api_rubric_editor
from simulator.routes.api import trainer as api_trainer
from simulator.routes.pages import rubric_editor as page_rubric_editor
from simulator.routes.pages import trainer as page_trainer

ROUTERS: tuple[APIRouter, ...] = (api_trainer.router, api_audit.router, page_trainer.router,
                                  api_authoring.router,  # catalog authoring (items 4 and 6)
                                  api_rubric_editor.router, page_rubric_editor.router)  # rubric/rule editors
