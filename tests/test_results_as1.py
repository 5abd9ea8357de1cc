"""AS1 results from answers built in memory: concepts, questionnaire, data, SWOT, actors.

``Book``, ``member`` and ``TEAM`` are shared with the other ``test_results_*`` and
``test_outputs`` modules.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dialogs.options import member_label
from dialogs.records import Answer, Member, Role, Team
from dialogs.results import inventory
from dialogs.steps import fragebogen

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
TEAM = Team(id=1, municipality="Lindenau", town_type="Kleinstadt", created_at=T0)


def member(
    id: int, name: str, group: str = "Verwaltung", role: Role = Role.CORE, deleted: bool = False
) -> Member:
    """A member; ``deleted`` = the person deleted their data (anonymised membership)."""
    return Member(
        id=id,
        team_id=TEAM.id,
        user_id=None if deleted else 100 + id,
        display_name="Gelöschte Person" if deleted else name,
        role=role,
        stakeholder_group=group,
        joined_at=T0,
    )


class Book:
    """A team's current answers, written in order with increasing ids (as storage lists them)."""

    def __init__(self) -> None:
        self.answers: list[Answer] = []

    def add(
        self,
        step: str,
        prompt: str,
        value: Any,
        by: Member | None = None,
        about: Answer | None = None,
        anonymous: bool = False,
    ) -> Answer:
        answer = Answer(
            id=len(self.answers) + 1,
            team_id=TEAM.id,
            step=step,
            prompt=prompt,
            subject_id=about.id if about else None,
            author_id=by.id if by else None,
            value=value,
            created_at=T0,
            anonymous=anonymous,
        )
        self.answers.append(answer)
        return answer


ANNA = member(1, "Anna", role=Role.FACILITATOR)
BEN = member(2, "Ben", group="Kommunale Unternehmen")
CARLA = member(3, "Carla", group="Politik", role=Role.PARTICIPANT)
GONE = member(4, "Dora", deleted=True)
MEMBERS = [ANNA, BEN, CARLA, GONE]


def test_empty_team_has_explicit_gaps() -> None:
    r = inventory(TEAM, [], MEMBERS)
    assert r.municipality == "Lindenau"
    assert r.concepts == ()
    assert r.questionnaire.selected_count == 0
    assert r.questionnaire.recipients == () and r.questionnaire.completion == ()
    assert [g.title for g in r.questionnaire.groups] == [g.title for g in fragebogen.GROUPS]
    assert all(g.questions == () for g in r.questionnaire.groups)
    assert r.data.existing == () and r.data.ethics is None and r.data.empty
    assert r.swot.total == 0
    assert r.actors.actors == () and r.actors.groups == ()
    assert [ring.key for ring in r.actors.rings] == ["kern", "erweitert", "peripher"]
    assert all(ring.count == 0 for ring in r.actors.rings)
    assert r.contributors == ()


def test_concepts_with_their_digital_needs_and_chances() -> None:
    book = Book()
    isek = book.add(
        "as1_konzepte",
        "concepts",
        {
            "title": "ISEK 2030",
            "kind": "Stadtentwicklungskonzept (ISEK/INSEK)",
            "year": 2021,
            "goals": "Innenstadt beleben",
        },
        by=ANNA,
    )
    klima = book.add("as1_konzepte", "concepts", {"title": "Klimaschutzkonzept"}, by=GONE)
    book.add("as1_konzepte", "digital_needs", "Online-Beteiligung", by=BEN, about=isek)
    book.add("as1_konzepte", "digital_chances", "Leerstandsbörse", by=BEN, about=isek)
    book.add("as1_konzepte", "digital_chances", "Sensoren", by=ANNA, about=klima)

    concepts = inventory(TEAM, book.answers, MEMBERS).concepts
    assert [c.title for c in concepts] == ["ISEK 2030", "Klimaschutzkonzept"]
    first, second = concepts
    assert first.kind == "Stadtentwicklungskonzept (ISEK/INSEK)" and first.year == 2021
    assert first.goals == "Innenstadt beleben" and first.author == "Anna"
    assert first.digital_needs == "Online-Beteiligung"
    assert first.digital_chances == "Leerstandsbörse"
    assert second.kind is None and second.year is None and second.goals is None
    assert second.digital_needs is None and second.digital_chances == "Sensoren"
    assert second.author is None  # the author deleted their data


