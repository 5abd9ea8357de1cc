"""Actor rings: every actor inside its own ring and sector, nothing overlapping, all legible."""

from __future__ import annotations

import itertools
import math

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from bot.charts.actorrings import (
    OTHER_GROUP,
    RING_KEYS,
    RING_NAMES,
    Actor,
    ActorPlacement,
    ActorRingsData,
    ActorRingsResult,
    render_actor_rings,
)
from bot.charts.base import MIN_FONT_PT, Box
from tests.chartcheck import (
    record_figures,
)

GROUPS = [
    "Verwaltung",
    "Politik",
    "Wirtschaft",
    "Wissenschaft",
    "Zivilgesellschaft",
    "kommunale Unternehmen",
    "Medien",
    "Kirchen und Religionsgemeinschaften",
]
POOL = {
    "Verwaltung": [
        "Bürgermeisterin",
        "Hauptamt",
        "IT-Abteilung",
        "Bauamt",
        "Kämmerei",
        "Digitalisierungsbeauftragte",
        "Stadtplanung",
        "Bürgerbüro",
        "Wirtschaftsförderung",
        "Klimaschutzmanagement",
    ],
    "Politik": ["Gemeinderat", "Ausschuss für Digitales", "Ortsbeiräte", "Jugendgemeinderat"],
    "Wirtschaft": ["IHK Ostwürttemberg", "Handwerkskammer", "Gewerbeverein", "Sparkasse"],
    "Wissenschaft": ["Hochschule Aalen", "Fraunhofer IAO", "Volkshochschule", "Gymnasium"],
    "Zivilgesellschaft": [
        "Heimatverein",
        "Freiwillige Feuerwehr",
        "Sportverein TSV 1887",
        "Digitale Verwaltungsdienstleistungen für Bürgerinnen und Bürger (Initiative)",
    ],
    "kommunale Unternehmen": ["Stadtwerke", "Wohnungsbaugesellschaft", "Breitbandzweckverband"],
    "Medien": ["Lokalzeitung", "Amtsblatt", "Regionalradio"],
    "Kirchen und Religionsgemeinschaften": ["Kirchengemeinde St. Georg", "Moscheeverein"],
}
RING_CYCLE = ("peripher", "erweitert", "kern", "peripher", "erweitert", "peripher", "kern")


def many(count: int, groups: list[str]) -> list[Actor]:
    """``count`` distinct actors spread over ``groups``, most of them in the outer rings."""
    actors = []
    for i in range(count):
        group = groups[i % len(groups)]
        pool = POOL[group]
        k = i // len(groups)
        name = pool[k % len(pool)] + ("" if k < len(pool) else f" {k // len(pool) + 1}")
        actors.append(Actor(name=name, group=group, ring=RING_CYCLE[i % len(RING_CYCLE)]))
    return actors


def small_data() -> ActorRingsData:
    actors = [
        ("Bürgermeisterin", "Verwaltung", "kern"),
        ("IT-Abteilung", "Verwaltung", "kern"),
        ("Bauamt", "Verwaltung", "erweitert"),
        ("Gemeinderat", "Politik", "kern"),
        ("Ortsbeiräte", "Politik", "peripher"),
        ("Heimatverein", "Zivilgesellschaft", "peripher"),
        ("Seniorenbeirat", "Zivilgesellschaft", "erweitert"),
        ("Freiwillige Feuerwehr", "Zivilgesellschaft", "peripher"),
    ]
    return ActorRingsData(
        municipality="Bad Königshofen",
        groups=["Verwaltung", "Politik", "Zivilgesellschaft"],
        actors=[Actor(name=n, group=g, ring=r) for n, g, r in actors],
    )


def medium_data() -> ActorRingsData:
    return ActorRingsData(
        municipality="Musterstadt", groups=GROUPS[:5], actors=many(25, GROUPS[:5])
    )


def large_data() -> ActorRingsData:
    return ActorRingsData(
        municipality="Verbandsgemeinde Bad Neuenahr-Ahrweiler",
        groups=GROUPS[:6],
        actors=many(60, GROUPS[:6]),
    )


def very_large_data() -> ActorRingsData:
    return ActorRingsData(municipality="Großstadt", groups=GROUPS, actors=many(100, GROUPS))


def crowded_core_data() -> ActorRingsData:
    """25 key actors in one group, plus a few elsewhere."""
    core = [Actor(name=f"Fachbereich {i + 1}", group="Verwaltung", ring="kern") for i in range(25)]
    return ActorRingsData(
        municipality="Kernstadt", groups=GROUPS[:6], actors=core + many(12, GROUPS[1:6])
    )


