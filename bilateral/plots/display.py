"""Show a figure in the notebook as a fixed-size image with its title as alt text."""

from __future__ import annotations

import io

from IPython.display import Image, Markdown, display
from matplotlib.figure import Figure
from matplotlib.pyplot import close

from bilateral.data.markup import escape_markdown
from bilateral.plots.style import FIGURE_DPI, SCREEN_PX_PER_IN


def show_figure(fig: Figure | None,
                when_empty: str = "Nothing to chart in this selection.") -> None:
    """Display a figure as a fixed-size PNG and close it; without one, say why in words."""
    if fig is None:
        display(Markdown(f"*{escape_markdown(when_empty)}*"))
        return
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=FIGURE_DPI)
    width_px = round(fig.get_figwidth() * SCREEN_PX_PER_IN)
    titles = [ax.get_title(loc) for ax in fig.axes for loc in ("left", "center")]
    alt = next((t for t in titles if t), "Chart")
    close(fig)
    display(Image(data=buffer.getvalue(), format="png", width=width_px, alt=alt))
