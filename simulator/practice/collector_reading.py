"""Ask the configured model to read a collector turn (opt-in, ``SIM_LLM_READS_COLLECTOR``; issue 16).

One schema-checked JSON completion at temperature 0 (``analysis/model_reading.py`` holds the prompt,
the schema and the merge). It never raises: on a timeout, an error or a reply that does not fit the
schema the offline reading stands alone and the reason is returned for the metrics.
"""

from __future__ import annotations

import asyncio
import logging

from simulator.analysis import model_reading
from simulator.analysis.model_reading import ModelReading
from simulator.llm.base import ChatProvider, ProviderError

log = logging.getLogger(__name__)


async def read(provider: ChatProvider, text: str, heard: str = "", *,
               timeout: float = 10.0) -> tuple[ModelReading | None, str | None]:
    """(the model's reading, None) or (None, why not)."""
    try:
        completion = await asyncio.wait_for(
            provider.complete(model_reading.messages(text, heard), temperature=0, json_mode=True, max_tokens=200),
            timeout)
        return model_reading.parse(completion.text), None
    except TimeoutError:
        return None, "timeout"
    except ProviderError as exc:
        return None, exc.reason
    except ValueError:
        return None, "bad_response"
    except Exception:  # a provider bug must not cost the turn
        log.exception("reading a collector turn with %s failed", provider.model)
        return None, "error"
