"""What a person reads when handling an update fails: the real Application against the fake
Bot API, with the workshop service made to fail on purpose."""

from __future__ import annotations

import pytest

from bot.app.service import Workshop
from bot.telegram.app import BUTTON_ERROR_NOTE
from tests.conftest import person
from tests.e2e import create_team, expect


def fail(*args: object, **kwargs: object) -> None:
    raise RuntimeError("Testfehler")


async def test_a_failed_button_press_says_it_did_nothing_and_a_message_points_to_weiter(
    api, bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna = person(api, 3101, "Anna")
    await create_team(anna)
    await anna.send("/schritte")
    await expect(anna, "Arbeitsschritte")
    monkeypatch.setattr(Workshop, "_route", fail)

    # A button: the press is answered (no endless spinner) and the message fits a button.
    answered = len(api.callback_answers)
    await anna.click("AS2 Strategieprozess")
    notice = await expect(anna, "schiefgelaufen")
    assert "Aktion wurde nicht ausgeführt" in notice.text
    assert "Schaltfläche noch einmal" in notice.text and "/schritte" in notice.text
    assert "/weiter" not in notice.text
    await api.wait_for(lambda: len(api.callback_answers) > answered, timeout=5)
    (answer,) = list(api.callback_answers.values())[answered:]
    assert answer.get("text") == BUTTON_ERROR_NOTE

    # A typed message: it may not be stored; /weiter shows the question to send it again.
    await anna.send("Unsere Antwort")
    notice = await expect(anna, "schiefgelaufen")
    assert "/weiter" in notice.text and "Eingabe" in notice.text
