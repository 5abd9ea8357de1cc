"""The ``werkstatt`` command: run the bot, chat in the console, play the demo, maintain the db."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import sys
from importlib.metadata import version
from pathlib import Path

from bot.config import (
    MISSING_TOKEN,
    MISSING_WEBHOOK_SECRET,
    Settings,
    has_webhook_secret,
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="werkstatt",
        description="Smart-City-Werkstatt: Telegram-Bot für die Smart-City-Strategie.",
    )
    parser.add_argument("--version", action="version", version=version("smartcity-werkstatt"))
    parser.add_argument("--db", type=Path, help="SQLite-Datei (WERKSTATT_DB)")
    parser.add_argument("--log-level", help="DEBUG, INFO, WARNING … (WERKSTATT_LOG_LEVEL)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="BEFEHL")

    run = commands.add_parser("run", help="Telegram-Bot starten")
    run.add_argument("--token", help="Bot-Token von @BotFather (TELEGRAM_BOT_TOKEN)")
    run.add_argument("--api-base-url", help="Bot-API-Adresse (WERKSTATT_API_BASE_URL)")
    run.add_argument("--webhook-url", help="Öffentliche Webhook-Adresse (WERKSTATT_WEBHOOK_URL)")
    run.add_argument("--webhook-secret", help="Webhook-Geheimnis (WERKSTATT_WEBHOOK_SECRET)")
    run.add_argument("--webhook-port", type=int, help="Port des Webhooks (WERKSTATT_WEBHOOK_PORT)")
    run.add_argument(
        "--webhook-host", help="Adresse des Webhooks, Standard 127.0.0.1 (WERKSTATT_WEBHOOK_HOST)"
    )
    run.add_argument("--output-dir", type=Path, help="Ablage für Dateien (WERKSTATT_OUTPUT_DIR)")

    console = commands.add_parser("console", help="Im Terminal chatten, ohne Telegram")
    console.add_argument("--user-id", type=int, default=1, help="Kennung der Person (Standard 1)")
    console.add_argument("--name", default=None, help="Anzeigename (Standard: Ihr Login)")
    console.add_argument("--output-dir", type=Path, help="Ablage für Grafiken und Dateien")

    demo = commands.add_parser("demo", help="Beispiel-Werkstatt durchspielen, Ergebnisse ablegen")
    demo.add_argument("--out", type=Path, default=Path("demo-ausgabe"), help="Zielordner")

    commands.add_parser("migrate", help="Datenbankschema aktualisieren")
    backup = commands.add_parser(
        "backup", help="Sicherungskopie der Datenbank im laufenden Betrieb"
    )
    backup.add_argument("path", type=Path, help="Zieldatei")
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    names = (
        "db", "log_level", "token", "api_base_url", "webhook_url", "webhook_secret",
        "webhook_port", "webhook_host", "output_dir",
    )  # fmt: skip
    overrides = {n: getattr(args, n) for n in names if getattr(args, n, None) is not None}
    return Settings(**overrides)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``werkstatt`` console script."""
    args = _parser().parse_args(argv)
    settings = _settings(args)
    from bot import logsetup

    secrets = [settings.token.get_secret_value()] if settings.token else []
    logsetup.configure(settings.log_level, *secrets)
    if args.command == "run":
        if settings.token is None:
            print(MISSING_TOKEN, file=sys.stderr)
            return 2
        if settings.webhook_url and not has_webhook_secret(settings):
            print(MISSING_WEBHOOK_SECRET, file=sys.stderr)
            return 2
        return _run(settings)
    elif args.command == "console":
        from bot.console import run_console

        asyncio.run(
            run_console(
                settings.db,
                user_id=args.user_id,
                name=args.name or getpass.getuser().capitalize(),
                output_dir=args.output_dir or settings.output_dir,
            )
        )
    elif args.command == "demo":
        from bot.demo import run_demo

        args.out.mkdir(parents=True, exist_ok=True)
        written = asyncio.run(run_demo(args.out))
        print(f"{len(written)} Dateien geschrieben nach {args.out}:")
        for path in written:
            print(f"  {path.name}")
    elif args.command == "migrate":
        asyncio.run(_migrate(settings.db))
    elif args.command == "backup":
        asyncio.run(_backup(settings.db, args.path))
    return 0


def _run(settings: Settings) -> int:
    """Run the bot; an error ends up in the (redacting) log, never as a raw traceback."""
    from bot.telegram.app import run_bot

    try:
        return asyncio.run(run_bot(settings))
    except Exception:
        logging.getLogger("bot").exception("the bot stopped because of an error")
        return 1


async def _migrate(path: Path) -> None:
    from storage.database import Database

    async with await Database.open(path):
        print(f"Datenbank {path} ist auf dem neuesten Stand.")


async def _backup(path: Path, target: Path) -> None:
    from storage.database import Database

    async with await Database.open(path) as db:
        await db.backup(target)
        print(f"Sicherung geschrieben: {target}")


if __name__ == "__main__":
    raise SystemExit(main())
