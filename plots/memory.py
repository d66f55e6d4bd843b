"""What an optimizer carries, drawn at one step on the map: from the point θ it stepped from, the gradient's
share of the step (−η·g), its memory (momentum's −η·b, Adam's −η·m̂), the step it took (Δθ), and for Adam and
RMSprop a box whose half-sides are the step's size in each coordinate, so a learner sees that Adam's steps stay
about η long whatever the slope."""

import numpy as np

GRADIENT, MEMORY = "#6C757D", "#7F3C8D"


def memory_marks(theta, arrows: list[tuple[str, np.ndarray, str]], box: np.ndarray | None, box_label: str) -> dict:
    """Annotations (an arrow from `theta` for each (label, vector, colour) of `arrows`, its label at its head;
    arrows that end together share one label: momentum's Δθ = −η·b) and shapes (the box of half-sides `box`
    around `theta`, labelled) for a map's layout."""
    x, y = (float(c) for c in theta)
    annotations, shapes = [], []
    heads: list[dict] = []
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
    if box is not None and np.all(np.isfinite(box)):
        half_x, half_y = (float(c) for c in box)
        shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "y",
                "x0": x - half_x,
                "x1": x + half_x,
                "y0": y - half_y,
                "y1": y + half_y,
                "line": {"color": MEMORY, "width": 1.5, "dash": "dot"},
            }
        )
        annotations.append({"x": x + half_x, "y": y + half_y, "xref": "x", "yref": "y", "showarrow": False,
                            "text": box_label, "font": {"color": MEMORY, "size": 13}, "xanchor": "left",
                            "yanchor": "bottom"})  # fmt: skip
    return {"annotations": annotations, "shapes": shapes}
