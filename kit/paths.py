"""Where the kit's folders are.

Layer: bottom.  The project root is the folder holding the kit package and
pyproject.toml (an editable install, as ``make`` makes); environment
variables override each folder for users who run the kit on their own data.
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def project_root() -> Path:
    """The kit's project folder, or the current folder if the kit is installed elsewhere.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> (project_root() / "kit").is_dir()
    True
    """
    candidate = PACKAGE_DIR.parent
    if (candidate / "pyproject.toml").is_file():
        return candidate
    return Path.cwd()


def figures_dir() -> Path:
    """Where figures are saved: ``$KIT_FIGURES_DIR`` or ``<project>/figures``."""
    return Path(os.environ.get("KIT_FIGURES_DIR") or project_root() / "figures")


def cache_dir() -> Path:
    """Where derived data is cached: ``$KIT_CACHE_DIR`` or ``<project>/data/cache``."""
    return Path(os.environ.get("KIT_CACHE_DIR") or project_root() / "data" / "cache")


def data_dir() -> Path:
    """The bundled data: ``<project>/data``."""
    return project_root() / "data"


def use_figures_dir(directory: str | os.PathLike | None) -> Path:
    """Send this process's figures to ``directory`` (``None``: leave the default).

    A notebook's parameters cell names its output folder as ``OUTPUT_DIR``;
    this makes :func:`kit.save_figure` write there, so that figures of a
    researcher's own corpus never overwrite the bundled ones.

    Parameters
    ----------
    directory : path-like or None

    Returns
    -------
    pathlib.Path
        The figures folder now in use.

    Examples
    --------
    >>> use_figures_dir(None) == figures_dir()
    True
    """
    if directory is not None:
        os.environ["KIT_FIGURES_DIR"] = str(Path(directory).expanduser().resolve())
    return figures_dir()