CASES = {
    "small": small_data,
    "medium": medium_data,
    "large": large_data,
    "very_large": very_large_data,
    "crowded_core": crowded_core_data,
}


@pytest.fixture(scope="module")
def rendered() -> dict[str, tuple[ActorRingsData, ActorRingsResult]]:
    out = {}
    for name, make in CASES.items():
        data = make()
        out[name] = (data, render_actor_rings(data))
    return out


@pytest.fixture
def figures(monkeypatch: pytest.MonkeyPatch) -> list[Figure]:
    """Every figure the renderer creates, so tests can inspect its texts."""
    return record_figures(monkeypatch)


def polar(result: ActorRingsResult, p: ActorPlacement) -> tuple[float, float]:
    """Radius and angle of a marker centre, recomputed from its pixel position."""
    cx, cy = result.centre
    return math.hypot(p.x - cx, p.y - cy), math.atan2(p.y - cy, p.x - cx)


def expected_sector(data: ActorRingsData, actor: Actor) -> str:
    return actor.group if actor.group in data.groups else OTHER_GROUP


# --------------------------------------------------------------------------- basics


@pytest.mark.parametrize("case", list(CASES))
def test_png_and_size(rendered, case: str) -> None:
    _, result = rendered[case]
    assert result.png.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(result.png[16:20], "big")
    height = int.from_bytes(result.png[20:24], "big")
    assert (width, height) == (result.width_px, result.height_px) and width == 1080
    assert 900 <= height <= 4500


def test_model_is_frozen_and_json_round_trips() -> None:
    data = large_data()
    assert ActorRingsData.model_validate_json(data.model_dump_json()) == data
    with pytest.raises(ValueError):
        data.municipality = "Anders"  # type: ignore[misc]
    with pytest.raises(ValueError):
        Actor(name="X", group="Politik", ring="innen")  # type: ignore[arg-type]


def test_rendering_is_deterministic() -> None:
    assert render_actor_rings(small_data()).png == render_actor_rings(small_data()).png


# --------------------------------------------------------------------------- placement


@pytest.mark.parametrize("case", list(CASES))
def test_every_actor_placed_once(rendered, case: str) -> None:
    data, result = rendered[case]
    assert sorted(p.index for p in result.placements) == list(range(len(data.actors)))
    assert sorted(p.number for p in result.placements) == list(range(1, len(data.actors) + 1))
    for p in result.placements:
        actor = data.actors[p.index]
        assert p.name == actor.name and p.ring == actor.ring
        assert p.group == expected_sector(data, actor)
        assert result.layout[f"marker:{p.number}:{p.name}"] == p.marker


@pytest.mark.parametrize("case", list(CASES))
def test_markers_inside_own_ring_and_sector(rendered, case: str) -> None:
    _, result = rendered[case]
    rings = {ring.key: ring for ring in result.rings}
    sectors = {sector.group: sector for sector in result.sectors}
    for p in result.placements:
        r, theta = polar(result, p)
        assert r == pytest.approx(p.radius, abs=0.01)
        half = (p.marker.x1 - p.marker.x0) / 2
        band = rings[p.ring]
        assert band.r_inner + half + 2 <= r <= band.r_outer - half - 2, p.name
        sector = sectors[p.group]
        offset = sector.offset(theta)
        width = sector.theta_end - sector.theta_start
        assert 0 <= offset <= width, p.name
        # the whole marker clears both sector boundaries
        to_edge = min(offset, width - offset)
        clearance = r * math.sin(to_edge) if to_edge < math.pi / 2 else r
        assert clearance >= half + 2, p.name


@pytest.mark.parametrize("case", list(CASES))
def test_markers_do_not_overlap_anything(rendered, case: str) -> None:
    _, result = rendered[case]
    for a, b in itertools.combinations(result.placements, 2):
        if result.mode == "legend":  # round badges: centres at least a diameter (+ gap) apart
            reach = (a.marker.x1 - a.marker.x0 + b.marker.x1 - b.marker.x0) / 2
            assert math.hypot(a.x - b.x, a.y - b.y) >= reach + 2, (a.name, b.name)
        else:  # shaped markers: not even their bounding boxes touch
            assert not a.marker.overlaps(b.marker), (a.name, b.name)
    markers = [p.marker for p in result.placements]
    fixed = [box for ring in result.rings for box in ring.glyphs]
    fixed += [box for key, box in result.layout.items() if key.startswith("sector:")]
    # (the round centre disc is kept clear by the ring band check above)
    for marker, box in itertools.product(markers, fixed):
        assert not marker.overlaps(box)


