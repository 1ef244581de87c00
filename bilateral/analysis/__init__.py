"""Analysis: selecting events and computing measures (periods, eras, turning points, overlay).

May import ``bilateral.data`` only. No plotting, no display, no wording for readers.
"""
