"""A chart taller than a page reaches the chat as several photos, one per part (issue 8.5):
the real Telegram transport against the fake Bot API."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from telegram import Bot

from bot.app.rendering import Renderer
from bot.charts.base import png_size
from bot.charts.parts import MAX_PART_HEIGHT_PX
from bot.telegram.transport import TelegramTransport
from dialogs.replies import Picture
from tests.conftest import TOKEN
from tests.fakeapi import FakeBotApi, FakeUser
from tests.test_chart_impactmodel import _large as large_impact_model


async def test_a_tall_impact_model_is_sent_as_several_readable_photos(api: FakeBotApi) -> None:
    anna = FakeUser(4101, "Anna")
    api.register(anna)
    renderer = Renderer(executor=ThreadPoolExecutor(1))
    picture = Picture(
        chart="wirkungsmodell",
        data=large_impact_model().model_dump(mode="json"),
        caption="Wirkungsmodell",
        filename="wirkungsmodell.png",
    )
    try:
        async with Bot(TOKEN, base_url=api.base_url) as bot:
            transport = TelegramTransport(bot, renderer, db=None)  # type: ignore[arg-type]
            await transport.deliver(f"telegram:{anna.id}", picture, None)
    finally:
        renderer.close()
    photos = [m for m in api.sent_to(anna.id) if m.kind == "photo"]
    assert len(photos) >= 2
    for index, photo in enumerate(photos, start=1):
        assert f"Wirkungsmodell ({index}/{len(photos)})" in (photo.caption or "")
        width, height = png_size(photo.file_bytes or b"")
        assert width == 1080 and height <= MAX_PART_HEIGHT_PX
    assert "Maßnahme 1:" in (photos[0].caption or "") + " ".join(
        m.text or "" for m in api.sent_to(anna.id)
    )  # the text version of the whole chart comes with the first part
