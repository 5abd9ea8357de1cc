"""The console chat (``werkstatt console``) driven through a pipe, in-process."""

from __future__ import annotations

import io
from pathlib import Path

from bot.console.console import run_console
from tests.e2e import current_values


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
