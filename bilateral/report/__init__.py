"""Report: the words of a report — narrative, captions, Methods — and notebook display helpers.

May import ``bilateral.analysis`` and ``bilateral.data`` (not ``plots``: figures and words meet
only in the notebook, through ``bilateral.api``).
"""
