"""Ingest: read GDELT and ICEWS files in chunks and write event tables in the project schema
(local or Dask engine).

May import ``bilateral.data`` only.
"""
