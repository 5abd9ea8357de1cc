"""Tests for the dot-vote chart (AS5): balanced scores, placement, legibility."""

from __future__ import annotations

import math

import pytest

from bot.charts import dotvote
from bot.charts.base import MIN_FONT_PT
from bot.charts.dotvote import DotVoteData, VotedIdea, balanced_scores, render_dot_vote
from tests.chartcheck import (
    assert_all_inside,
    assert_no_overlap,
    assert_phone_png,
    record_font_sizes,
)

GROUPS = [
    "Verwaltung",
    "Bürgerinnen und Bürger",
    "Wirtschaft und Handel",
    "Kommunalpolitik",
    "Vereine und Ehrenamt",
    "Wissenschaft und Hochschulen",
]


def _small() -> DotVoteData:
    return DotVoteData(
        title="Punktabstimmung Ideenrunde 1",
        groups=["Verwaltung", "Bürgerinnen und Bürger", "Wirtschaft"],
        ideas=[
            VotedIdea(
                title="Digitale Verwaltungsdienstleistungen für Bürgerinnen und Bürger",
                votes={"Verwaltung": 7, "Bürgerinnen und Bürger": 1},
            ),
            VotedIdea(
                title="Smarte Straßenbeleuchtung",
                votes={"Verwaltung": 1, "Bürgerinnen und Bürger": 4, "Wirtschaft": 2},
            ),
            VotedIdea(title="Mängelmelder-App", votes={"Bürgerinnen und Bürger": 4}),
        ],
    )


def _large() -> DotVoteData:
    """30 ideas with titles up to 100 characters and 6 stakeholder groups."""
    stems = [
        "Digitale Verwaltungsdienstleistungen für Bürgerinnen und Bürger im ländlichen Raum",
        "Sensorgestütztes Parkraummanagement in der Innenstadt mit Anzeige freier Plätze",
        "Offene Datenplattform für Verkehrs-, Umwelt- und Energiedaten der Gemeinde und "
        "Stadtwerke",
        "Mängelmelder",
        "Glasfaserausbau für Schulen, Vereinsheime und öffentliche Gebäude",
        "Digitale Ehrenamtsbörse für Vereine, Nachbarschaftshilfe und Pflege älterer Menschen",
    ]
    ideas = []
    for k in range(30):
        title = f"{stems[k % len(stems)]} – Variante {k + 1} Überprüfung"[:100]
        votes = {g: (k * 7 + gi * 3) % 6 for gi, g in enumerate(GROUPS) if (k + gi) % 3}
        ideas.append(VotedIdea(title=title, votes=votes))
    return DotVoteData(
        title="Punktabstimmung: Projektideen für die Smart-City-Strategie der Gemeinde "
        "Musterhausen",
        groups=GROUPS,
        ideas=ideas,
    )


# --- balanced scores (pure) ------------------------------------------------------------------


def test_balanced_scores_weight_every_group_equally() -> None:
    data = DotVoteData(
        title="t",
        groups=["A", "B", "C"],
        ideas=[
            VotedIdea(title="X", votes={"A": 9}),
            VotedIdea(title="Y", votes={"A": 1, "B": 2}),
        ],
    )
    scores = balanced_scores(data)
    # A gave 10 dots, B gave 2, C none (ignored): X = (0.9 + 0) / 2, Y = (0.1 + 1) / 2.
    assert scores == pytest.approx({"X": 0.45, "Y": 0.55})
    assert math.isclose(sum(scores.values()), 1.0)


def test_balanced_scores_with_a_single_group_equal_plain_shares() -> None:
    data = DotVoteData(
        title="t",
        groups=["A"],
        ideas=[VotedIdea(title="X", votes={"A": 3}), VotedIdea(title="Y", votes={"A": 1})],
    )
    assert balanced_scores(data) == pytest.approx({"X": 0.75, "Y": 0.25})


def test_balanced_scores_count_groups_missing_from_the_group_list() -> None:
    data = DotVoteData(
        title="t",
        groups=["A"],
        ideas=[VotedIdea(title="X", votes={"A": 4}), VotedIdea(title="Y", votes={"Gast": 1})],
    )
    assert balanced_scores(data) == pytest.approx({"X": 0.5, "Y": 0.5})


def test_balanced_scores_without_any_dots_are_zero() -> None:
    data = DotVoteData(title="t", groups=["A"], ideas=[VotedIdea(title="X", votes={})])
    assert balanced_scores(data) == {"X": 0.0}
    assert balanced_scores(DotVoteData(title="t")) == {}


def test_negative_votes_are_rejected() -> None:
    with pytest.raises(ValueError):
        VotedIdea(title="X", votes={"A": -1})


