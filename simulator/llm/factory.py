"""Build the chat provider from Settings: one place decides "LLM or offline engine".

``None`` means no LLM is configured and the offline engine plays (design §8). The OpenAI adapter is
imported lazily so an offline installation never loads the SDK.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from simulator.config import Settings
from simulator.llm.base import ChatProvider

log = logging.getLogger(__name__)


def build_provider(settings: Settings) -> ChatProvider | None:
    if not settings.llm_configured():
        if settings.llm_base_url or settings.llm_api_key:
            log.warning("an LLM endpoint or key is set but SIM_LLM_MODEL is not: the offline engine plays")
        return None
    from simulator.llm.openai_provider import OpenAIProvider

    assert settings.llm_model is not None
    provider = OpenAIProvider(
        model=settings.llm_model,
        base_url=settings.llm_base_url,
        api_key=settings.llm_api_key.get_secret_value() if settings.llm_api_key else None,
        connect_timeout=settings.llm_connect_timeout,
        read_timeout=settings.llm_read_timeout,
        backoff=settings.llm_retry_backoff,
    )
    log.info("LLM-played debtors: %s model %s at %s", provider.name, provider.model, endpoint_label(settings))
    return provider


async def close_provider(provider: ChatProvider | None) -> None:
    close = getattr(provider, "aclose", None)
    if close is not None:
        await close()


def endpoint_label(settings: Settings) -> str:
    """Scheme, host and path of the endpoint for display: never credentials embedded in the URL."""
    if not settings.llm_base_url:
        return "https://api.openai.com/v1" if settings.llm_api_key else "-"
    parts = urlsplit(settings.llm_base_url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return f"{parts.scheme}://{host}{parts.path}"


def describe(settings: Settings, provider: ChatProvider | None) -> dict[str, Any]:
    """What the admin page and ``llm check`` show about the active provider."""
    return {
        "configured": provider is not None,
        "provider": provider.name if provider is not None else "offline",
        "model": provider.model if provider is not None else None,
        "endpoint": endpoint_label(settings) if provider is not None else None,
        "key_set": settings.llm_api_key is not None,
        "connect_timeout": settings.llm_connect_timeout,
        "read_timeout": settings.llm_read_timeout,
        "history_token_budget": settings.llm_history_token_budget,
    }
