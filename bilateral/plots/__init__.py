"""Plots: the matplotlib style, chart primitives, the report's figures and label placement.

May import ``bilateral.analysis`` and ``bilateral.data``.
"""
