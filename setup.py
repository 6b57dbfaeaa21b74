"""Packaging hook: the metadata is in pyproject.toml; this only maps data folders into the package.

The top-level resources/ and seeds/ folders stay the source of truth in the repository; a
wheel or sdist carries them, whole (every file, any sub-folder), as the package data
reader/_resources and reader/_seeds, which reader.resources finds with importlib.resources.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["reader", "reader.*"]), "reader._resources", "reader._seeds"],
    package_dir={"reader._resources": "resources", "reader._seeds": "seeds"},
    package_data={"reader._resources": ["**/*"], "reader._seeds": ["**/*"]},
)
