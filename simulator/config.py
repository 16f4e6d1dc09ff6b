"""Settings: the one place configuration is read (env prefix ``SIM_``)."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SIM_", env_file=".env", extra="ignore", populate_by_name=True)

    data_dir: Path = Field(default=PROJECT_ROOT / "data", description="SQLite file and other state")
    database_url: str | None = Field(default=None, description="defaults to SQLite under data_dir")
    personas_dir: Path = PROJECT_ROOT / "personas"
    rubrics_dir: Path = PROJECT_ROOT / "rubrics"
    cases_dir: Path = Field(default=PROJECT_ROOT / "personas" / "cases", description="multi-call cases (issue 21)")
    seeds_dir: Path = Field(default=PROJECT_ROOT / "seeds", description="the training material cards quote")
    web_dir: Path = PROJECT_ROOT / "web"
    secret_key: str | None = Field(default=None, description="signs cookies; generated into data_dir if unset")
    token_ttl_minutes: int = 8 * 60
    cookie_secure: bool = False
    session_idle_minutes: int = Field(default=60, ge=1, le=24 * 60,
                                      description="a browser session unused this long must log in again")
    # -- login rate limiting (issues 8, 18): counters in the database, so every worker sees them
    login_max_failures: int = Field(default=5, ge=1, le=100,
                                    description="failed logins of one username from one address ...")
    login_window_minutes: int = Field(default=15, ge=1, le=24 * 60, description="... within this window lock it")
    login_lockout_minutes: int = Field(default=15, ge=1, le=24 * 60,
                                       description="for this long (doubling with each further lock)")
    login_user_max_failures: int = Field(default=20, ge=1, le=10_000,
                                         description="failures of one username from any address before each "
                                                     "further attempt waits (progressive delay, no lock)")
    login_ip_max_failures: int = Field(default=50, ge=1, le=10_000,
                                       description="failures from one client address before each further attempt "
                                                   "from it waits (progressive delay: an office behind NAT is "
                                                   "slowed, never locked out)")
    max_message_chars: int = 2000
    max_body_mb: float = Field(default=2.0, gt=0, le=100,
                               description="largest request body outside file uploads; refused before it is read")
    stream_delay_ms: int = Field(default=18, ge=0, description="pause between streamed reply chunks")
    engine_seed: int | None = Field(default=None, description="fixed seed for every session (tests, demos)")
    workers: int | None = Field(default=None, ge=1, le=64, description="serve: worker processes (None: one per core)")
    host: str = "127.0.0.1"
    port: int = 8000
    # -- operations (issue 8): logs, metrics, readiness, database locks
    log_format: str = Field(default="text", pattern=r"^(text|json)$",
                            description="json: one object per line (production); text: for a terminal")
    log_level: str = Field(default="INFO", pattern=r"^(DEBUG|INFO|WARNING|ERROR)$")
    metrics_token: SecretStr | None = Field(default=None,
                                            description="Bearer token Prometheus sends to /metrics (admins may too)")
    migrate_on_start: bool = Field(default=True,
                                   description="false with several workers: run `collector-sim migrate` once first")
    db_busy_timeout_ms: int = Field(default=15000, ge=0, le=120000,
                                    description="SQLite: how long a write waits for another writer's lock")
    db_inline: bool = Field(default=True, description="SQLite: run the hot paths' database calls on the event loop "
                            "(false with several workers on one SQLite file; PostgreSQL always uses threads)")
    sqlite_checkpoint_seconds: float = Field(default=1.0, ge=0, le=3600, description="SQLite: checkpoint the WAL "
                                             "from a background thread this often (0: at commit, SQLite's default)")
    readiness_timeout: float = Field(default=2.0, gt=0, le=30, description="seconds /readyz waits for the database")
    prometheus_multiproc_dir: str | None = Field(
        default=None, validation_alias=AliasChoices("PROMETHEUS_MULTIPROC_DIR", "prometheus_multiproc_dir"),
        description="several workers: prometheus_client's shared directory (it reads the variable itself too)")
    # -- LLM-played debtors (design §8). With no model (or neither URL nor key) the offline engine plays.
    # The OPENAI_* names are read too, so an existing OpenAI setup works unchanged; SIM_* wins.
    llm_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("SIM_LLM_BASE_URL", "OPENAI_BASE_URL"),
        description="OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 (Ollama)")
    llm_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SIM_LLM_API_KEY", "OPENAI_API_KEY"),
        description="never logged; SecretStr so it does not show in reprs either")
    llm_model: str | None = Field(default=None, validation_alias=AliasChoices("SIM_LLM_MODEL"))
    llm_connect_timeout: float = Field(default=5.0, gt=0, description="seconds to open the connection")
    llm_read_timeout: float = Field(default=30.0, gt=0, description="seconds to wait for the next bytes")
    llm_retry_backoff: float = Field(default=0.5, ge=0, description="seconds before the one retry")
    llm_temperature: float = Field(default=0.8, ge=0, le=2)
    llm_history_token_budget: int = Field(default=1200, ge=100, description="tokens of verbatim history per prompt")
    llm_reads_collector: bool = Field(default=False, description="the model also reads each collector turn into the "
                                                                 "analyzer's terms (moves, violations, pressure); "
                                                                 "rules stay authoritative on red lines")
    llm_price_prompt_per_1k: float = Field(default=0.0, ge=0, description="for cost estimates only")
    llm_price_completion_per_1k: float = Field(default=0.0, ge=0, description="for cost estimates only")
    llm_currency: str = Field(default="¥", max_length=8, description="label of the prices above")
    # -- call mode (issue 7). Server-side speech uses the LLM's endpoint and key (SIM_LLM_BASE_URL,
    # SIM_LLM_API_KEY); with no model here the browser speaks and listens (or the trainee types).
    call_silence_seconds: float = Field(default=8.0, ge=2, le=120,
                                        description="quiet seconds before the debtor asks 喂?还在吗?")
    speech_stt_model: str | None = Field(default=None, description="e.g. whisper-1: /v1/audio/transcriptions")
    speech_tts_model: str | None = Field(default=None, description="e.g. tts-1: /v1/audio/speech")
    speech_voice_male: str = Field(default="onyx", max_length=64, description="server voice for male debtors")
    speech_voice_female: str = Field(default="nova", max_length=64, description="... for female (and unknown)")
    speech_audio_format: str = Field(default="mp3", pattern=r"^(mp3|opus|aac|flac|wav)$")
    speech_max_audio_mb: float = Field(default=10.0, gt=0, le=100, description="largest upload to transcribe")

    def llm_configured(self) -> bool:
        """A model, plus somewhere to send it: a base URL (local servers) or a key (api.openai.com)."""
        return bool(self.llm_model and (self.llm_base_url or self.llm_api_key))

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{self.data_dir / 'collector-sim.db'}"

    def resolved_secret_key(self) -> str:
        """A per-installation secret, generated once and kept in the data dir (never a fixed default)."""
        if self.secret_key:
            return self.secret_key
        import secrets

        self.data_dir.mkdir(parents=True, exist_ok=True)
        path = self.data_dir / "secret.key"
        if not path.exists():
            # Written aside, then linked into place: workers starting together all end up with the
            # first key (a link fails if the file exists) and none reads a half-written file.
            draft = path.with_name(f".secret.key.{secrets.token_hex(8)}")
            draft.write_text(secrets.token_urlsafe(48), encoding="utf-8")
            draft.chmod(0o600)
            try:
                os.link(draft, path)
            except FileExistsError:
                pass
            finally:
                draft.unlink()
        return path.read_text(encoding="utf-8").strip()


def prepare_worker_environment(data_dir: Path) -> None:
    """Environment for ``serve --workers N`` (issue 18): the workers build the app from the environment,
    must not each migrate (the parent did), and share one Prometheus directory unless one is set."""
    import shutil

    os.environ["SIM_MIGRATE_ON_START"] = "false"
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # /metrics adds up every worker's counters
        metrics_dir = data_dir / "prometheus"
        shutil.rmtree(metrics_dir, ignore_errors=True)
        metrics_dir.mkdir(parents=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
