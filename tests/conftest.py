"""Shared test settings: a headless backend, and figures that never draw boxes."""
import os

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

# Analyses compute in every test: a result stored on disk by an earlier run
# would hide what a test checks.  The store's own tests turn it on.
os.environ["KIT_RESULT_CACHE"] = "0"
