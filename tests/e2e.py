"""Helpers that make end-to-end tests read like a conversation."""

from __future__ import annotations

from tests.fakeapi import ChatClient, SentMessage


async def expect(client: ChatClient, fragment: str, timeout: float = 10) -> SentMessage:  # noqa: ASYNC109
    """Read the bot's next messages until one contains ``fragment``; fail with what came."""
    seen: list[str] = []
    while True:
        try:
            message = await client.reply(timeout=timeout)
        except AssertionError as error:
            raise AssertionError(f"{fragment!r} never came; got: {seen}") from error
        text = " ".join(filter(None, (message.text, message.caption, message.filename)))
        seen.append(text[:120])
        if fragment.casefold() in text.casefold():
            return message


async def create_team(client: ChatClient, town: str = "Musterhausen") -> str:
    """Run /start → new team; returns the invite code."""
    await client.send("/start")
    await expect(client, "Willkommen")
    await client.click("Neues Team")
    await expect(client, "Wie heißt Ihre Kommune")
    await client.send(town)
    await expect(client, "Gemeindetyp")
    await client.click("Kleinstadt")
    await expect(client, "Namen")
    await client.send("1")
    await expect(client, "Gruppe")
    await client.click("Verwaltung")
    created = await expect(client, "ist angelegt")
    return created.text.split("start=")[1].split()[0]


async def join_team(client: ChatClient, code: str, group: str = "Zivilgesellschaft") -> None:
    """Open the deep link and answer the join questions."""
    await client.send(f"/start {code}")
    await expect(client, "Namen")
    await client.send("1")
    await expect(client, "Gruppe")
    await client.click(group)
    await expect(client, "Willkommen im Team")
