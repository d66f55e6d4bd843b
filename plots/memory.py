"""What an optimizer carries, drawn at one step: from the point θ it stepped from, the gradient's share of the
step (−η·g), its memory (momentum's −η·b, Adam's −η·m̂), the step it took (Δθ), and for Adam and RMSprop a box
whose half-sides are the step's size in each coordinate, so a learner sees that Adam's steps stay about η long
whatever the slope."""

from typing import NamedTuple

import numpy as np

GRADIENT, MEMORY = "#6C757D", "#7F3C8D"


class Memory(NamedTuple):
    """One step of one optimizer: where it stepped from, −η·g, its memory as (label, −η·vector) or None, the
    step Δθ and its colour, and the box of each coordinate's step (None: it scales no coordinate) with its label."""

    theta: np.ndarray
    gradient: np.ndarray
    carried: tuple[str, np.ndarray] | None
    step: np.ndarray
    color: str
    box: np.ndarray | None = None
    box_label: str = ""


def memory_marks(memory: Memory) -> dict:
    """Annotations (an arrow from θ for −η·g, the memory and Δθ, each labelled at its head; arrows that end
    together share one label: momentum's Δθ = −η·b) and shapes (the box, labelled) for a map's layout."""
    x, y = (float(c) for c in memory.theta)
    arrows = [("−η·g", memory.gradient, GRADIENT)]
    if memory.carried is not None:
        arrows.append((*memory.carried, MEMORY))
    arrows.append(("Δθ", memory.step, memory.color))
    annotations, shapes, heads = [], [], []
    for label, vector, color in arrows:
        dx, dy = (float(c) for c in vector)
        if not (np.isfinite(dx) and np.isfinite(dy)) or dx == dy == 0:
            continue
        annotations.append({"x": x + dx, "y": y + dy, "ax": x, "ay": y, "xref": "x", "yref": "y", "axref": "x",
                            "ayref": "y", "showarrow": True, "arrowhead": 3, "arrowwidth": 2.5, "arrowcolor": color,
                            "text": "", "name": label})  # fmt: skip
        same = [h for h in heads if np.allclose([h["x"], h["y"]], [x + dx, y + dy], rtol=1e-9, atol=1e-12)]
        if same:
            same[0]["text"] = f"{label} = {same[0]['text']}"
            continue
        heads.append({"x": x + dx, "y": y + dy, "xref": "x", "yref": "y", "showarrow": False, "text": label,
                      "font": {"color": color, "size": 15}, "xanchor": "left" if dx >= 0 else "right",
                      "bgcolor": "rgba(255,255,255,0.8)"})  # fmt: skip
    annotations.extend(heads)
    box = memory.box
    if box is not None and np.all(np.isfinite(box)):
        half_x, half_y = (float(c) for c in box)
        line = {"color": MEMORY, "width": 1.5, "dash": "dot"}
        shapes.append({"type": "rect", "xref": "x", "yref": "y", "x0": x - half_x, "x1": x + half_x,
                       "y0": y - half_y, "y1": y + half_y, "line": line})  # fmt: skip
        annotations.append({"x": x + half_x, "y": y + half_y, "xref": "x", "yref": "y", "showarrow": False,
                            "text": memory.box_label, "font": {"color": MEMORY, "size": 13}, "xanchor": "left",
                            "yanchor": "bottom"})  # fmt: skip
    return {"annotations": annotations, "shapes": shapes}
