"""notebooks/tour.ipynb runs top to bottom offline in the venv's own kernel (nbclient)."""
from __future__ import annotations

import nbformat
import pytest


@pytest.fixture(scope="module")
def tour(root):
    return root / "notebooks" / "tour.ipynb"


def test_tour_is_stored_without_outputs(tour):
    nb = nbformat.read(tour, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)


def test_tour_executes(tour):
    from nbclient import NotebookClient

    nb = nbformat.read(tour, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(tour.parent)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "<svg" in html and "农民工" in html  # the inline view
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "communities; modularity" in text
