"""The Methods section: coding scheme, intensity scale and the formula of every measure shown."""

from __future__ import annotations

from bilateral.analysis.aggregate import AGGREGATE_ABOVE, LINE_SLICES, MAX_STEPS
from bilateral.analysis.measures import per_period
from bilateral.analysis.stats import bootstrap, change_rule, changepoints, direction, robustness
from bilateral.data.markup import escape_markdown as md
from bilateral.data.parameters import Parameters
from bilateral.data.schema import enum_values
from bilateral.report.numbers import share_words
from bilateral.report.prose import render


def methods_text(params: Parameters, *, machine_coded: bool, overlay: bool) -> str:
    """Return the Methods section as Markdown for the parameters the report was run with
    (prose: ``templates/methods.md.j2``)."""
    eras = ("decades" if not params.eras
            else "; ".join(f"{md(e)} from {s:%Y-%m-%d}" for s, e in params.eras))
    return render("methods.md.j2", domains=", ".join(enum_values("domain")),
                  per_period=per_period(params.period_years), period_years=params.period_years,
                  smooth_periods=params.smooth_periods, eras=eras,
                  label_events=params.label_events, machine_coded=machine_coded,
                  aggregate_above=f"{AGGREGATE_ABOVE:,}", max_steps=MAX_STEPS,
                  line_slices=f"{LINE_SLICES:,}", table_events=params.table_events,
                  overlay=overlay, overlay_normalise=params.overlay_normalise)


def statistics_methods_text(*, seed: int, machine_coded: bool) -> str:
    """Return the Methods text of the statistics (template ``methods_statistics.md.j2``).

    Its prose lives in the template; the numbers come from the constants the statistics use.
    """
    betas = {changepoints.BETA_TONE, changepoints.BETA_ACTIVITY}
    beta = (f"{changepoints.BETA_TONE:g}" if len(betas) == 1 else
            f"{changepoints.BETA_TONE:g} (tone) or {changepoints.BETA_ACTIVITY:g} (activity)")
    path = ", ".join(f"{m:g}" for m in changepoints.PENALTY_PATH)
    return render("methods_statistics.md.j2",
        min_segment_years=changepoints.MIN_SEGMENT_YEARS,
        min_segment_events=changepoints.MIN_SEGMENT_EVENTS, beta=beta, path=path,
        min_events=changepoints.MIN_EVENTS, min_years=changepoints.MIN_YEARS_WITH_EVENTS,
        n_boot=bootstrap.N_BOOT, seed=seed, level=f"{bootstrap.LEVEL:.0%}",
        min_period_events=bootstrap.MIN_EVENTS, n_specs=len(robustness.specifications()),
        n_era_specs=2 * len(robustness._loo.STATISTICS), n_break_specs=2,
        agreement=share_words(change_rule.MIN_AGREEMENT),
        stability=f"{change_rule.MIN_STABILITY:.0%}",
        min_months=direction.MIN_MONTHS_PER_DIRECTION,
        coverage=f"{direction.MIN_MONTH_COVERAGE:.0%}", machine_coded=machine_coded)
