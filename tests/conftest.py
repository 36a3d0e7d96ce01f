"""Shared test settings: a headless backend, and figures that never draw boxes."""
import os

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib  # noqa: E402

matplotlib.use("Agg")
