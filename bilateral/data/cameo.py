"""Reference tables for machine-coded event data, read from ``data/reference/``.

CAMEO codes are strings everywhere: ``010`` (make statement) is not ``10`` (demand).
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from bilateral.data.paths import REFERENCE_DIR


def _read(name: str) -> pd.DataFrame:
    sep = "\t" if name.endswith(".tsv") else ","
    return pd.read_csv(REFERENCE_DIR / name, sep=sep, dtype=str, keep_default_na=False)


@lru_cache(maxsize=1)
def root_codes() -> pd.DataFrame:
    """Return one row per CAMEO root code: name, domain, QuadClass (Schrodt's rule), mode."""
    roots = _read("cameo_root_codes.tsv")
    domains = _read("cameo_root_domain.csv")[["root_code", "root_name", "domain"]]
    table = roots.merge(domains, on="root_code", validate="one_to_one")
    quad = table["quad_schrodt_text_to_CAMEO"].astype(int)
    return table.assign(quad_class=quad.astype(str),
                        mode=quad.map({1: "verbal", 2: "material", 3: "verbal", 4: "material"}))


def describe_codes(codes: pd.Series) -> pd.DataFrame:
    """Return, for each CAMEO event code, whether it is one (two to four digits under a known
    root) and its root's ``domain``, ``mode`` and ``quad_class``, with a ``title`` such as
    ``"Consult (042)"``; rows keep the index of ``codes``."""
    roots = root_codes().set_index("root_code")
    root = codes.str[:2]
    found = roots.reindex(root)
    return pd.DataFrame({
        "valid": (codes.str.fullmatch("[0-9]{2,4}") & root.isin(roots.index)).to_numpy(),
        "domain": found["domain"].to_numpy(),
        "mode": found["mode"].to_numpy(),
        "quad_class": found["quad_class"].to_numpy(),
        "title": [f"{n} ({c})" for n, c in zip(found["root_name"], codes, strict=True)],
    }, index=codes.index)


@lru_cache(maxsize=1)
def goldstein() -> dict[str, str]:
    """Return CAMEO event code → Goldstein value (as text, e.g. ``"-0.1"``)."""
    table = _read("cameo_goldstein.tsv")
    return dict(zip(table["CAMEOEVENTCODE"], table["GOLDSTEINSCALE"], strict=True))


@lru_cache(maxsize=1)
def icews_country_iso3() -> dict[str, str]:
    """Return ICEWS country name → ISO 3166-1 alpha-3 code."""
    table = _read("icews_countrynames_iso3_cow.tsv")
    table = table[table["cameo_iso3"].str.fullmatch("[A-Z]{3}")]
    return dict(zip(table["icews_country_name"], table["cameo_iso3"], strict=True))


@lru_cache(maxsize=1)
def event_layouts() -> dict[str, tuple[str, ...]]:
    """Return format name → column names in file order (``event_columns.tsv``)."""
    table = _read("event_columns.tsv").assign(position=lambda t: t["position"].astype(int))
    return {fmt: tuple(part.sort_values("position")["name"])
            for fmt, part in table.groupby("format", sort=False)}


@lru_cache(maxsize=1)
def dataset_names() -> dict[str, str]:
    """Return format name → human name of the dataset, e.g. ``GDELT 1.0 daily update``."""
    table = _read("event_formats.csv")
    return dict(zip(table["format"], table["dataset_name"], strict=True))
