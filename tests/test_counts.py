"""Counted nouns in the bot's texts take the grammatical number of their count."""

from __future__ import annotations

from bot.app.team_actions import INVITE_TTL, new_code
from dialogs.replies import Message, count
from tests.test_strategy_actions import ANNA, Team, team  # noqa: F401  (fixture)


def test_count_uses_the_singular_only_for_one() -> None:
    assert count(1, "Frage", "Fragen") == "1 Frage"
    assert [count(n, "Frage", "Fragen") for n in (0, 2)] == ["0 Fragen", "2 Fragen"]


async def test_revoking_one_invitation_says_so_in_the_singular(team: Team) -> None:  # noqa: F811
    async with team.db.transaction() as tx:
        member = next(m for m in await tx.members.list(team.team_id) if m.display_name == "Anna")
        await tx.invites.create(team.team_id, member.id, new_code(), INVITE_TTL)
    (said,) = await team.press(ANNA, "revoke")
    assert isinstance(said, Message)
    assert said.text.startswith("🚫 1 Einladung widerrufen.")
