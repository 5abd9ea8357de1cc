"""``werkstatt demo``: a fictitious municipality plays its workshop through the real engine.

Three people of the invented town Lindenau answer the implemented steps through the same
service, storage and outbox as in Telegram; every chart and document the steps make is written
to a folder, so the outputs can be looked at without a Telegram account.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bot.delivery import Courier
from bot.incoming import Click, Command, Incoming, Input, Sender
from bot.rendering import Renderer
from bot.service import Workshop
from dialogs.events import TextInput
from dialogs.replies import Button, Document, Message, Picture, Reply
from storage.database import Database

TOWN = "Lindenau"

VISION_IDEAS = (
    "Alle Verwaltungsleistungen auch online und rund um die Uhr",
    "Klimaneutrale Energieversorgung aus der Region",
    "Eine lebendige Innenstadt mit Treffpunkten für alle Generationen",
    "Mobil ohne eigenes Auto – auch in den Ortsteilen",
    "Offene Daten, die Bürgerinnen und Bürger selbst nutzen können",
    "Niemand wird bei der Digitalisierung abgehängt",
    "Gute Pflege und Gesundheitsversorgung trotz Fachkräftemangel",
    "Schnelles Internet in jedem Haushalt und Gewerbegebiet",
)

VISION = (
    "Lindenau ist 2035 eine klimafreundliche Kleinstadt, in der digitale Angebote den Alltag "
    "erleichtern: Verwaltung, Mobilität und Versorgung sind einfach zugänglich, Daten werden "
    "offen und verantwortungsvoll genutzt, und alle Generationen gestalten mit."
)

#: Strategic goals and the field of action each belongs to.
GOALS = (
    ("Bis 2027 sind die 30 meistgenutzten Verwaltungsleistungen vollständig online verfügbar",
     "Verwaltung und E-Government"),
    ("Online-Terminvergabe und digitale Bezahlung im Bürgerbüro bis Ende 2026",
     "Verwaltung und E-Government"),
    ("Interne Abläufe der Verwaltung werden bis 2028 papierlos (E-Akte in allen Ämtern)",
     "Verwaltung und E-Government"),
    ("Ein Rufbus-Angebot verbindet bis 2028 alle sieben Ortsteile im Stundentakt",
     "Mobilität"),
    ("Echtzeit-Abfahrtsinformationen an allen Haltestellen der Kernstadt",
     "Mobilität"),
    ("Sichere Radabstellanlagen mit Ladepunkten an Bahnhof und Schulzentrum",
     "Mobilität"),
    ("Der Energieverbrauch kommunaler Gebäude sinkt durch smarte Steuerung um 20 Prozent",
     "Energie"),
    ("Ein digitales Solarkataster zeigt jedem Haushalt sein Dachpotenzial",
     "Energie"),
    ("Hitzeschutz: Sensoren messen Temperatur und Bodenfeuchte in Parks und Innenstadt",
     "Umwelt und Klima"),
    ("Frühwarnsystem für Starkregen mit Pegelsensoren an den Bächen",
     "Umwelt und Klima"),
    ("Leerstände in der Innenstadt werden über eine Plattform schneller neu vermittelt",
     "Handel, Innenstadt und Tourismus"),
    ("Ein digitaler Stadtrundgang macht Geschichte und Geschäfte der Altstadt erlebbar",
     "Handel, Innenstadt und Tourismus"),
    ("Beteiligungsplattform für alle Bauprojekte mit Kommentarfunktion ab 2026",
     "Teilhabe und Beteiligung"),
    ("Digitallotsinnen und -lotsen unterstützen Seniorinnen und Senioren in jedem Ortsteil",
     "Teilhabe und Beteiligung"),
    ("Offene Daten der Stadt werden auf einem Portal maschinenlesbar veröffentlicht",
     "Daten und IT-Infrastruktur"),
)  # fmt: skip


class DemoTransport:
    """Keeps the last buttons per chat and writes pictures and documents to a folder."""

    def __init__(self, out: Path, renderer: Renderer) -> None:
        self.out = out
        self.renderer = renderer
        self.buttons: dict[int, list[Button]] = {}
        self.last_text: dict[int, str] = {}
        self.written: dict[str, Path] = {}

    async def deliver(self, chat_id: int, reply: Reply, edit_message_id: int | None) -> None:
        if isinstance(reply, Message):
            self.buttons[chat_id] = [b for row in reply.buttons for b in row]
            self.last_text[chat_id] = reply.text
        elif isinstance(reply, Picture):
            images = await self.renderer.chart(reply.chart, reply.data)
            for index, image in enumerate(images, start=1):
                name = reply.filename if len(images) == 1 else f"{index}-{reply.filename}"
                self._write(name, image.png)
        elif isinstance(reply, Document) and reply.text is not None:
            self._write(reply.filename, reply.text.encode("utf-8"))

    def _write(self, name: str, content: bytes) -> None:
        path = self.out / name
        path.write_bytes(content)
        self.written[name] = path


class DemoPerson:
    """One fictitious person talking to the workshop service."""

    def __init__(self, demo: Demo, telegram_id: int, name: str) -> None:
        self.demo = demo
        self.sender = Sender(telegram_id, name)

    async def say(self, text: str) -> None:
        if text.startswith("/"):
            name, _, arg = text[1:].partition(" ")
            await self._send(Command(name=name, arg=arg))
        else:
            await self._send(TextInput(text=text))

    @property
    def last_text(self) -> str:
        """The last message this person got."""
        return self.demo.transport.last_text.get(self.sender.telegram_id, "")

    async def press(self, label: str) -> None:
        buttons = self.demo.transport.buttons.get(self.sender.telegram_id, [])
        match = next((b for b in buttons if label.casefold() in b.label.casefold()), None)
        if match is None:
            labels = ", ".join(b.label for b in buttons)
            raise RuntimeError(f"Demo: keine Schaltfläche {label!r} (vorhanden: {labels})")
        await self._send(Click(button_id=match.value))

    async def _send(self, payload: Input) -> None:
        incoming = Incoming(None, self.sender.telegram_id, "private", self.sender, payload)
        await self.demo.courier.submit(await self.demo.workshop.process(incoming))
        await self.demo.courier.drain()


class Demo:
    def __init__(self, db: Database, transport: DemoTransport) -> None:
        self.transport = transport
        self.workshop = Workshop(db, bot_username="werkstatt_demo_bot")
        self.courier = Courier(db, transport)

    def person(self, telegram_id: int, name: str) -> DemoPerson:
        return DemoPerson(self, telegram_id, name)


async def play_as3(petra: DemoPerson, jonas: DemoPerson, aylin: DemoPerson) -> None:
    """Vision ideas from all three, statement and goals by the core team, clustering, close."""
    for person_, ideas in ((petra, VISION_IDEAS[:3]), (jonas, VISION_IDEAS[3:6]),
                           (aylin, VISION_IDEAS[6:])):  # fmt: skip
        await person_.say("/schritte")
        await person_.press("AS3")
        if person_ is petra:
            await person_.say("2035")
        elif person_ is jonas:
            await person_.press("Beibehalten")
        for idea in ideas:
            await person_.say(idea)
        await person_.press("Fertig")
    await aylin.say("Mehr Grün in der Innenstadt")  # a goal from a participant
    await aylin.press("Fertig")
    await jonas.say("1, 3, 4, 7")  # data principles, typed as numbers
    await jonas.say(VISION)
    for goal, _ in GOALS[:-1]:
        await jonas.say(goal)
    await jonas.press("Fertig")
    await petra.say("/weiter")  # shows what Jonas chose meanwhile
    await petra.press("Beibehalten")  # principles chosen by Jonas
    await petra.press("Beibehalten")  # vision written by Jonas
    await petra.say(GOALS[-1][0])
    await petra.press("Fertig")
    fields = {goal: field for goal, field in GOALS}
    fields["Mehr Grün in der Innenstadt"] = "Umwelt und Klima"
    while "Zu welchem Handlungsfeld" in petra.last_text:
        goal = petra.last_text.split("„", 1)[1].split("“", 1)[0]
        await petra.press(fields[goal])
    await petra.press("abschließen")


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
            await petra.say(TOWN)
            await petra.press("Kleinstadt")
            await petra.say("Petra Wagner (Bauamt)")
            await petra.press("Verwaltung")
            link = await _invite_code(db)
            newcomers = (
                (jonas, "Jonas Becker (Stadtwerke)", "Kommunale"),
                (aylin, "Aylin Demir (Bürgerverein)", "Zivil"),
            )
            for person_, name, group in newcomers:
                await person_.say(f"/start {link}")
                await person_.say(name)
                await person_.press(group)
            await petra.say("/team")
            await petra.press("Rollen ändern")
            await petra.press("Jonas")
            await petra.press("Kernteam")
            await play_as3(petra, jonas, aylin)
            await demo.courier.close()
    renderer.close()
    return sorted(transport.written.values())


async def _invite_code(db: Database) -> str:
    async with db.read() as tx:
        team = (await tx.teams.for_user((await tx.users.by_telegram_id(9001)).id))[0][0]
        return (await tx.invites.active(team.id))[0].code
