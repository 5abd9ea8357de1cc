"""``werkstatt demo``: a fictitious municipality plays its workshop through the real engine.

Three people of the invented town Lindenau answer the implemented steps through the same
service, storage and outbox as in Telegram; every chart and document the steps make is written
to a folder, so the outputs can be looked at without a Telegram account.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bot.app.delivery import Courier
from bot.app.incoming import Click, Command, Incoming, Input, Sender
from bot.app.rendering import Renderer
from bot.app.service import Workshop
from bot.console import demo_data as data
from bot.console.console import MESSENGER, ConsoleLinks, address
from dialogs.events import TextInput
from dialogs.replies import Button, Document, Message, Picture, Reply
from storage.backup import write_private
from storage.database import Database

#: The team's group chat, where the facilitator runs a live round.
GROUP = -100_900


class DemoTransport:
    """Keeps the last buttons per chat and writes pictures and documents to a folder."""

    def __init__(self, out: Path, renderer: Renderer) -> None:
        self.out = out
        self.renderer = renderer
        self.buttons: dict[str, list[Button]] = {}
        self.last_text: dict[str, str] = {}
        self.written: dict[str, Path] = {}

    async def deliver(self, chat_id: str, reply: Reply, edit_message_id: str | None) -> None:
        if isinstance(reply, Message):
            self.buttons[chat_id] = [b for row in reply.buttons for b in row]
            self.last_text[chat_id] = reply.text
        elif isinstance(reply, Picture):
            images = await self.renderer.chart(reply.chart, reply.data)
            stem, _, suffix = reply.filename.rpartition(".")
            for index, image in enumerate(images, start=1):
                # A chart in parts: „roadmap.png“, „roadmap-2.png“, … (first part as usual).
                name = reply.filename if index == 1 else f"{stem}-{index}.{suffix}"
                self._write(name, image.png)
        elif isinstance(reply, Document) and reply.text is not None:
            self._write(reply.filename, reply.text.encode("utf-8"))
        elif isinstance(reply, Document):
            self._write(
                reply.filename, await self.renderer.document(reply.builder or "", reply.data)
            )

    async def clear_buttons(self, chat_id: int, message_id: int) -> None:
        """Nothing to do: the demo keeps only the newest buttons per chat."""

    def _write(self, name: str, content: bytes) -> None:
        path = self.out / name
        write_private(path, content)
        self.written[name] = path


class DemoPerson:
    """One fictitious person talking to the workshop service."""

    def __init__(self, demo: Demo, number: int, name: str) -> None:
        self.demo = demo
        self.sender = Sender(address(number), name)

    async def say(self, text: str, *, chat: int | None = None) -> None:
        """Write ``text`` in the private chat (or in the group ``chat``)."""
        if text.startswith("/"):
            name, _, arg = text[1:].partition(" ")
            await self._send(Command(name=name, arg=arg), chat)
        else:
            await self._send(TextInput(text=text), chat)

    @property
    def last_text(self) -> str:
        """The last message this person got."""
        return self.demo.transport.last_text.get(self.sender.account, "")

    @property
    def first_name(self) -> str:
        return self.sender.name.split()[0]

    async def answer(self, *answers: str | None) -> None:
        """Answer prompts in order; None presses „Überspringen“."""
        for answer in answers:
            if answer is None:
                await self.press("Überspringen")
            else:
                await self.say(answer)

    async def open(self, label: str) -> None:
        """Open a work step (or part) from the overview."""
        await self.say("/schritte")
        await self.press(label)

    async def press(self, label: str, *, chat: int | None = None) -> None:
        """Press the button of the last message (in the private chat or the group ``chat``)."""
        chat_address = address(chat) if chat else self.sender.account
        buttons = self.demo.transport.buttons.get(chat_address, [])
        match = next((b for b in buttons if label.casefold() in b.label.casefold()), None)
        if match is None or not match.value:
            labels = ", ".join(b.label for b in buttons)
            raise RuntimeError(
                f"Demo: keine Schaltfläche {label!r} (vorhanden: {labels}); zuletzt: "
                f"{self.last_text[:300]!r}"
            )
        await self._send(Click(button_id=match.value), chat)

    async def _send(self, payload: Input, chat: int | None = None) -> None:
        if chat is None:
            incoming = Incoming(None, self.sender.account, "private", self.sender, payload)
        else:  # the demo's facilitator administers the group
            incoming = Incoming(None, address(chat), "group", self.sender, payload, None, True)
        await self.demo.courier.submit(await self.demo.workshop.process(incoming))
        await self.demo.courier.drain()


class Demo:
    def __init__(self, db: Database, transport: DemoTransport) -> None:
        self.transport = transport
        self.workshop = Workshop(db, links=ConsoleLinks())
        self.courier = Courier(db, transport, messenger=MESSENGER)

    def person(self, number: int, name: str) -> DemoPerson:
        return DemoPerson(self, number, name)


async def play_as1(petra: DemoPerson, jonas: DemoPerson, aylin: DemoPerson) -> None:
    """Concepts, questionnaire round, data, SWOT and a large actor map."""
    await petra.open("AS1 Konzepte")
    for title, kind, year, goals, _, _ in data.CONCEPTS:
        await petra.say(title)
        await petra.say(kind)
        await petra.say(year)
        await petra.say(goals)
    await petra.press("Fertig")
    for *_, needs, _chances in data.CONCEPTS:
        await petra.say(needs)
    for *_, chances in data.CONCEPTS:
        await petra.say(chances)

    await petra.open("Fragebogen vorbereiten")
    for _, numbers in data.QUESTION_SELECTION:
        await petra.say(numbers)
    await petra.say("2, 3")  # Jonas and Aylin
    await petra.press("Ja, jetzt senden")
    for person_ in (jonas, aylin):
        await person_.press("Fragebogen beantworten")
        for answer in data.QUESTIONNAIRE_ANSWERS[person_.first_name]:
            await person_.say(answer)
    await aylin.say("/pause")  # Aylin answers the rest later

    await jonas.open("AS1 Dateninfrastruktur")
    for name, frequency, method in data.DATA_EXISTING:
        await jonas.say(name)
        await jonas.say(frequency)
        await jonas.say(method)
    await jonas.press("Fertig")
    await jonas.say(data.DATA_ETHICS)
    for lines in (data.DATA_NEEDS, data.PLATFORM):
        for line in lines:
            await jonas.say(line)
        await jonas.press("Fertig")

    for person_ in (petra, jonas, aylin):
        await person_.open("AS1 SWOT")
        for entries in data.SWOT[person_.first_name]:
            for entry in entries:
                await person_.say(entry)
            await person_.press("Fertig")

    await petra.open("AS1 Akteursmapping")
    await petra.say("1, 2, 3, 4, 5, 6")  # all suggested actor groups
    half = len(data.ACTORS) // 2
    for person_, actors in ((jonas, data.ACTORS[:half]), (aylin, data.ACTORS[half:])):
        await person_.open("AS1 Akteursmapping")
        if person_ is jonas:
            await person_.press("Beibehalten")  # the groups Petra chose
        for name, group, ring in actors:
            await person_.say(name)
            await person_.say(group)
            await person_.say(ring)
            await person_.press("Überspringen")  # no note
        await person_.press("Fertig")


async def play_as2(petra: DemoPerson) -> None:
    """Key components and a two-year process plan."""
    await petra.open("AS2")
    for status, note in data.COMPONENTS:
        await petra.say(status)
        if note:
            await petra.say(note)
        else:
            await petra.press("Überspringen")
    await petra.say(data.STEERING)
    await petra.say(data.PARTICIPATION)
    for title, lane, start, end, responsible in data.PLAN:
        await petra.say(title)
        await petra.say(lane)
        await petra.say(start)
        if end:
            await petra.say(end)
        else:
            await petra.press("Überspringen")
        if responsible:
            await petra.say(responsible)
        else:
            await petra.press("Überspringen")
    await petra.press("Fertig")


async def play_as4(jonas: DemoPerson) -> None:
    """The model, seven fields of action with roles, and experts from the actor map."""
    await jonas.open("AS4")
    await jonas.say(data.FIELD_MODEL)
    for name, description, focus, role, lead, _ in data.FIELDS:
        for answer in (name, description, focus, role, lead):
            await jonas.say(answer)
    await jonas.press("Fertig")
    for *_, experts in data.FIELDS:
        await jonas.say(experts)


async def play_as5(petra: DemoPerson, jonas: DemoPerson, aylin: DemoPerson) -> None:
    """Idea cards from everyone, dot voting, shortlist and five project sketches."""
    people = {"Petra": petra, "Jonas": jonas, "Aylin": aylin}
    for name, ideas in data.IDEAS.items():
        person_ = people[name]
        await person_.open("AS5")
        for idea in ideas:
            await person_.answer(*idea)
        await person_.press("Fertig")
    await petra.press("Überspringen")  # no deadline for the vote
    for name, dots in data.VOTES.items():
        await people[name].say(dots)
    await petra.say(data.SHORTLIST)
    for sketch in data.SKETCHES:
        await petra.answer(*sketch)
    await petra.press("Fertig")
    await jonas.say("/pause")  # the shortlist and sketches were Petra's


async def play_as6(petra: DemoPerson, jonas: DemoPerson, aylin: DemoPerson) -> None:
    """Ten risks, rated by all three, with countermeasures for the high ones."""
    await petra.open("AS6")
    for title, category, project, description in data.RISKS:
        await petra.answer(title, category, project or "Strategieebene", description)
    await petra.press("Fertig")
    for person_ in (jonas, aylin):
        await person_.open("AS6")
        await person_.press("Fertig")
    people = {"Petra": petra, "Jonas": jonas, "Aylin": aylin}
    for name, ratings in data.RATINGS.items():
        for likelihood, _ in ratings:
            await people[name].say(str(likelihood))
        for _, impact in ratings:
            await people[name].say(str(impact))
    await jonas.say("/pause")  # details and countermeasures are Petra's
    for _ in data.RISKS:
        await petra.press("Überspringen")  # reach, duration and level: later
    for title, *_ in data.RISKS:
        await petra.answer(data.COUNTERMEASURES.get(title))
    await petra.say(data.EMERGENCY_PLAN)
    await petra.say(data.ABORT_CRITERIA)


async def play_as7(petra: DemoPerson, jonas: DemoPerson) -> None:
    """Weights, scores by two people, traffic lights, roadmap for the green projects."""
    await petra.open("AS7")
    await petra.answer(*map(str, data.WEIGHTS))
    for scores in data.SCORES["Petra"]:
        await petra.answer(*map(str, scores))
    for row in data.MATRIX:
        await petra.answer(*row)
    for row in data.ROADMAP:
        await petra.answer(*row)
    await petra.say(data.OPEN_SOURCE)
    await jonas.open("AS7")
    await jonas.press("Beibehalten")  # the weights Petra set
    for scores in data.SCORES["Jonas"]:
        await jonas.answer(*map(str, scores))
    await jonas.press("Beibehalten")  # open-source note


async def play_as8(petra: DemoPerson) -> None:
    """Implementation planning for the three green projects (prompt by prompt)."""
    await petra.open("AS8")
    plans = data.IMPLEMENTATION
    for fields in ((0, 3), (3, 7), (7, 13), (13, 14), (14, 15)):
        for plan in plans:
            await petra.answer(*plan[fields[0] : fields[1]])


async def play_as9(petra: DemoPerson) -> None:
    """Evaluation set-up, impact models, indicators with measurements, monitoring."""
    await petra.open("AS9")
    await petra.answer(data.EVAL_PURPOSE, "Projekt", "Intern", "2, 3")
    for chain in data.IMPACT:
        await petra.answer(*chain)
    for indicator in data.INDICATORS:
        await petra.answer(*indicator)
    await petra.press("Fertig")
    for measurement in data.MEASUREMENTS:
        await petra.answer(*measurement)
    await petra.press("Fertig")
    await petra.answer(*data.STATUSES)


async def play_anonymous_round(petra: DemoPerson, aylin: DemoPerson, ideas: tuple[str, ...]):
    """Petra links the team's group and runs an anonymous live round for vision ideas; Aylin
    writes hers through the round's link. No output will name her as their author."""
    await petra.say("/live", chat=GROUP)
    await petra.press("🔗", chat=GROUP)
    await petra.say("/live", chat=GROUP)
    for label in ("Sammeln", "Vision", "Anonym", "ohne Timer"):
        await petra.press(label, chat=GROUP)
    link = next(b.url for b in petra.demo.transport.buttons[address(GROUP)] if b.url)
    await aylin.say(link)  # in the console, a link is the command to type
    for idea in ideas:
        await aylin.say(idea)
    await aylin.press("Fertig")
    await petra.press("Beenden", chat=GROUP)