def test_model_is_frozen_and_json_round_trips() -> None:
    data = _large()
    assert DotVoteData.model_validate_json(data.model_dump_json()) == data
    with pytest.raises(ValueError):
        data.title = "anders"  # type: ignore[misc]


# --- rendering -------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [_small, _large])
def test_render_places_every_idea_legibly(make) -> None:
    data = make()
    result = render_dot_vote(data)
    assert_phone_png(result, height_slack=1)
    assert_all_inside(result)
    assert 400 < result.height_px < 150 * 30
    for index, idea in enumerate(data.ideas):
        assert idea.title in result.alt_text
        for kind in ("bar", "label", "total", "share", "rank"):
            assert f"{kind}:{index}" in result.layout
    # Nothing placed overlaps anything else: labels, bars, totals, balanced view, legend, notes.
    assert_no_overlap(result.layout)
    for group in _all_groups(data):
        assert group in result.alt_text


def _all_groups(data: DotVoteData) -> list[str]:
    return list(dict.fromkeys([*data.groups, *(g for i in data.ideas for g in i.votes)]))


def test_bars_sorted_by_total_and_proportional() -> None:
    data = _large()
    result = render_dot_vote(data)
    totals = [sum(i.votes.values()) for i in data.ideas]
    by_height = sorted(
        range(len(data.ideas)), key=lambda i: -result.layout[f"bar:{i}"].y0
    )  # top of the figure first
    assert [totals[i] for i in by_height] == sorted(totals, reverse=True)
    top, low = by_height[0], by_height[-1]
    width = lambda i: result.layout[f"bar:{i}"].x1 - result.layout[f"bar:{i}"].x0  # noqa: E731
    assert width(low) / width(top) == pytest.approx(totals[low] / totals[top], abs=0.02)
    # Label, bar and total of one idea sit on the same row, in that order.
    for i in range(len(data.ideas)):
        label, bar, total = (result.layout[f"{k}:{i}"] for k in ("label", "bar", "total"))
        assert label.x1 < bar.x0 <= bar.x1 < total.x0
        assert label.y0 <= (bar.y0 + bar.y1) / 2 <= label.y1


def test_rank_changes_between_views_are_reported() -> None:
    result = render_dot_vote(_small())
    # Points: idea 0 has 8 dots, idea 1 has 7; balanced, idea 1 leads (it has all three groups).
    assert "Rang 2 (ausgewogen tiefer)" in result.alt_text
    assert "Rang 1 (ausgewogen höher)" in result.alt_text
    lines = result.alt_text.splitlines()
    assert lines[-3].startswith("1. Digitale Verwaltungsdienstleistungen")
    assert lines[-1].startswith("3. Mängelmelder-App") and "ausgewogen" in lines[-1]
    assert "(ausgewogen" not in lines[-1]


def test_no_text_below_minimum_size(monkeypatch) -> None:
    seen = record_font_sizes(monkeypatch, dotvote)
    render_dot_vote(_large())
    assert seen and min(seen) >= MIN_FONT_PT


def test_long_unbroken_words_and_many_groups_stay_inside() -> None:
    groups = [f"Gruppe {n} mit einem sehr langen Namen für Beteiligte" for n in range(10)]
    data = DotVoteData(
        title="Ü" * 120,
        groups=groups,
        ideas=[
            VotedIdea(
                title="Donaudampfschifffahrtsgesellschaftskapitänsmützenhalter" * 2,
                votes={g: n + 1 for n, g in enumerate(groups)},
            ),
            VotedIdea(title="Kurz", votes={groups[0]: 1}),
        ],
    )
    result = render_dot_vote(data)
    assert_all_inside(result)
    assert_no_overlap(result.layout)


def test_ideas_without_votes_still_render() -> None:
    data = DotVoteData(
        title="Noch offen",
        groups=["Verwaltung"],
        ideas=[VotedIdea(title="Idee A"), VotedIdea(title="Idee B", votes={"Verwaltung": 0})],
    )
    result = render_dot_vote(data)
    assert_phone_png(result, height_slack=1)
    assert "Idee A: 0 Punkte" in result.alt_text
    assert result.layout["bar:0"].x1 - result.layout["bar:0"].x0 == pytest.approx(0, abs=1)


def test_empty_input_gives_placeholder() -> None:
    result = render_dot_vote(DotVoteData(title="Punktabstimmung"))
    assert_phone_png(result, height_slack=1)
    assert_all_inside(result)
    assert "Noch keine Einträge" in result.alt_text
    assert "placeholder" in result.layout
    assert 150 < result.height_px < 600
