"""Build step for the kit's one compiled module (everything else is in pyproject.toml).

kit/tokenization/_fastseg.pyx is the core of the kit's segmenter, compiled with
Cython (pinned in pyproject.toml's build requirements).
"""
from setuptools import Extension, setup

setup(ext_modules=[Extension("kit.tokenization._fastseg", ["kit/tokenization/_fastseg.pyx"])])