async def play_as3(petra: DemoPerson, jonas: DemoPerson, aylin: DemoPerson) -> None:
    """Vision ideas from all three (Aylin's in an anonymous live round), statement and goals by
    the core team, clustering, close."""
    ideas = data.VISION_IDEAS
    for person_, own in ((petra, ideas[:3]), (jonas, ideas[3:6])):
        await person_.open("AS3")
        if person_ is petra:
            await person_.say("2035")
        elif person_ is jonas:
            await person_.press("Beibehalten")
        for idea in own:
            await person_.say(idea)
        await person_.press("Fertig")
    await play_anonymous_round(petra, aylin, ideas[6:])
    await aylin.say(data.EXTRA_GOAL[0])  # a goal from a participant
    await aylin.press("Fertig")
    await jonas.say("1, 3, 4, 7")  # data principles, typed as numbers
    await jonas.say(data.VISION)
    for goal, _ in data.GOALS[:-1]:
        await jonas.say(goal)
    await jonas.press("Fertig")
    await petra.say("/weiter")  # shows what Jonas chose meanwhile
    await petra.press("Beibehalten")  # principles chosen by Jonas
    await petra.press("Beibehalten")  # vision written by Jonas
    await petra.say(data.GOALS[-1][0])
    await petra.press("Fertig")
    fields = dict([*data.GOALS, data.EXTRA_GOAL])
    while "Zu welchem Handlungsfeld" in petra.last_text:
        goal = petra.last_text.split("„", 1)[1].split("“", 1)[0]
        await petra.press(fields[goal])
    await petra.press("abschließen")


