"""Data: the schema, loading and validating event tables, countries, CAMEO reference, volume
files, and the report parameter spec with its value checks.

The lowest layer: it imports nothing else from ``bilateral``. Everything above may import it.
"""