def _setup(book: Book, selection: dict[str, list[str]], people: list[Member]) -> None:
    for group, labels in selection.items():
        book.add(fragebogen.SETUP_ID, fragebogen.selection_key(group), labels, by=ANNA)
    labels = [member_label(m.display_name, m.stakeholder_group) for m in people]
    book.add(fragebogen.SETUP_ID, fragebogen.RECIPIENTS, labels, by=ANNA)


def _key(group: str, label: str) -> str:
    question = next(q for q in fragebogen.questions_of(group) if q.label == label)
    return fragebogen.answer_key(question)


def test_questionnaire_answers_per_group_and_completion_per_person() -> None:
    book = Book()
    _setup(
        book,
        {
            "allgemein": ["Digitalstrategie vorhanden?", "Digitale Kanäle zur Bürgerschaft"],
            "infrastruktur": ["Breitband-Versorgung (%)"],
            "kompetenz": [],
        },
        [BEN, CARLA],
    )
    answer = fragebogen.ANSWER.id
    book.add(answer, _key("allgemein", "Digitalstrategie vorhanden?"), "In Arbeit", by=BEN)
    book.add(answer, _key("allgemein", "Digitalstrategie vorhanden?"), "Nein", by=CARLA)
    kanaele = _key("allgemein", "Digitale Kanäle zur Bürgerschaft")
    book.add(answer, kanaele, ["Website", "Soziale Medien"], by=BEN)
    book.add(answer, _key("infrastruktur", "Breitband-Versorgung (%)"), 72.5, by=BEN)
    # An answer to a question that is no longer selected still shows, marked as such.
    book.add(answer, _key("daten", "Datenstrategie"), "Ja", by=CARLA)

    q = inventory(TEAM, book.answers, MEMBERS).questionnaire
    assert q.recipients == ("Ben", "Carla")
    assert q.selected_count == 3 and q.answer_count == 5
    assert [g.key for g in q.asked_groups] == ["allgemein", "infrastruktur"]

    allgemein = q.groups[0]
    assert [x.label for x in allgemein.questions] == [
        "Digitalstrategie vorhanden?",
        "Digitale Kanäle zur Bürgerschaft",
    ]
    strategy, channels = allgemein.questions
    assert [(a.text, a.author) for a in strategy.answers] == [
        ("In Arbeit", "Ben"),
        ("Nein", "Carla"),
    ]
    assert channels.answers[0].text == "Website, Soziale Medien"
    infra = next(g for g in q.groups if g.key == "infrastruktur")
    assert infra.questions[0].answers[0].text == "72,5 %"
    daten = next(g for g in q.groups if g.key == "daten")
    assert [(x.label, x.selected) for x in daten.questions] == [("Datenstrategie", False)]

    ben, carla = q.completion
    assert ben.name == "Ben" and (ben.answered, ben.asked) == (3, 3) and ben.complete
    assert (carla.answered, carla.asked) == (1, 3) and not carla.complete
    per_group = {g.group: (g.answered, g.asked) for g in carla.groups}
    assert per_group == {
        "allgemein": (1, 2),
        "ausstattung": (0, 0),
        "kompetenz": (0, 0),
        "infrastruktur": (0, 1),
        "daten": (0, 0),  # not selected: the answer does not count
        "projekte": (0, 0),
    }
    assert (q.answered, q.asked) == (4, 6)


def test_questionnaire_recipient_who_left_is_not_listed() -> None:
    book = Book()
    former = member(9, "Egon", group="Wirtschaft")
    _setup(book, {"projekte": ["Wichtigste Projekte"]}, [BEN, former])
    book.add(fragebogen.ANSWER.id, _key("projekte", "Wichtigste Projekte"), "Glasfaser", by=GONE)
    q = inventory(TEAM, book.answers, MEMBERS).questionnaire
    assert q.recipients == ("Ben",)
    projekte = q.groups[-1]
    assert projekte.questions[0].answers[0].author is None


def test_data_infrastructure() -> None:
    book = Book()
    book.add(
        "as1_daten",
        "existing",
        {"name": "Verkehrszählungen", "frequency": "Jährlich", "method": "Zählgeräte"},
        by=BEN,
    )
    book.add("as1_daten", "existing", {"name": "Geodaten"}, by=CARLA)
    book.add("as1_daten", "ethics", "Nein, noch keine", by=ANNA)
    book.add("as1_daten", "needs", "Hitzeinseln", by=CARLA)
    book.add("as1_daten", "platform", "Offene Schnittstellen", by=GONE)

    d = inventory(TEAM, book.answers, MEMBERS).data
    assert [(s.name, s.frequency, s.method, s.author) for s in d.existing] == [
        ("Verkehrszählungen", "Jährlich", "Zählgeräte", "Ben"),
        ("Geodaten", None, None, "Carla"),
    ]
    assert d.ethics == "Nein, noch keine"
    assert [(c.text, c.author) for c in d.needs] == [("Hitzeinseln", "Carla")]
    assert [(c.text, c.author) for c in d.platform] == [("Offene Schnittstellen", None)]