async def play_strategy(petra: DemoPerson) -> None:
    """The facilitator asks for both drafts of the strategy paper (DOCX, PDF, Markdown; the
    detailed one lists every measurement) and the team export."""
    await petra.say("/strategie")
    await petra.press("📄 Entwurf erzeugen")
    await petra.say("/strategie")
    await petra.press("Ausführlichen Entwurf erzeugen")
    await petra.say("/export")


async def run_demo(out: Path) -> list[Path]:
    """Play the demo workshop; returns the files written to ``out`` (which must exist)."""
    renderer = Renderer(workers=2)
    with tempfile.TemporaryDirectory() as tmp:
        async with await Database.open(Path(tmp) / "demo.db") as db:
            transport = DemoTransport(out, renderer)
            demo = Demo(db, transport)
            petra = demo.person(9001, "Petra Wagner")
            jonas = demo.person(9002, "Jonas Becker")
            aylin = demo.person(9003, "Aylin Demir")
            await petra.say("/neu")
            await petra.say(data.TOWN)
            await petra.press("Kleinstadt")
            await petra.say("Petra Wagner (Bauamt)")
            await petra.press("Verwaltung")
            code = await _invite_code(db)
            newcomers = (
                (jonas, "Jonas Becker (Stadtwerke)", "Kommunale"),
                (aylin, "Aylin Demir (Bürgerverein)", "Zivil"),
            )
            for person_, name, group in newcomers:
                await person_.say(f"/start {code}")
                await person_.say(name)
                await person_.press(group)
            await petra.say("/team")
            await petra.press("Rollen ändern")
            await petra.press("Jonas")
            await petra.press("Kernteam")
            await play_as1(petra, jonas, aylin)
            await play_as2(petra)
            await play_as4(jonas)
            await play_as3(petra, jonas, aylin)
            await play_as5(petra, jonas, aylin)
            await play_as6(petra, jonas, aylin)
            await play_as7(petra, jonas)
            await play_as8(petra)
            await play_as9(petra)
            for key in ("as1", "as2", "as4", "as5", "as6", "as7", "as8", "as9"):
                await petra.say(f"/zusammenfassung {key}")
            await play_strategy(petra)
            await demo.courier.close()
    renderer.close()
    return sorted(transport.written.values())


async def _invite_code(db: Database) -> str:
    async with db.read() as tx:
        user = await tx.users.by_account(address(9001))
        assert user is not None
        team = (await tx.teams.for_user(user.id))[0][0]
        return (await tx.invites.active(team.id))[0].code
