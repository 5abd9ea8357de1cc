"""The ``werkstatt`` command: run the bot, chat in the console, play the demo, maintain the db.

A mistake of the operator (a wrong path, a bad setting, a file in the way) ends with one German
line on stderr and exit code 1 (2 for wrong options), never with a traceback; a bug still shows
one. Every file the command creates is readable by the operator only (umask 077).
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import os
import sys
from importlib.metadata import version
from pathlib import Path

from pydantic import ValidationError

from bot import operator_commands as ops
from bot.cli_parser import GermanParser
from bot.config import (
    LOG_LEVELS,
    MISSING_MATRIX,
    MISSING_TOKEN,
    MISSING_WEBHOOK_SECRET,
    Settings,
    has_matrix_login,
    has_webhook_secret,
)
from bot.operator_commands import CommandError
from dialogs.replies import count
from storage.errors import StorageError

OK, FAILED, USAGE = 0, 1, 2


def _level(text: str) -> str:
    if text.upper() not in LOG_LEVELS:
        raise argparse.ArgumentTypeError(
            f"unbekannte Protokollstufe {text!r} (möglich: {', '.join(LOG_LEVELS)})"
        )
    return text.upper()


def _global_options() -> argparse.ArgumentParser:
    """Options accepted before and after the command (``SUPPRESS``: unset stays unset)."""
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument("--db", type=Path, metavar="DATEI", help="SQLite-Datei (WERKSTATT_DB)")
    common.add_argument(
        "--log-level", type=_level, metavar="STUFE",
        help="DEBUG, INFO, WARNING oder ERROR (WERKSTATT_LOG_LEVEL)",
    )  # fmt: skip
    return common


def _parser() -> argparse.ArgumentParser:
    common = _global_options()
    parser = GermanParser(
        prog="werkstatt",
        description="Smart-City-Werkstatt: Telegram-Bot für die Smart-City-Strategie.",
        parents=[common],
    )
    parser.add_argument(
        "--version", action="version", version=version("smartcity-werkstatt"),
        help="Versionsnummer zeigen und beenden",
    )  # fmt: skip
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="BEFEHL", title="Befehle"
    )

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help_text, description=help_text, parents=[common])

    run = command("run", "Bot starten (Telegram, mit --messenger matrix: Matrix)")
    run.add_argument(
        "--messenger", choices=("telegram", "matrix"), help="Messenger (WERKSTATT_MESSENGER)"
    )
    run.add_argument("--token", help="Bot-Token von @BotFather (TELEGRAM_BOT_TOKEN)")
    run.add_argument("--api-base-url", help="Bot-API-Adresse (WERKSTATT_API_BASE_URL)")
    run.add_argument("--webhook-url", help="Öffentliche Webhook-Adresse (WERKSTATT_WEBHOOK_URL)")
    run.add_argument("--webhook-secret", help="Webhook-Geheimnis (WERKSTATT_WEBHOOK_SECRET)")
    run.add_argument("--webhook-port", type=int, help="Port des Webhooks (WERKSTATT_WEBHOOK_PORT)")
    run.add_argument(
        "--webhook-host", help="Adresse des Webhooks, Standard 127.0.0.1 (WERKSTATT_WEBHOOK_HOST)"
    )
    run.add_argument("--output-dir", type=Path, help="Ablage für Dateien (WERKSTATT_OUTPUT_DIR)")

    console = command("console", "Im Terminal chatten, ohne Telegram")
    console.add_argument("--user-id", type=int, default=1, help="Kennung der Person (Standard 1)")
    console.add_argument("--name", default=None, help="Anzeigename (Standard: Ihr Login)")
    console.add_argument("--output-dir", type=Path, help="Ablage für Grafiken und Dateien")

    demo = command("demo", "Beispiel-Werkstatt durchspielen, Ergebnisse ablegen")
    demo.add_argument("--out", type=Path, default=Path("demo-ausgabe"), help="Zielordner")

    command("migrate", "Datenbankschema aktualisieren")
    backup = command("backup", "Geprüfte Sicherungskopie der Datenbank, auch im laufenden Betrieb")
    backup.add_argument("path", type=Path, metavar="ZIEL", help="Zieldatei der Sicherung")
    backup.add_argument("--force", action="store_true", help="vorhandene Zieldatei ersetzen")
    restore = command("restore", "Datenbank aus einer Sicherung wiederherstellen (Bot anhalten)")
    restore.add_argument("path", type=Path, metavar="SICHERUNG", help="Datei der Sicherung")
    restore.add_argument("--force", action="store_true", help="vorhandene Datenbank ersetzen")
    export = command("export", "Alle Daten eines Teams als ZIP (wie /export im Chat)")
    export.add_argument("path", type=Path, metavar="ZIEL", help="Zieldatei, z. B. export.zip")
    export.add_argument("--team", help="Nummer oder Kommune des Teams (bei nur einem Team: leer)")
    export.add_argument("--force", action="store_true", help="vorhandene Zieldatei ersetzen")
    export.add_argument(
        "--mit-kennungen", action="store_true", dest="accounts",
        help="mit Telegram-Kennungen, damit die Mitglieder nach einem Import weiterarbeiten",
    )  # fmt: skip
    imported = command("import", "Ein Team aus seinem Export (ZIP oder daten.json) übernehmen")
    imported.add_argument("path", type=Path, metavar="EXPORT", help="export.zip oder daten.json")
    health = command("health", "Prüfen, ob der Bot läuft (für Container und Überwachung)")
    health.add_argument(
        "--max-age", type=int, default=3, metavar="MINUTEN",
        help="so alt darf die letzte Abfrage bei Telegram höchstens sein (Standard 3)",
    )  # fmt: skip
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    names = (
        "db", "log_level", "token", "api_base_url", "webhook_url", "webhook_secret",
        "webhook_port", "webhook_host", "output_dir", "messenger",
    )  # fmt: skip
    overrides = {n: getattr(args, n) for n in names if getattr(args, n, None) is not None}
    try:
        return Settings(**overrides)
    except ValidationError as error:
        raise CommandError(_setting_error(error)) from None


def _setting_error(error: ValidationError) -> str:
    """The first invalid setting as one German line, named by its environment variable."""
    first = error.errors()[0]
    name = str(first["loc"][0]) if first["loc"] else "?"
    field = Settings.model_fields.get(name)
    name = str(field.validation_alias) if field and field.validation_alias else name
    reasons = {
        "value_error": first["msg"].removeprefix("Value error, "),
        "int_parsing": "keine ganze Zahl",
        "greater_than_equal": f"mindestens {first.get('ctx', {}).get('ge')}",
    }
    reason = reasons.get(first["type"], "ungültiger Wert")
    return f"Ungültige Einstellung {name}={first.get('input')!r}: {reason}"


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``werkstatt`` console script."""
    os.umask(0o077)
    args = _parser().parse_args(argv)
    try:
        settings = _settings(args)
        from bot import logsetup

        secrets = [
            secret.get_secret_value()
            for secret in (settings.token, settings.matrix_access_token, settings.matrix_password)
            if secret is not None
        ]
        logsetup.configure(settings.log_level, *secrets)
        return _dispatch(args, settings)
    except (CommandError, StorageError) as error:
        print(f"werkstatt: {error}", file=sys.stderr)
        return FAILED
    except KeyboardInterrupt:
        return FAILED


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    match args.command:
        case "run":
            if settings.messenger == "matrix" and not has_matrix_login(settings):
                raise CommandError(MISSING_MATRIX)
            if settings.messenger == "telegram" and settings.token is None:
                raise CommandError(MISSING_TOKEN)
            if settings.webhook_url and not has_webhook_secret(settings):
                raise CommandError(MISSING_WEBHOOK_SECRET)
            ops.prepare_database(settings.db)
            try:
                ops.run_matrix(settings) if settings.messenger == "matrix" else ops.run(settings)
            except CommandError:
                raise
            except Exception:
                # Into the (token-redacting) log, never as a raw traceback on stderr.
                logging.getLogger("bot").exception("the bot stopped because of an error")
                return FAILED
        case "console":
            from bot.console.console import run_console

            output_dir = args.output_dir or settings.output_dir
            ops.check_database(settings.db)
            ops.writable_dir(output_dir)
            ops.prepare_database(settings.db)
            asyncio.run(
                run_console(
                    settings.db,
                    user_id=args.user_id,
                    name=args.name or getpass.getuser().capitalize(),
                    output_dir=output_dir,
                    privacy=settings.privacy_notice(),
                )
            )
        case "demo":
            from bot.console.demo import run_demo

            ops.writable_dir(args.out)
            written = asyncio.run(run_demo(args.out))
            print(f"{count(len(written), 'Datei', 'Dateien')} geschrieben nach {args.out}:")
            for path in written:
                print(f"  {path.name}")
        case "migrate":
            ops.prepare_database(settings.db)
            asyncio.run(ops.migrate(settings.db))
        case "backup":
            ops.backup(settings.db, args.path, overwrite=args.force)
        case "restore":
            ops.restore(args.path, settings.db, overwrite=args.force)
        case "export":
            ops.export(
                settings.db, args.path, args.team,
                overwrite=args.force, accounts=args.accounts,
            )  # fmt: skip
        case "import":
            ops.import_export(settings.db, args.path)
        case "health":
            return ops.health(settings.db, minutes=args.max_age)
    return OK


if __name__ == "__main__":
    raise SystemExit(main())
