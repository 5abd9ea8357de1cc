"""`werkstatt demo` plays the fictitious workshop and writes every chart and document."""

import base64
from pathlib import Path

from bot.charts.base import png_size
from bot.cli import main
from tests.pdfcheck import assert_readable

CHARTS = (
    "akteursringe", "swot", "fragebogen", "prozessplan", "zielmapping", "punktabstimmung",
    "risikomatrix", "projektmatrix", "roadmap", "wirkungsmodell", "indikatoren", "monitoring",
)  # fmt: skip
EXPECTED = {f"{chart}.png" for chart in CHARTS} | {
    f"zusammenfassung-as{number}.md" for number in range(1, 10)
}


def test_demo_writes_every_chart_and_summary(tmp_path: Path, capsys) -> None:
    assert main(["demo", "--out", str(tmp_path)]) == 0
    written = {path.name for path in tmp_path.iterdir()}
    assert written >= EXPECTED
    for name in EXPECTED:
        content = (tmp_path / name).read_bytes()
        assert content.startswith(b"\x89PNG") if name.endswith(".png") else b"Lindenau" in content
    as1 = (tmp_path / "zusammenfassung-as1.md").read_text(encoding="utf-8")
    assert "Stadtwerke Lindenau" in as1 and "Verkehrszählungen" in as1
    as3 = (tmp_path / "zusammenfassung-as3.md").read_text(encoding="utf-8")
    assert "Lindenau ist 2035" in as3
    # Aylin's vision ideas came from an anonymous live round: listed, never with her name.
    assert "- Schnelles Internet in jedem Haushalt und Gewerbegebiet\n" in as3
    assert "- Gute Pflege und Gesundheitsversorgung trotz Fachkräftemangel\n" in as3
    assert "- Klimaneutrale Energieversorgung aus der Region *(Petra" in as3  # named
    assert "Dateien geschrieben" in capsys.readouterr().out
    # The strategy paper, both drafts, and the team export (bot.console.demo.play_strategy).
    for variant in ("kompakt", "ausfuehrlich"):
        assert (tmp_path / f"strategie-{variant}.pdf").read_bytes().startswith(b"%PDF")
        assert (tmp_path / f"strategie-{variant}.docx").read_bytes().startswith(b"PK")
    compact = (tmp_path / "strategie-kompakt.md").read_text(encoding="utf-8")
    detailed = (tmp_path / "strategie-ausfuehrlich.md").read_text(encoding="utf-8")
    assert "## 6 Maßnahmen und Projekte" in compact
    # Every indicator of the demo has two measurements: the detailed draft lists them.
    assert detailed.count("- Messreihe ") == 3 and "Messreihe" not in compact
    assert (tmp_path / "export.zip").read_bytes().startswith(b"PK")
    # Both PDFs: no text below 7 pt, every chart whole on its page (issue 8.5). The Markdown
    # file embeds every picture exactly as rendered, so the PDF must show the same ones.
    for variant in ("kompakt", "ausfuehrlich"):
        md = (tmp_path / f"strategie-{variant}.md").read_text(encoding="utf-8")
        pictures = [
            png_size(base64.b64decode(encoded.split(")", 1)[0]))
            for encoded in md.split("](data:image/png;base64,")[1:]
        ]
        assert_readable((tmp_path / f"strategie-{variant}.pdf").read_bytes(), pictures)