@pytest.mark.parametrize("case", list(CASES))
def test_all_boxes_inside_figure(rendered, case: str) -> None:
    _, result = rendered[case]
    for name, box in result.layout.items():
        assert box.x0 >= 0 and box.y0 >= 0, name
        assert box.x1 <= result.width_px and box.y1 <= result.height_px, name
    for ring in result.rings:
        for box in ring.glyphs:
            assert box.x0 >= 0 and box.x1 <= result.width_px


@pytest.mark.parametrize("case", list(CASES))
def test_texts_never_overlap(rendered, case: str) -> None:
    """Names, legend entries, group names, ring key, titles: pairwise disjoint."""
    _, result = rendered[case]
    kinds = ("label:", "legend:", "legend-group:", "sector:", "key", "title", "subtitle")
    boxes = {k: v for k, v in result.layout.items() if k.startswith(kinds)}
    for (ka, a), (kb, b) in itertools.combinations(boxes.items(), 2):
        assert not a.overlaps(b), (ka, kb)


def test_sector_names_are_outside_the_circle(rendered) -> None:
    _, result = rendered["very_large"]
    cx, cy = result.centre
    outer = result.rings[-1].r_outer
    for sector in result.sectors:
        box = result.layout[f"sector:{sector.group}"]
        nearest_x = min(max(cx, box.x0), box.x1)
        nearest_y = min(max(cy, box.y0), box.y1)
        assert math.hypot(nearest_x - cx, nearest_y - cy) > outer


# --------------------------------------------------------------------------- the two modes


def test_small_input_names_beside_markers(rendered) -> None:
    _, result = rendered["small"]
    assert result.mode == "labels"
    assert not any(key.startswith("legend") for key in result.layout)
    markers = [p.marker for p in result.placements]
    for p in result.placements:
        assert p.label is not None and result.layout[f"label:{p.number}:{p.name}"] == p.label
        # names overlap no marker and each other (checked with every other name below)
        for marker in markers:
            assert not p.label.overlaps(marker), p.name
        # the nearest marker to a name is its own
        nearest = min(result.placements, key=lambda q: distance(p.label, q.marker))
        assert nearest.index == p.index, p.name
    labels = [p.label for p in result.placements]
    for a, b in itertools.combinations(labels, 2):
        assert not a.overlaps(b)


def distance(a: Box, b: Box) -> float:
    dx = max(b.x0 - a.x1, a.x0 - b.x1, 0.0)
    dy = max(b.y0 - a.y1, a.y0 - b.y1, 0.0)
    return math.hypot(dx, dy)


@pytest.mark.parametrize("case", ["large", "very_large", "crowded_core"])
def test_large_inputs_use_numbered_legend(rendered, case: str) -> None:
    _, result = rendered[case]
    assert result.mode == "legend"
    assert not any(key.startswith("label:") for key in result.layout)
    entries = {p.index: p.label for p in result.placements}
    assert all(entries.values())
    for a, b in itertools.combinations(entries.values(), 2):
        assert not a.overlaps(b)
    # the legend lies below the circle and lists actors group by group, in number order
    circle_bottom = result.centre[1] - result.rings[-1].r_outer
    assert all(box.y1 < circle_bottom for box in entries.values())
    order = sorted(result.placements, key=lambda p: p.number)
    groups_in_order = [p.group for p in order]
    assert groups_in_order == sorted(groups_in_order, key=[s.group for s in result.sectors].index)
    # the legend fills several columns on the phone width
    columns = {round(box.x0) for box in entries.values()}
    assert len(columns) >= 2


def test_crowded_inner_ring_keeps_markers_apart(rendered) -> None:
    _, result = rendered["crowded_core"]
    core = [p for p in result.placements if p.group == "Verwaltung" and p.ring == "kern"]
    assert len(core) == 25
    diameter = core[0].marker.x1 - core[0].marker.x0
    for a, b in itertools.combinations(core, 2):
        assert math.hypot(a.x - b.x, a.y - b.y) >= diameter + 2


def test_hundred_actors_only_three_digit_markers_are_larger(rendered) -> None:
    _, result = rendered["very_large"]
    sizes = {p.number: round(p.marker.x1 - p.marker.x0) for p in result.placements}
    assert sizes[100] > sizes[1]
    assert len(set(sizes.values())) <= 2