def test_swot_lists_with_authors() -> None:
    book = Book()
    book.add("as1_swot", "strengths", "Engagierte Vereine", by=BEN)
    book.add("as1_swot", "weaknesses", "Wenig IT-Personal", by=CARLA)
    book.add("as1_swot", "strengths", "Glasfaser im Gewerbegebiet", by=ANNA)
    book.add("as1_swot", "threats", "Anbieterabhängigkeit", by=GONE)

    s = inventory(TEAM, book.answers, MEMBERS).swot
    assert [(c.text, c.author) for c in s.strengths] == [
        ("Engagierte Vereine", "Ben"),
        ("Glasfaser im Gewerbegebiet", "Anna"),
    ]
    assert [c.text for c in s.weaknesses] == ["Wenig IT-Personal"]
    assert s.opportunities == ()
    assert [(c.text, c.author) for c in s.threats] == [("Anbieterabhängigkeit", None)]
    assert s.total == 4


def test_actor_map_by_ring_and_group() -> None:
    book = Book()
    book.add("as1_akteure", "groups", ["Verwaltung", "Politik", "Landkreis"], by=ANNA)

    def actor(name: str, group: str, ring: str, by: Member = BEN, **more: str) -> None:
        book.add(
            "as1_akteure", "actors", {"name": name, "group": group, "ring": ring, **more}, by=by
        )

    actor("Bürgermeisterin", "Politik", "Schlüsselakteure", note="Schirmherrin")
    actor("Stadtwerke", "Kommunale Unternehmen", "Schlüsselakteure")  # own group
    actor("Hauptamt", "Verwaltung", "Schlüsselakteure", by=GONE)
    actor("Bauamt", "Verwaltung", "Erweitertes Feld")
    actor("Heimatverein", "Zivilgesellschaft", "Peripherie")
    book.add("as1_akteure", "actors", {"name": "Ohne Ring", "group": "Politik"}, by=CARLA)

    a = inventory(TEAM, book.answers, MEMBERS).actors
    assert a.chosen_groups == ("Verwaltung", "Politik", "Landkreis")
    assert a.groups == (
        "Verwaltung",
        "Politik",
        "Landkreis",
        "Kommunale Unternehmen",
        "Zivilgesellschaft",
    )
    assert [x.ring for x in a.actors] == ["kern", "kern", "kern", "erweitert", "peripher", None]
    kern, erweitert, peripher = a.rings
    assert (kern.key, kern.label, kern.count) == ("kern", "Schlüsselakteure", 3)
    assert [(g.name, [x.name for x in g.actors]) for g in kern.groups] == [
        ("Verwaltung", ["Hauptamt"]),
        ("Politik", ["Bürgermeisterin"]),
        ("Kommunale Unternehmen", ["Stadtwerke"]),
    ]
    assert kern.groups[0].actors[0].author is None
    assert kern.groups[1].actors[0].note == "Schirmherrin"
    assert [g.name for g in erweitert.groups] == ["Verwaltung"]
    assert [g.name for g in peripher.groups] == ["Zivilgesellschaft"]
    assert [x.name for x in a.unplaced] == ["Ohne Ring"]


def test_contributors_leave_out_deleted_people_and_other_steps() -> None:
    book = Book()
    book.add("as1_swot", "strengths", "A", by=CARLA)
    book.add("as1_swot", "strengths", "B", by=GONE)
    book.add("as1_swot", "strengths", "C", by=ANNA)
    book.add("as3", "goals", "Ziel", by=BEN)
    assert inventory(TEAM, book.answers, MEMBERS).contributors == ("Anna", "Carla")


def test_questionnaire_empty_selection_is_an_answer() -> None:
    book = Book()
    _setup(book, {"allgemein": ["Digitale Kanäle zur Bürgerschaft"]}, [BEN])
    book.add(
        fragebogen.ANSWER.id, _key("allgemein", "Digitale Kanäle zur Bürgerschaft"), [], by=BEN
    )
    q = inventory(TEAM, book.answers, MEMBERS).questionnaire
    assert q.groups[0].questions[0].answers[0].text == "keine Auswahl"
    assert q.completion[0].complete
