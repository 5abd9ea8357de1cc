"""Configuration from environment variables or ``.env``; every setting is also a CLI option.

The variable names are a public interface (documented in the README and deploy/werkstatt.env):
keep them stable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.present.privacy_notice import (
    DEFAULT_CONTRIBUTION_RETENTION,
    DEFAULT_LEGAL_BASIS,
    PrivacyNotice,
)

TELEGRAM_API = "https://api.telegram.org/bot"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


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
    operator: str | None = Field(default=None, validation_alias="WERKSTATT_OPERATOR")
    privacy_contact: str | None = Field(default=None, validation_alias="WERKSTATT_PRIVACY_CONTACT")
    legal_basis: str = Field(default=DEFAULT_LEGAL_BASIS, validation_alias="WERKSTATT_LEGAL_BASIS")
    contribution_retention: str = Field(
        default=DEFAULT_CONTRIBUTION_RETENTION,
        validation_alias="WERKSTATT_CONTRIBUTION_RETENTION",
    )
    messenger: Literal["telegram", "matrix"] = Field(
        default="telegram", validation_alias="WERKSTATT_MESSENGER"
    )
    matrix_homeserver_url: str | None = Field(
        default=None, validation_alias="MATRIX_HOMESERVER_URL"
    )
    matrix_user_id: str | None = Field(default=None, validation_alias="MATRIX_USER_ID")
    matrix_access_token: SecretStr | None = Field(
        default=None, validation_alias="MATRIX_ACCESS_TOKEN"
    )
    matrix_password: SecretStr | None = Field(default=None, validation_alias="MATRIX_PASSWORD")
    #: Device keys, login and sync token of the Matrix bot (default: beside the database).
    matrix_store_dir: Path | None = Field(default=None, validation_alias="MATRIX_STORE_DIR")

    @field_validator("token", "webhook_url", "webhook_secret", "operator", "privacy_contact",
                     "matrix_homeserver_url", "matrix_user_id", "matrix_access_token",
                     "matrix_password", "matrix_store_dir", mode="before")  # fmt: skip
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        """``TELEGRAM_BOT_TOKEN=`` (as in the env template) means: not set."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("legal_basis", "contribution_retention", mode="before")
    @classmethod
    def _empty_is_default(cls, value: object, info: ValidationInfo) -> object:
        if isinstance(value, str) and not value.strip():
            return cls.model_fields[str(info.field_name)].default
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _known_level(cls, value: object) -> object:
        level = str(value).strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"unbekannte Protokollstufe {value!r}")
        return level

    @property
    def file_base_url(self) -> str:
        """Telegram serves files under ``/file/bot``; a test server mirrors that."""
        return self.api_base_url.removesuffix("/bot").rstrip("/") + "/file/bot"

    def privacy_notice(self) -> PrivacyNotice:
        """The privacy notice with the operator's settings."""
        return PrivacyNotice(
            operator=self.operator,
            contact=self.privacy_contact,
            legal_basis=self.legal_basis,
            contribution_retention=self.contribution_retention,
            message_days=self.retention_days,
        )


MISSING_MATRIX = (
    "Für Matrix fehlen Einstellungen: MATRIX_HOMESERVER_URL, MATRIX_USER_ID und "
    "MATRIX_ACCESS_TOKEN oder MATRIX_PASSWORD (siehe README „Mit Matrix betreiben“)."
)


def has_matrix_login(settings: Settings) -> bool:
    """Whether the Matrix bot can log in (or has logged in before)."""
    return bool(settings.matrix_homeserver_url and settings.matrix_user_id) and (
        settings.matrix_access_token is not None or settings.matrix_password is not None
    )


MISSING_TOKEN = (
    "Kein Bot-Token gesetzt: Legen Sie bei Telegram mit @BotFather einen Bot an (/newbot) und "
    "setzen Sie TELEGRAM_BOT_TOKEN oder --token (ohne Telegram: werkstatt console)."
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
