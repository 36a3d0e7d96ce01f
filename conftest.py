"""Settings for the docstring examples of kit/, which pytest runs with the tests
(``--doctest-modules``): a headless matplotlib, and every figure an example
draws closed after it (an example shows the figure, it does not keep it)."""
import os

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(autouse=True)
def _close_figures_after_doctests(request):
    yield
    if type(request.node).__name__ == "DoctestItem":
        import matplotlib.pyplot as plt

        plt.close("all")
