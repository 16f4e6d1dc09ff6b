"""The training material the persona cards quote (issue 21, item 6): the sources, line by line, and where
each field of a card comes from. Any signed-in user may read them (the handbook links here)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from simulator.catalog.provenance import card_provenance, source_lines
from simulator.core.errors import NotFound
from simulator.deps import CatalogDep, CurrentUser, SettingsDep

router = APIRouter(prefix="/api", tags=["sources"])


@router.get("/sources/{name}")
def source(name: str, settings: SettingsDep, user: CurrentUser) -> dict[str, Any]:
    """One source document (``001_589a21ec576e5a99.txt``): its lines, numbered from 1."""
    lines = source_lines(settings.seeds_dir, name)
    if lines is None:
        raise NotFound(f"name: unknown source {name!r}", field="name")
    return {"source": f"seeds/{name}", "lines": list(lines)}


@router.get("/personas/{persona_id}/provenance")
def provenance(persona_id: str, catalog: CatalogDep, settings: SettingsDep, user: CurrentUser) -> dict[str, Any]:
    """Each seed field of a persona card: the source line it quotes, or ``authored`` when it is the card's own."""
    card = catalog.personas.get(persona_id)
    if card is None:
        raise NotFound(f"persona_id: unknown persona {persona_id!r}", field="persona_id")
    return {"persona": persona_id, "source": card.seed.source if card.seed else None,
            "fields": card_provenance(card.seed, settings.seeds_dir)}
