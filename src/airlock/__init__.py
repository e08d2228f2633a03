"""Airlock: the company-approved door to AI."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("airlock")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = ["__version__"]
