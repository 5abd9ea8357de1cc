"""What the operator's settings and the messenger conventions look like to people in Telegram:
the privacy notice, command menus by chat type and role, descriptions, chat actions."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import health
from bot.config import Settings
from tests.conftest import person, running_bot
from tests.e2e import create_team, expect, join_team
from tests.fakeapi import FakeBotApi

OPERATOR = "Stadt Lindenau, Hauptamt, Markt 1, 01234 Lindenau"
CONTACT = "datenschutz@lindenau.de"


@pytest.fixture
async def operated_bot(
    api: FakeBotApi, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[object]:
    """The bot of an operator who filled in the privacy settings."""
    monkeypatch.setenv("WERKSTATT_OPERATOR", OPERATOR)
    monkeypatch.setenv("WERKSTATT_PRIVACY_CONTACT", CONTACT)
    async with running_bot(api, db_path) as running:
        yield running


def test_notice_with_and_without_operator_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("WERKSTATT_OPERATOR", "WERKSTATT_PRIVACY_CONTACT", "WERKSTATT_LEGAL_BASIS"):
        monkeypatch.delenv(name, raising=False)
    unset = Settings(retention_days=30).privacy_notice()
    text = unset.full()
    assert "noch keinen Namen eingetragen" in text and "Datenschutz-Kontakt" not in text
    assert "Art. 6 Abs. 1 lit. e DSGVO" in text and "nach 30 Tagen" in text
    assert "außerhalb der EU" in text and "/meinedaten" in text and "/loeschen" in text
    assert "Telegram-Profilnamen speichere ich nicht" in text
    assert "noch nicht eingetragen" in unset.short()

    monkeypatch.setenv("WERKSTATT_OPERATOR", "Gemeinde <Au> & Co")
    monkeypatch.setenv("WERKSTATT_PRIVACY_CONTACT", CONTACT)
    monkeypatch.setenv("WERKSTATT_LEGAL_BASIS", "Einwilligung nach Art. 6 Abs. 1 lit. a DSGVO")
    notice = Settings().privacy_notice()
    text = notice.full()
    assert "Gemeinde &lt;Au&gt; &amp; Co" in text  # HTML-escaped for Telegram
    assert f"Datenschutz-Kontakt: {CONTACT}" in text and "lit. a DSGVO" in text
    assert "lit. e" not in text and "noch keinen Namen" not in text
    short = notice.short()
    assert "Gemeinde &lt;Au&gt;" in short and "/datenschutz" in short
    assert len(short) < len(text) / 3


async def test_privacy_notice_names_the_operator_on_joining_and_in_full(
    api: FakeBotApi, operated_bot: object
) -> None:
    anna, ben = person(api, 8101, "Anna"), person(api, 8102, "Ben")
    code = await create_team(anna)
    created = [t for t in anna.texts() if "ist angelegt" in t][-1]
    assert "Kurz zum Datenschutz" in created and OPERATOR in created
    await join_team(ben, code)
    joined = [t for t in ben.texts() if "Willkommen im Team" in t][-1]
    assert OPERATOR in joined and "/datenschutz" in joined
    await ben.send("/datenschutz")
    full = await expect(ben, "Datenschutzhinweis")
    assert OPERATOR in full.text and CONTACT in full.text
    assert "außerhalb der EU" in full.text and "nach 90 Tagen" in full.text


async def test_menus_by_chat_type_and_role_and_german_descriptions(
    api: FakeBotApi, bot: object, db_path: Path
) -> None:
    private = dict(api.bot_commands({"type": "all_private_chats"}))
    assert "schritte" in private and "datenschutz" in private
    assert not {"export", "erinnern", "live"} & private.keys()
    assert [name for name, _ in api.bot_commands({"type": "all_group_chats"})] == ["live"]
    assert "Smart-City-Strategie" in api.descriptions[("description", "")]
    assert len(api.descriptions[("short_description", "")]) <= 120

    anna, ben = person(api, 8201, "Anna"), person(api, 8202, "Ben")
    code = await create_team(anna)
    await api.wait_for(lambda: api.bot_commands({"type": "chat", "chat_id": anna.user.id}))
    moderation = dict(api.bot_commands({"type": "chat", "chat_id": anna.user.id}))
    assert {"export", "erinnern", "live", "schritte"} <= moderation.keys()
    await join_team(ben, code)
    await ben.send("/hilfe")
    await expect(ben, "So funktioniert")
    await api.wait_for(
        lambda: any(
            c.method.lower() == "deletemycommands"
            and c.params.get("scope", {}).get("chat_id") == ben.user.id
            for c in api.calls
        )
    )
    assert api.bot_commands({"type": "chat", "chat_id": ben.user.id}) == []

    # Every poll leaves a sign of life for `werkstatt health`.
    assert health.problems(db_path) == []

    # While the export is being made, Anna sees „sendet eine Datei …“.
    await anna.send("/export")
    await expect(anna, "export.zip", timeout=60)
    actions = [c.params for c in api.calls_to("sendChatAction")]
    assert {"chat_id": anna.user.id, "action": "upload_document"} in [
        {"chat_id": a.get("chat_id"), "action": a.get("action")} for a in actions
    ]
