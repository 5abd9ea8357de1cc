"""Matrix messages: numbered options out, numbers and commands back in."""

from __future__ import annotations

from bot.app.incoming import Click, Command
from bot.matrix.text import message_content, parse
from dialogs.events import TextInput
from dialogs.replies import Button


def test_buttons_become_numbered_options_and_links_stay_links() -> None:
    content = message_content(
        "<b>Gemeindetyp</b> &amp; Größe?",
        (
            (Button(label="Kleinstadt", value="a1"), Button(label="Landgemeinde", value="a2")),
            (Button(label="Privat schreiben", url="https://matrix.to/#/@bot:x"),),
        ),
    )
    assert content["body"].splitlines() == [
        "Gemeindetyp & Größe?",
        "",
        "1 – Kleinstadt",
        "2 – Landgemeinde",
        "🔗 Privat schreiben: https://matrix.to/#/@bot:x",
        "Antworten Sie mit der Nummer.",
    ]
    assert content["formatted_body"].startswith("<b>Gemeindetyp</b> &amp; Größe?<br><br>")


def test_options_keep_their_own_numbers_and_are_not_listed_twice() -> None:
    content = message_content(
        "Welches Feld?\n\n1 Verwaltung\n2 Energie",
        (
            (Button(label="✓ Beibehalten", value="keep"),),
            (Button(label="Verwaltung", value="o1", number=1),),
            (Button(label="Energie", value="o2", number=2),),
            (Button(label="◀ Zurück", value="back"),),
        ),
    )
    assert content["body"].splitlines() == [
        "Welches Feld?",
        "",
        "1 Verwaltung",
        "2 Energie",
        "",
        "3 – ✓ Beibehalten",
        "4 – ◀ Zurück",
        "Antworten Sie mit der Nummer.",
    ]


def test_a_number_presses_the_option_shown_commands_take_both_prefixes() -> None:
    shown = {"1": "id-1", "2": "id-2"}
    assert parse("2", shown) == Click(button_id="id-2")
    assert parse(" #1 ", shown) == Click(button_id="id-1")
    assert parse("3", shown) == TextInput(text="3")  # no third option: a typed answer
    assert parse("2", None) == TextInput(text="2")
    assert parse("!start ABCD2345", shown) == Command(name="start", arg="ABCD2345")
    assert parse("/Weiter", shown) == Command(name="weiter")
    assert parse("Kurze Wege zum Amt", shown) == TextInput(text="Kurze Wege zum Amt")
