"""The areas (work areas and priorities): their rows, their names and descriptions in the reader's
language, and the names of each indicator's areas that chart frames and downloads carry. Reads
through `tracker.store`, kept by `tracker.cache`; no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from etl import figures
from tracker import i18n, store
from tracker.cache import built, key_of
from tracker.queries import Query, areas_param

# indicator_id -> the names of its areas by language (`names_by_indicator`)
AreasOf = Mapping[str, Mapping[str, str]]


def areas_query() -> Query:
    return (
        "SELECT area_id, kind, position, name_en, name_zh, description, description_zh FROM areas "
        "ORDER BY CASE kind WHEN 'work_area' THEN 0 ELSE 1 END, position",
        [],
    )


def indicator_areas_query(area_ids: Sequence[str]) -> Query:
    return (
        "SELECT ia.indicator_id, ia.area_id, a.name_en AS area_name, a.name_zh AS area_name_zh, "
        "a.kind AS area_kind, "
        "a.position AS area_position FROM indicator_areas ia JOIN areas a USING (area_id) "
        "WHERE list_contains(?::VARCHAR[], ia.area_id) "
        "ORDER BY a.kind DESC, a.position, ia.indicator_id",
        [areas_param(area_ids)],
    )


def areas() -> pd.DataFrame:
    return store.run(areas_query())


def all_area_ids() -> list[str]:
    return [str(a) for a in areas()["area_id"]]


def area_names(lang: str) -> dict[str, str]:
    """area_id -> its name in `lang`."""
    a = areas()
    column = "name_zh" if lang == "zh" else "name_en"
    return built(
        ("area_names", column), lambda: dict(zip(a["area_id"], a[column], strict=True)), lang=lang
    )


def area_descriptions(lang: str) -> dict[str, str]:
    """area_id -> its description in `lang` ("" where there is none)."""

    def make() -> dict[str, str]:
        return {
            r["area_id"]: "" if figures.missing(d := i18n.pick(r, "description", lang)) else str(d)
            for r in areas().to_dict("records")
        }

    return built(key_of("area_descriptions"), make, lang=lang)


def names_by_indicator(indicator_areas: pd.DataFrame) -> dict[str, dict[str, str]]:
    """indicator_id -> names of its areas (indicator_areas_query) by language: {"en": English
    names joined with "; ", "zh": Chinese names joined with "；"}."""
    # one pass over the rows (a pandas group per indicator took 2.5 s at 10^6 observations)
    names: dict[str, tuple[list[str], list[str]]] = {}
    for ind, en, zh in zip(
        indicator_areas["indicator_id"],
        indicator_areas["area_name"],
        indicator_areas["area_name_zh"],
        strict=True,
    ):
        found = names.setdefault(ind, ([], []))
        found[0].append(en)
        found[1].append(zh)
    return {ind: {"en": "; ".join(en), "zh": "；".join(zh)} for ind, (en, zh) in names.items()}


def indicator_area_names(area_ids: Sequence[str]) -> dict[str, dict[str, str]]:
    """`names_by_indicator` of the areas' indicators."""
    return built(
        key_of("area_labels", area_ids),
        lambda: names_by_indicator(store.run(indicator_areas_query(area_ids))),
        lang=None,  # both languages' names
    )


def area_cells(areas_of: AreasOf, indicator_id: str, lang: str) -> dict[str, str]:
    """The public `area` / `area_zh` cells and the `_area` shown in `lang`, of an indicator."""
    names = areas_of.get(indicator_id, {})
    return {
        "area": names.get("en", ""),
        "area_zh": names.get("zh", ""),
        "_area": names.get(lang, names.get("en", "")),
    }
