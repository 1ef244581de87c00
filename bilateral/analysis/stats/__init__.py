"""Statistics of an event table: tone and activity, change points, resampling intervals,
robustness over reasonable specifications, direction and reciprocity, and the one rule that
decides whether a difference may be called a change.

Modules: ``yearly`` (per-year and per-period tables), ``changepoints`` (PELT change points in
tone and activity), ``bootstrap`` (Poisson bootstrap per period and of differences),
``robustness`` (multiverse and leave-one-out flippers), ``direction`` (who acted; monthly VAR
reciprocity), ``change_rule`` (change / within noise / too few events) and ``summary`` (all of
them for one report, seeded). No I/O, no plotting, no wording beyond ``change_rule``'s phrases.

May import ``bilateral.data`` and third-party libraries only (not the rest of ``analysis``).
The methods, references and calibration are in ``bilateral/report/templates/`` and
``tests/test_stats_changepoints.py``.
"""
