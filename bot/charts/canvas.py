"""Drawing surfaces for charts, all :data:`base.WIDTH_PX` wide, and their text drawn literally.

* :func:`pixel_axes` – a figure with one full-size axes, one data unit per pixel.
* :class:`TopDownCanvas` – collects drawing operations in pixels measured from the top and draws
  them once the height is known.
* :class:`PixelCanvas` – a figure of known height addressed in pixels from the bottom left that
  records the boxes of what it places.
* :class:`InchCanvas` – a full-figure axes in inches, y growing downwards; the height is set
  when the drawing is finished.
* :class:`InchScene` – texts, rectangles and arrows in inches measured from the top, drawn once
  the height is known.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import (
    Circle,
    Ellipse,
    FancyArrowPatch,
    FancyBboxPatch,
    Polygon,
    Rectangle,
)
from matplotlib.text import Text

from bot.charts.base import (
    BASE_FONT_PT,
    DPI,
    FONT_FAMILY,
    MUTED_COLOUR,
    PHONE_WIDTH_IN,
    RGB,
    TEXT_COLOUR,
    TITLE_FONT_PT,
    WIDTH_PX,
    Box,
    ChartResult,
    figure_to_png,
    new_figure,
    text_box,
    union,
)
from bot.charts.text import Font, InchMeasurer, draw_text


def pixel_axes(height_px: float) -> tuple[Figure, Axes]:
    """A figure ``height_px`` tall with one axes filling it: one data unit per pixel, origin
    bottom left, no axis lines."""
    fig = new_figure(height_px / DPI)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, WIDTH_PX)
    ax.set_ylim(0, height_px)
    ax.set_axis_off()
    return fig, ax


# --------------------------------------------------------------------------- top-down pixels

Op = Callable[[Axes, float], tuple[str, Artist] | None]


@dataclass
class TopDownCanvas:
    """Collects drawing operations in top-down pixel coordinates, renders them later."""

    ops: list[Op] = field(default_factory=list)

    def rect(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        *,
        key: str | None = None,
        radius: float = 0.0,
        zorder: float = 1,
        **style: Any,
    ) -> None:
        """A rectangle from (x0, y0) to (x1, y1), with rounded corners if ``radius``."""

        def op(ax: Axes, height: float) -> tuple[str, Artist] | None:
            if radius:
                patch = FancyBboxPatch(
                    (x0, height - y1),
                    x1 - x0,
                    y1 - y0,
                    boxstyle=f"round,pad=0,rounding_size={radius}",
                    zorder=zorder,
                    **style,
                )
            else:
                patch = Rectangle((x0, height - y1), x1 - x0, y1 - y0, zorder=zorder, **style)
            ax.add_patch(patch)
            return (key, patch) if key else None

        self.ops.append(op)

    def text(
        self,
        x: float,
        y: float,
        text: str,
        font: Font,
        *,
        key: str | None = None,
        ha: str = "left",
        va: str = "top",
        background: str | None = None,
    ) -> None:
        """``text`` anchored at (x, y); never parsed as math."""

        def op(ax: Axes, height: float) -> tuple[str, Artist] | None:
            artist = draw_text(ax, x, height - y, text, font, ha=ha, va=va, zorder=5)
            if background:
                artist.set_bbox(
                    {"boxstyle": "square,pad=0.15", "facecolor": background, "edgecolor": "none"}
                )
            return (key, artist) if key else None

        self.ops.append(op)

    def line(self, xs: list[float], ys: list[float], **style: Any) -> None:
        """A polyline through the points (xs[i], ys[i])."""

        def op(ax: Axes, height: float) -> None:
            ax.add_line(Line2D(xs, [height - y for y in ys], **{"zorder": 0.5, **style}))

        self.ops.append(op)

    def circle(self, x: float, y: float, radius: float, **style: Any) -> None:
        """A circle centred on (x, y)."""

        def op(ax: Axes, height: float) -> None:
            ax.add_patch(Circle((x, height - y), radius, zorder=3, **style))

        self.ops.append(op)

    def polygon(
        self, points: list[tuple[float, float]], *, key: str | None = None, **style: Any
    ) -> None:
        """A closed polygon through ``points``."""

        def op(ax: Axes, height: float) -> tuple[str, Artist] | None:
            patch = Polygon([(x, height - y) for x, y in points], closed=True, zorder=3, **style)
            ax.add_patch(patch)
            return (key, patch) if key else None

        self.ops.append(op)

    def render(self, height: int) -> tuple[bytes, dict[str, Box]]:
        """Draw everything on a figure ``height`` px tall; boxes of one key are merged."""
        fig, ax = pixel_axes(height)
        keyed = [result for op in self.ops if (result := op(ax, height)) is not None]
        layout: dict[str, Box] = {}
        for key, artist in keyed:
            box = text_box(fig, artist)
            layout[key] = union([layout[key], box]) if key in layout else box
        return figure_to_png(fig), layout


# --------------------------------------------------------------------------- bottom-up pixels


class PixelCanvas:
    """A figure addressed in pixels (origin bottom left) that records what it places."""

    def __init__(self, height: float) -> None:
        self.height = height
        self.fig = new_figure(height / DPI)
        self.layout: dict[str, Box] = {}

    def _xy(self, x: float, y: float) -> tuple[float, float]:
        return x / WIDTH_PX, y / self.height

    def text(self, x: float, y: float, s: str, key: str | None = None, **kwargs: Any) -> Box:
        """Place text (never parsed as math) and return its rendered box."""
        kwargs.setdefault("color", TEXT_COLOUR)
        artist = draw_text(self.fig, *self._xy(x, y), s, **kwargs)
        box = text_box(self.fig, artist)
        if key is not None:
            self.layout[key] = box
        return box

    def line(self, xs: tuple[float, float], ys: tuple[float, float], **kwargs: Any) -> None:
        """A straight line from (xs[0], ys[0]) to (xs[1], ys[1])."""
        self.fig.add_artist(
            Line2D(
                [x / WIDTH_PX for x in xs],
                [y / self.height for y in ys],
                transform=self.fig.transFigure,
                **kwargs,
            )
        )

    def rect(self, box: Box, key: str | None = None, **kwargs: Any) -> None:
        """A rectangle covering ``box``."""
        self.fig.add_artist(
            Rectangle(
                self._xy(box.x0, box.y0),
                (box.x1 - box.x0) / WIDTH_PX,
                (box.y1 - box.y0) / self.height,
                transform=self.fig.transFigure,
                **kwargs,
            )
        )
        if key is not None:
            self.layout[key] = box

    def panel(self, box: Box, **kwargs: Any) -> None:
        """A rectangle with rounded corners."""
        self.fig.add_artist(
            FancyBboxPatch(
                self._xy(box.x0, box.y0),
                (box.x1 - box.x0) / WIDTH_PX,
                (box.y1 - box.y0) / self.height,
                boxstyle="round,pad=0,rounding_size=0.012",
                mutation_aspect=WIDTH_PX / self.height,
                transform=self.fig.transFigure,
                **kwargs,
            )
        )

    def disc(self, x: float, y: float, diameter: float, colour: str) -> Box:
        """A filled circle centred on (x, y); returns its box."""
        self.fig.add_artist(
            Ellipse(
                self._xy(x, y),
                diameter / WIDTH_PX,
                diameter / self.height,
                transform=self.fig.transFigure,
                facecolor=colour,
                edgecolor="none",
            )
        )
        r = diameter / 2
        return Box(x - r, y - r, x + r, y + r)

    def result(self, alt_text: str) -> ChartResult:
        """The finished chart with everything recorded in :attr:`layout`."""
        return ChartResult.from_png(figure_to_png(self.fig), alt_text, self.layout)


# --------------------------------------------------------------------------- inches, y down


@dataclass
class InchCanvas:
    """A full-figure axes whose data units are inches, y growing downwards from the top.

    Texts are given by size in points and weight; :meth:`fit` and :meth:`size` measure them.
    """

    fig: Figure
    ax: Axes
    measurer: InchMeasurer = field(default_factory=InchMeasurer)

    @classmethod
    def create(cls) -> InchCanvas:
        """A canvas of provisional height; :meth:`finish` sets the real one."""
        fig = new_figure(4.0)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_axis_off()
        ax.set_xlim(0, PHONE_WIDTH_IN)
        return cls(fig, ax)

    def size(self, text: str, size: float, weight: str = "normal") -> tuple[float, float]:
        """Width and height (inches) of ``text`` as it will be drawn."""
        return self.measurer.size(text, size, weight)

    def fit(
        self, text: str, width_in: float, size: float, weight: str = "normal"
    ) -> tuple[str, float, float]:
        """``text`` wrapped to at most ``width_in`` inches; returns text, width, height."""
        return self.measurer.fit(text, width_in, size, weight)

    def text(self, x: float, y: float, s: str, size: float, **kwargs: Any) -> Text:
        """Text of ``size`` points anchored at (x, y), top-aligned unless ``va`` says otherwise;
        never parsed as math."""
        kwargs.setdefault("color", TEXT_COLOUR)
        kwargs.setdefault("va", "top")
        return draw_text(self.ax, x, y, s, fontsize=size, fontfamily=FONT_FAMILY, **kwargs)

    def finish(self, height_in: float) -> None:
        """Give the figure its final height (inches)."""
        self.fig.set_size_inches(PHONE_WIDTH_IN, height_in)
        self.ax.set_ylim(height_in, 0)


def inch_placeholder(title: str, message: str, margin: float) -> ChartResult:
    """A friendly chart for empty input: the title and a centred message (layout keys
    ``title`` and ``placeholder``)."""
    canvas = InchCanvas.create()
    title_text, _, title_h = canvas.fit(title, PHONE_WIDTH_IN - 2 * margin, TITLE_FONT_PT, "bold")
    title_artist = canvas.text(margin, margin, title_text, TITLE_FONT_PT, fontweight="bold")
    y = margin + title_h + 0.5
    message_artist = canvas.text(
        PHONE_WIDTH_IN / 2, y, message, BASE_FONT_PT + 2, ha="center", color=MUTED_COLOUR
    )
    canvas.finish(y + 0.9)
    layout = {
        "title": text_box(canvas.fig, title_artist),
        "placeholder": text_box(canvas.fig, message_artist),
    }
    return ChartResult.from_png(figure_to_png(canvas.fig), f"{title}: {message}.", layout)


# --------------------------------------------------------------------------- inches, planned

Colour = str | RGB


@dataclass
class SceneText:
    """A text block of ``pt`` points; ``y`` is inches from the top, the anchor per ``va``."""

    key: str
    x: float
    y: float
    text: str
    pt: float
    weight: str = "normal"
    colour: str = TEXT_COLOUR
    style: str = "normal"
    ha: str = "left"
    va: str = "top"


@dataclass
class SceneRect:
    """A rectangle; ``y`` is its top in inches from the top; rounded if ``rounding``."""

    key: str | None
    x: float
    y: float
    w: float
    h: float
    face: Colour
    edge: Colour = "none"
    lw: float = 0.0
    rounding: float = 0.0
    zorder: float = 1.0


@dataclass
class SceneArrow:
    """A vertical arrow at ``x`` from ``y0`` down to ``y1`` (inches from the top)."""

    key: str
    x: float
    y0: float
    y1: float
    colour: str


@dataclass
class InchScene:
    """Texts, rectangles and arrows planned in inches from the top; :meth:`draw` renders them
    once the height is known. Texts are drawn with ``linespacing``."""

    linespacing: float
    texts: list[SceneText] = field(default_factory=list)
    rects: list[SceneRect] = field(default_factory=list)
    arrows: list[SceneArrow] = field(default_factory=list)

    def draw(self, height: float) -> tuple[Figure, dict[str, Box]]:
        """Draw the scene on a new figure of ``height`` inches; returns figure and layout."""
        fig = new_figure(height)
        trans = fig.dpi_scale_trans
        artists: dict[str, Artist] = {}
        for rect in self.rects:
            anchor = (rect.x, height - rect.y - rect.h)
            style = {
                "facecolor": rect.face,
                "edgecolor": rect.edge,
                "linewidth": rect.lw,
                "transform": trans,
                "zorder": rect.zorder,
            }
            if rect.rounding:
                boxstyle = f"round,pad=0,rounding_size={rect.rounding}"
                patch = FancyBboxPatch(anchor, rect.w, rect.h, boxstyle=boxstyle, **style)
            else:
                patch = Rectangle(anchor, rect.w, rect.h, **style)
            fig.add_artist(patch)
            if rect.key:
                artists[rect.key] = patch
        for arrow in self.arrows:
            patch = FancyArrowPatch(
                (arrow.x, height - arrow.y0 - 0.02),
                (arrow.x, height - arrow.y1 + 0.02),
                arrowstyle="-|>,head_length=5,head_width=3.5",
                mutation_scale=1.6,
                color=arrow.colour,
                linewidth=2.0,
                shrinkA=0,
                shrinkB=0,
                transform=trans,
                zorder=3,
            )
            fig.add_artist(patch)
            artists[arrow.key] = patch
        for item in self.texts:
            artists[item.key] = draw_text(
                fig,
                item.x,
                height - item.y,
                item.text,
                Font(item.pt, item.weight, item.style, item.colour),
                transform=trans,
                ha=item.ha,
                va=item.va,
                linespacing=self.linespacing,
                zorder=4,
            )
        return fig, {key: text_box(fig, artist) for key, artist in artists.items()}
