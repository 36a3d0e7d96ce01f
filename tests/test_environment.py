"""pyproject.toml, environment.yml and requirements.lock name the same packages at the same versions."""
import re
import tomllib
from importlib import metadata
from pathlib import Path

import yaml

# Conda-only tools that pip has no package for, and the editable install itself.
CONDA_ONLY = {"python", "pip", "c-compiler"}


def _norm(name: str) -> str:
    name = re.sub(r"\[.*\]$", "", name.strip())  # dask[distributed] is the package dask
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(requirements) -> dict:
    pins = {}
    for requirement in requirements:
        name, sep, version = requirement.partition("==")
        assert sep, f"{requirement!r} is not pinned with =="
        pins[_norm(name)] = version.strip()
    return pins


def pyproject_pins() -> dict:
    project = tomllib.loads(Path("pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    return _pins(requirements)


def environment_pins() -> dict:
    env = yaml.safe_load(Path("environment.yml").read_text(encoding="utf-8"))
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pins.update(_pins(d for d in dep["pip"] if not d.startswith("-e")))
            continue
        name, _, version = dep.partition("=")
        if name not in CONDA_ONLY:
            pins[_norm(name)] = version
    return pins


def test_environment_yml_matches_pyproject():
    assert environment_pins() == pyproject_pins()


def test_lock_agrees_with_pyproject_pins():
    lock = Path("requirements.lock")
    locked = _pins(line for line in lock.read_text().splitlines() if line and not line.startswith("#"))
    for name, version in pyproject_pins().items():
        assert locked.get(name) == version, f"{name}: pyproject pins {version}, lock has {locked.get(name)}"


def test_installed_versions_are_the_pinned_ones():
    for name, version in pyproject_pins().items():
        assert metadata.version(name) == version, name
