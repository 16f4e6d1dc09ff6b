"""Settings: the one place configuration is read (env prefix ``SIM_``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SIM_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=PROJECT_ROOT / "data", description="SQLite file and other state")
    database_url: str | None = Field(default=None, description="defaults to SQLite under data_dir")
    personas_dir: Path = PROJECT_ROOT / "personas"
    rubrics_dir: Path = PROJECT_ROOT / "rubrics"
    web_dir: Path = PROJECT_ROOT / "web"
    secret_key: str | None = Field(default=None, description="signs cookies; generated into data_dir if unset")
    token_ttl_minutes: int = 8 * 60
    cookie_secure: bool = False
    max_message_chars: int = 2000
    stream_delay_ms: int = Field(default=18, ge=0, description="pause between streamed reply chunks")
    engine_seed: int | None = Field(default=None, description="fixed seed for every session (tests, demos)")
    host: str = "127.0.0.1"
    port: int = 8000

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
            path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
            path.chmod(0o600)
        return path.read_text(encoding="utf-8").strip()
