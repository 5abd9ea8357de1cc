"""AS4 results: the model, the fields of action and the experts per field."""

from __future__ import annotations

from dialogs.results import fields_overview
from dialogs.steps.as4 import MODELS
from tests.test_results_as1 import ANNA, BEN, GONE, MEMBERS, TEAM, Book


def test_empty_team() -> None:
    r = fields_overview(TEAM, [], MEMBERS)
    assert r.model is None and r.model_number is None
    assert r.fields == () and r.expert_count == 0 and r.contributors == ()


def test_model_fields_and_experts_by_subject() -> None:
    book = Book()
    book.add(
        "as1_akteure",
        "actors",
        {"name": "Stadtwerke Lindenau", "group": "Wirtschaft", "ring": "Schlüsselakteure"},
        by=BEN,
    )
    book.add("as4", "model", MODELS[1], by=ANNA)
    mobil = book.add(
        "as4",
        "fields",
        {
            "name": "Mobilität",
            "description": "Bus und Rad",
            "focus": "Gesamte Kommune",
            "role": "Netzwerkerin",
            "lead": "Kooperiert",
        },
        by=ANNA,
    )
    energie = book.add("as4", "fields", {"name": "Energie"}, by=GONE)
    book.add("as4", "fields", {"name": "Bildung und Kultur", "role": "Dienstleisterin"}, by=BEN)
    book.add("as4", "experts", ["Stadtwerke Lindenau", "Verkehrsverbund"], by=ANNA, about=mobil)
    book.add("as4", "experts", [], by=ANNA, about=energie)

    r = fields_overview(TEAM, book.answers, MEMBERS)
    assert r.model == MODELS[1] and r.model_number == 2
    assert [f.name for f in r.fields] == ["Mobilität", "Energie", "Bildung und Kultur"]
    mobility, energy, education = r.fields
    assert (mobility.description, mobility.focus, mobility.role, mobility.lead) == (
        "Bus und Rad",
        "Gesamte Kommune",
        "Netzwerkerin",
        "Kooperiert",
    )
    assert mobility.author == "Anna"
    assert [(e.name, e.from_actor_map) for e in mobility.experts or ()] == [
        ("Stadtwerke Lindenau", True),
        ("Verkehrsverbund", False),
    ]
    assert energy.experts == () and energy.author is None
    assert energy.description is None and energy.role is None
    assert education.experts is None  # not yet asked
    assert education.role == "Dienstleisterin"
    assert r.expert_count == 2
    assert r.contributors == ("Anna", "Ben")


def test_own_model_has_no_number() -> None:
    book = Book()
    book.add("as4", "model", "Eigene Mischform", by=ANNA)
    r = fields_overview(TEAM, book.answers, MEMBERS)
    assert r.model == "Eigene Mischform" and r.model_number is None
