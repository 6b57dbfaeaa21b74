"""Unspin Reader: restore what spun web articles really said."""

__version__ = "1.0.0"
