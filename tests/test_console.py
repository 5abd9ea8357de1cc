"""The console chat (``werkstatt console``) driven through a pipe, in-process."""

from __future__ import annotations

import io
import sqlite3
from contextlib import closing
from pathlib import Path

from bot.app.incoming import Click
from bot.app.rendering import Renderer
from bot.console.console import ConsoleTransport, parse_line, run_console
from dialogs import presses
from dialogs.actions import encode
from dialogs.events import TextInput
from dialogs.replies import number_buttons
from dialogs.screen import KEEP
from tests.e2e import current_values
from tests.test_engine import CORE, Store, choice, probe, question, text


async def test_typed_fertig_ends_a_list_in_the_console(tmp_path: Path) -> None:
    script = [
        "/neu",
        "Musterhausen",
        "Kleinstadt",
        "1",  # the offered name
        "Verwaltung",
        "#1",  # ▶ AS1 Bestandsanalyse öffnen
        "ISEK Innenstadt 2030",
        "1",
        "2021",
        "Innenstadt beleben",
        "Fertig.",
        "/ende",
    ]
    out = io.StringIO()
    db = tmp_path / "w.db"
    await run_console(
        db,
        user_id=7,
        name="Anna",
        output_dir=tmp_path,
        stdin=io.StringIO("\n".join(script) + "\n"),
        stdout=out,
    )
    shown = out.getvalue()
    assert "Beginnen Sie mit AS1 Bestandsanalyse" in shown
    assert "Gespeichert: „ISEK Innenstadt 2030“ – Nr. 1 im Team." in shown
    assert "Welche Ziele dieses Konzepts" in shown.split("> Fertig.")[1]
    assert "Gespeichert: „Fertig" not in shown
    assert [c["title"] for c in current_values(db, "as1_konzepte", "concepts")] == [
        "ISEK Innenstadt 2030"
    ]


async def test_an_option_has_one_number_in_the_text_the_button_list_and_when_typed(
    tmp_path: Path,
) -> None:
    script = ["/neu", "Musterhausen", "#2", "1", "2", "/ende"]  # „#2“ pressed, „2“ typed
    out = io.StringIO()
    db = tmp_path / "w.db"
    await run_console(
        db,
        user_id=7,
        name="Anna",
        output_dir=tmp_path,
        stdin=io.StringIO("\n".join(script) + "\n"),
        stdout=out,
    )
    shown = out.getvalue()
    asked = shown.split("> Musterhausen")[1].split("> #2")[0]
    assert "1 Landgemeinde\n2 Kleinstadt\n" in asked  # the text
    assert "   #2 Kleinstadt\n" in asked  # the button, with the same number
    assert "#1 ❓ Was ist gemeint?" not in asked  # other buttons come after the options
    group = shown.split("> 1\n")[1].split("> 2\n")[0]
    assert "2 Politik" in group and "   #2 Politik\n" in group
    assert "ist angelegt" in shown
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT town_type FROM teams").fetchall() == [("Kleinstadt",)]
        assert conn.execute("SELECT stakeholder_group FROM members").fetchall() == [("Politik",)]


def test_with_keep_first_a_pressed_number_and_a_typed_one_choose_the_same_option() -> None:
    store = Store(probe(choice("field", ("Mobilität", "Energie", "Umwelt")), text("aim")))
    store.seed(CORE, "field", "Energie")
    asked = question(store.begin(CORE))
    assert asked.buttons[0][0].label == KEEP  # shown first
    buttons = number_buttons(asked.buttons)
    assert parse_line("#3", buttons) == Click(
        button_id=encode(presses.Pick(index=2))
    )  # as typed „3“
    assert buttons[4].label == KEEP  # numbered after the options
    assert parse_line("#9", buttons) is None
    assert parse_line("3", buttons) == TextInput(text="3")  # read by the engine: option 3


def test_the_answer_on_a_pressed_button_is_printed(tmp_path: Path) -> None:
    out = io.StringIO()
    renderer = Renderer(workers=1)
    transport = ConsoleTransport(out, 7, tmp_path, renderer)
    transport.answer_button("Diese Schaltfläche gehört zu einer <b>früheren</b> Frage.")
    renderer.close()
    assert out.getvalue() == "↳ Diese Schaltfläche gehört zu einer früheren Frage.\n"
