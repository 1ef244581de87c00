"""bilateral: how the relationship between two countries moved between cooperation and tension."""

__version__ = "0.2.0"
