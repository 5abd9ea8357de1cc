"""Configuration from environment variables or ``.env``; every setting is also a CLI option.

The variable names are a public interface (documented in the README and deploy/werkstatt.env):
keep them stable.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

TELEGRAM_API = "https://api.telegram.org/bot"


class Settings(BaseSettings):
    """All settings of the bot. The token is a secret and never printed or logged."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    token: SecretStr | None = Field(default=None, validation_alias="TELEGRAM_BOT_TOKEN")
    db: Path = Field(default=Path("werkstatt.db"), validation_alias="WERKSTATT_DB")
    api_base_url: str = Field(default=TELEGRAM_API, validation_alias="WERKSTATT_API_BASE_URL")
    webhook_url: str | None = Field(default=None, validation_alias="WERKSTATT_WEBHOOK_URL")
    webhook_secret: SecretStr | None = Field(
        default=None, validation_alias="WERKSTATT_WEBHOOK_SECRET"
    )
    webhook_port: int = Field(default=8080, validation_alias="WERKSTATT_WEBHOOK_PORT")
    webhook_host: str = Field(default="127.0.0.1", validation_alias="WERKSTATT_WEBHOOK_HOST")
    output_dir: Path = Field(
        default=Path("werkstatt-ausgabe"), validation_alias="WERKSTATT_OUTPUT_DIR"
    )
    log_level: str = Field(default="INFO", validation_alias="WERKSTATT_LOG_LEVEL")
    retention_days: int = Field(default=90, ge=2, validation_alias="WERKSTATT_RETENTION_DAYS")

    @property
    def file_base_url(self) -> str:
        """Telegram serves files under ``/file/bot``; a test server mirrors that."""
        return self.api_base_url.removesuffix("/bot").rstrip("/") + "/file/bot"


MISSING_TOKEN = (
    "Kein Bot-Token gesetzt. Legen Sie bei Telegram mit @BotFather einen Bot an (/newbot) und "
    "setzen Sie TELEGRAM_BOT_TOKEN oder --token. Ohne Telegram ausprobieren: werkstatt console\n"
    "No bot token: create a bot with @BotFather (/newbot) and set TELEGRAM_BOT_TOKEN or --token. "
    "To try it without Telegram: werkstatt console"
)

MISSING_WEBHOOK_SECRET = (
    "Der Webhook startet nur mit Geheimnis: setzen Sie WERKSTATT_WEBHOOK_SECRET oder "
    "--webhook-secret (1–256 Zeichen: A–Z, a–z, 0–9, _ und -)."
)

TOKEN_REJECTED = (
    "Telegram hat das Bot-Token abgelehnt (Unauthorized). Prüfen Sie TELEGRAM_BOT_TOKEN – nach "
    "einem /revoke bei @BotFather gilt nur das neue Token."
)


def has_webhook_secret(settings: Settings) -> bool:
    """Whether a non-empty webhook secret is configured."""
    return bool(settings.webhook_secret and settings.webhook_secret.get_secret_value())