# --------------------------------------------------------------------------- text version


@pytest.mark.parametrize("case", list(CASES))
def test_alt_text_lists_everyone_by_ring_and_group(rendered, case: str) -> None:
    data, result = rendered[case]
    lines = result.alt_text.splitlines()
    for key in RING_KEYS:
        line = next(line for line in lines if line.startswith(RING_NAMES[key]))
        for actor in data.actors:
            if actor.ring == key:
                group = expected_sector(data, actor)
                part = next(p for p in line.split("; ") if f"{group}: " in p)
                assert actor.name in part, actor.name
            else:
                # the actor's name may occur in another ring only as part of a longer name
                assert all(actor.name != n for n in split_names(line)), actor.name
    assert data.municipality in result.alt_text


def split_names(line: str) -> list[str]:
    body = line.split(" – ", 1)[1].rstrip(".")
    return [n for part in body.split("; ") for n in part.split(": ", 1)[-1].split(", ")]


# --------------------------------------------------------------------------- edge cases


def test_unknown_groups_go_to_sonstige() -> None:
    data = ActorRingsData(
        municipality="Ort",
        groups=["Verwaltung"],
        actors=[
            Actor(name="Stadtrat", group="Verwaltung", ring="kern"),
            Actor(name="Lokalzeitung", group="Presse", ring="peripher"),
        ],
    )
    result = render_actor_rings(data)
    assert [s.group for s in result.sectors] == ["Verwaltung", OTHER_GROUP]
    assert {p.name: p.group for p in result.placements}["Lokalzeitung"] == OTHER_GROUP
    assert "Sonstige: Lokalzeitung" in result.alt_text


def test_no_groups_and_single_group() -> None:
    only_other = ActorRingsData(
        municipality="Ort", groups=[], actors=[Actor(name="A", group="X", ring="kern")]
    )
    result = render_actor_rings(only_other)
    assert [s.group for s in result.sectors] == [OTHER_GROUP]
    one = ActorRingsData(municipality="Ort", groups=["Verwaltung"], actors=many(6, ["Verwaltung"]))
    result = render_actor_rings(one)
    assert result.mode == "labels"
    span = result.sectors[0]
    assert span.theta_end - span.theta_start == pytest.approx(math.tau)


@pytest.mark.parametrize(
    "data",
    [
        ActorRingsData(municipality="Leerdorf", groups=["Verwaltung", "Politik"], actors=[]),
        ActorRingsData(municipality="", groups=[], actors=[]),
    ],
)
def test_empty_input_renders_placeholder(data: ActorRingsData) -> None:
    result = render_actor_rings(data)
    assert result.mode == "empty"
    assert result.png.startswith(b"\x89PNG")
    assert "Noch keine Einträge" in result.alt_text
    assert "notice" in result.layout
    assert not result.placements


def test_long_names_wrap_inside_the_figure() -> None:
    long_name = "Digitale Verwaltungsdienstleistungen für Bürgerinnen und Bürger (Arbeitskreis)"
    data = ActorRingsData(
        municipality="Gemeinde mit einem außergewöhnlich langen Namen an der Schwäbischen Alb",
        groups=["Interessenvertretungen der Landwirtschaft und Forstwirtschaft", "Politik"],
        actors=[
            Actor(
                name=long_name,
                group="Interessenvertretungen der Landwirtschaft und Forstwirtschaft",
                ring=ring,
            )
            for ring in RING_KEYS
        ]
        + [Actor(name="Gemeinderat", group="Politik", ring="kern")],
    )
    result = render_actor_rings(data)
    for name, box in result.layout.items():
        assert box.x0 >= 0 and box.x1 <= result.width_px, name


def test_fonts_never_below_minimum(figures: list[Figure]) -> None:
    render_actor_rings(large_data())
    render_actor_rings(small_data())
    texts = [t for fig in figures for t in fig.findobj(Text) if t.get_text().strip()]
    assert texts
    assert min(t.get_fontsize() for t in texts) >= MIN_FONT_PT


def test_umlauts_render_without_missing_glyphs(figures: list[Figure]) -> None:
    result = render_actor_rings(small_data())  # filterwarnings=error turns glyph warnings red
    assert "Bürgermeisterin" in result.alt_text
    assert any("Königshofen" in t.get_text() for f in figures for t in f.findobj(Text))
