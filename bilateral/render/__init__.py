"""Render: turn parameter files into executed notebooks, HTML and PDF, in parallel, with a
manifest and an index page.

May import ``bilateral.data`` only: it runs the notebook and does not import the analysis.
"""
