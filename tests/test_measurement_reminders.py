"""AS9 measurement reminders: due dates from interval and last value, sent once per due date."""

from datetime import UTC, date, datetime

from bot.app.measurement_reminders import remind_due
from dialogs.records import Answer
from dialogs.reminders import DueMeasurement, add_months, due_measurements
from storage.database import Database

INDICATOR = {
    "name": "Leerstandsquote Altstadt",
    "baseline": 14,
    "baseline_date": "2026-01",
    "interval": "Vierteljährlich",
    "responsible": "Anna (Verwaltung)",
}


def _answer(answer_id: int, prompt: str, value: dict) -> Answer:
    return Answer(
        id=answer_id,
        team_id=1,
        step="as9",
        prompt=prompt,
        subject_id=None,
        author_id=1,
        value=value,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


def test_due_after_one_interval_from_the_last_value() -> None:
    indicator = _answer(1, "indicators", INDICATOR)
    assert due_measurements([indicator], date(2026, 3, 31)) == []
    assert due_measurements([indicator], date(2026, 4, 1)) == [
        DueMeasurement(1, "Leerstandsquote Altstadt", "Anna (Verwaltung)", date(2026, 4, 1))
    ]
    measured = _answer(
        2,
        "measurements",
        {"indicator": " leerstandsquote  altstadt", "date": "2026-05-15", "value": 12},
    )
    assert due_measurements([indicator, measured], date(2026, 8, 14)) == []
    assert due_measurements([indicator, measured], date(2026, 8, 15))[0].due == date(2026, 8, 15)


def test_no_reminder_without_interval_or_responsible_person() -> None:
    for missing in ("interval", "responsible"):
        value = {**INDICATOR, missing: None}
        assert due_measurements([_answer(1, "indicators", value)], date(2030, 1, 1)) == []


def test_add_months_keeps_a_valid_day() -> None:
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


async def test_a_due_reminder_is_queued_once_for_the_responsible_member(tmp_path) -> None:
    async with await Database.open(tmp_path / "r.db") as db:
        async with db.transaction() as tx:
            team = await tx.teams.create("Musterhausen", "Kleinstadt")
            user = await tx.users.get_or_create("telegram:4711", "Anna")
            anna = await tx.members.add(team.id, user.id, "Anna", "moderation", "Verwaltung")
            await tx.answers.add(team.id, "as9", "indicators", anna.id, INDICATOR)
        first = await remind_due(db, date(2026, 4, 2))
        assert len(first) == 1
        async with db.read() as tx:
            item = await tx.outbox.get(first[0])
        assert item is not None and item.chat_id == "telegram:4711" and item.bulk
        assert "Leerstandsquote Altstadt" in item.payload["reply"]["text"]
        assert "01.04.2026" in item.payload["reply"]["text"]
        assert await remind_due(db, date(2026, 4, 3)) == []  # once per due date
        async with db.transaction() as tx:
            await tx.answers.add(
                team.id, "as9", "measurements", anna.id,
                {"indicator": "Leerstandsquote Altstadt", "date": "2026-04", "value": 13},
            )  # fmt: skip
        assert await remind_due(db, date(2026, 5, 1)) == []  # measured: next due in July
        assert len(await remind_due(db, date(2026, 7, 1))) == 1


async def test_the_reminder_button_opens_the_measurements_question(api, bot) -> None:
    from tests.conftest import person
    from tests.e2e import create_team, expect

    anna = person(api, 4712, "Anna")
    await create_team(anna)
    db = bot.services.db
    async with db.transaction() as tx:
        user = await tx.users.by_account("telegram:4712")
        (team, member), *_ = await tx.teams.for_user(user.id)
        responsible = {**INDICATOR, "responsible": "Anna (Verwaltung)"}
        await tx.answers.add(team.id, "as9", "indicators", member.id, responsible)
    await bot.services.courier.submit(await remind_due(db, date(2026, 4, 2)))
    await expect(anna, "ein neuer Messwert fällig")
    await anna.click("Messwert eintragen")
    await expect(anna, "Neue Messwerte")
