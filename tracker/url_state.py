"""Settings kept in the page address (`?lang=zh`, `?area=...`, `?horizon=...`), declared once:
a `Param` names its URL parameter, how to read it (`parse`, aliases included), what the address
holds for a value (nothing for the default), its widget and its notice for an unknown value. One
mechanism keeps each in step three ways, address <-> widget <-> session:

- `from_address` (before the widget): a value the address asks for anew (a shared link, an edit)
  replaces the widget's; an address without the parameter (after a page switch, which drops the
  query) keeps the session's choice; Streamlit dropping the widget's state (its label changed
  language) restores it from the session.
- `show`: draws the widget, keeps its value in the session, writes it back to the address, and
  says so when the address asked for something unknown: the widget and notice are written in
  the language `show` is given (the run's, read first by `from_address(LANGUAGE)`).

Why not Streamlit's `bind="query-params"`: docs/architecture.md ("URL state").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from tracker import filters, i18n, routing, ui
from tracker.i18n import N_
from tracker.text import code, md

# What `parse` makes of the address: (the value, what was asked for that is not known).
Parsed = tuple[Any, Any]


@dataclass(frozen=True)
class Param:
    name: str  # in the address: ?name=...
    session_key: str  # the choice, kept across page switches
    options: Sequence[str]  # the values; with "{}" in `key`, the items of one checkbox each
    key: str  # the widget's key ("{}": one checkbox per option)
    parse: Callable[[Any], Parsed]  # the address's value (a tuple when `multiple`)
    url_values: Callable[[Any], list[str]]  # what the address holds for a value ([]: nothing)
    widget: Callable[[Param, Callable[[], None], str], None]  # draws it: (on_change, lang)
    notice: Callable[[Param, Any, Any, str], None]  # (param, unknown, value, lang): the warning

    @property
    def multiple(self) -> bool:
        return "{}" in self.key

    def widget_keys(self) -> list[str]:
        return [self.key.format(o) for o in self.options] if self.multiple else [self.key]

    def url(self) -> Any:
        """The address's value: every repetition when `multiple`, else the last one."""
        if self.multiple:
            return tuple(st.query_params.get_all(self.name))
        return st.query_params.get(self.name)

    def widget_value(self) -> Any:
        state = st.session_state
        if self.multiple:
            return [o for o in self.options if state[self.key.format(o)]]
        return state[self.key]

    def set_widget(self, value: Any) -> None:
        state = st.session_state
        if self.multiple:
            for o in self.options:
                state[self.key.format(o)] = o in value
        else:
            state[self.key] = value

    def no_unknown(self) -> Any:
        """What `parse` reports as unknown when the address asks for nothing."""
        return self.parse(() if self.multiple else None)[1]

    def clear_unknown(self) -> None:
        st.session_state[f"_{self.name}_unknown"] = self.no_unknown()


def from_address(param: Param) -> Any:
    """The parameter's value for this run, from the address or the session (module docstring),
    put in its widget's state before the widget is drawn and kept in the session."""
    state = st.session_state
    url, last = param.url(), state.get(f"_{param.name}_url", "")
    if not param.multiple:
        ui.keep_valid(param.key, param.options)
    missing = any(k not in state for k in param.widget_keys())
    if missing or (url and url != last):
        value, unknown = param.parse(url)
        if not (url and url != last) and param.session_key in state:
            value, unknown = state[param.session_key], param.no_unknown()
        param.set_widget(value)
        state[f"_{param.name}_unknown"] = unknown
    value = state[param.session_key] = param.widget_value()
    return value


def show(param: Param, lang: str) -> Any:
    """Draw the widget, keep its value in the session and the address, and warn of an unknown
    value the address asked for (their words in `lang`); the value."""
    state = st.session_state
    param.widget(param, param.clear_unknown, lang)
    value = state[param.session_key] = param.widget_value()
    wanted = param.url_values(value)
    write_url(param.name, wanted)
    state[f"_{param.name}_url"] = (
        tuple(wanted) if param.multiple else wanted[0] if len(wanted) == 1 else ""
    )
    if unknown := state.get(f"_{param.name}_unknown"):
        param.notice(param, unknown, value, lang)
    return value


def sync(param: Param, lang: str) -> Any:
    """`from_address`, then `show`: a parameter whose widget is drawn where it is read."""
    from_address(param)
    return show(param, lang)


def write_url(name: str, wanted: list[str]) -> None:
    """Put a value in the page address (a list repeats the parameter), or take the parameter out
    for the default (nothing wanted)."""
    if st.query_params.get_all(name) != wanted:
        if wanted:
            st.query_params[name] = wanted if len(wanted) > 1 else wanted[0]
        elif name in st.query_params:
            del st.query_params[name]


def _optional(value: str | None) -> list[str]:
    return [value] if value else []


# --- the language ---------------------------------------------------------------------------


def _language_widget(param: Param, on_change: Callable[[], None], lang: str) -> None:
    _ = i18n.words(lang)
    with st.sidebar:
        st.radio(
            _("Language"),
            options=list(param.options),
            format_func=i18n.LANGUAGES.__getitem__,
            key=param.key,
            horizontal=True,
            help=_("Kept in the page address (`?lang=zh`), so a link opens in the same language."),
            on_change=on_change,
        )


def _language_notice(param: Param, unknown: str, value: str, lang: str) -> None:
    message = N_(
        "Unknown language in the address: “{asked}”. Known: `en` (English), `zh` "
        "(简体中文). Showing English."
    )
    asked = md(routing.shown_address(unknown))
    # The notice in both languages: the reader asked for one we cannot tell.
    st.warning(
        "  \n".join(i18n.words(each)(message).format(asked=asked) for each in i18n.LANGUAGES),
        icon=":material/translate:",
    )


def _parse_lang(url: str | None) -> Parsed:
    choice = filters.parse_lang(url)
    return choice.lang, choice.unknown


LANGUAGE = Param(
    name=i18n.PARAM,
    session_key=i18n.SESSION_KEY,
    options=tuple(i18n.LANGUAGES),
    key="sidebar_lang",
    parse=_parse_lang,
    url_values=lambda lang: _optional(filters.lang_url_value(lang)),
    widget=_language_widget,
    notice=_language_notice,
)


# --- the target horizon ---------------------------------------------------------------------


def _horizon_widget(param: Param, on_change: Callable[[], None], lang: str) -> None:
    _ = i18n.words(lang)
    with st.sidebar:
        st.radio(
            _("Targets shown"),
            options=list(param.options),
            format_func={h: _(label) for h, label in filters.HORIZON_LABELS.items()}.__getitem__,
            key=param.key,
            help=_(
                "The 2025 goals of the press conference and the 14th Five-Year Plans, the "
                "targets set since for 2026-2030, or both. Kept in the page address "
                "(`?horizon=...`)."
            ),
            on_change=on_change,
        )


def _horizon_notice(param: Param, unknown: str, value: str, lang: str) -> None:
    _ = i18n.words(lang)
    st.warning(
        _(
            "Unknown target horizon in the address: “{asked}”. Known: {known}. Showing all targets."
        ).format(asked=md(unknown), known=_(", ").join(f"`{h}`" for h in param.options)),
        icon=":material/warning:",
    )


def _parse_horizon(url: str | None) -> Parsed:
    choice = filters.parse_horizon(url)
    return choice.horizon, choice.unknown


HORIZON = Param(
    name=filters.HORIZON_PARAM,
    session_key=filters.HORIZON_SESSION_KEY,
    options=tuple(filters.HORIZONS),
    key="sidebar_horizon",
    parse=_parse_horizon,
    url_values=lambda horizon: _optional(filters.horizon_url_value(horizon)),
    widget=_horizon_widget,
    notice=_horizon_notice,
)


# --- the areas: one checkbox each, grouped into work areas and priorities -------------------


def area_filter(kinds: dict[str, str], names: dict[str, str]) -> Param:
    """The area filter over the areas `kinds` (area id: "work_area" or "priority", in their
    order), named by `names`."""
    known = tuple(kinds)

    def parse(url: tuple[str, ...]) -> Parsed:
        parsed = filters.parse_areas(url, known)
        return parsed.selected, list(parsed.unknown)

    def widget(param: Param, on_change: Callable[[], None], lang: str) -> None:
        _ = i18n.words(lang)

        def select_all() -> None:
            param.set_widget(known)
            on_change()

        with st.sidebar:
            st.markdown(
                "**" + _("Areas shown") + "**",
                help=_(
                    "Every page shows only the indicators, targets and commitments of the "
                    "areas ticked here. The choice is kept in the page address (`?area=...`), "
                    "so a link opens with the same filter."
                ),
            )
            for kind, heading in (
                ("work_area", _("Work areas")),
                ("priority", _("Forward priorities")),
            ):
                st.caption(heading)
                for a in (a for a in known if kinds[a] == kind):
                    st.checkbox(md(names[a]), key=param.key.format(a), on_change=on_change)
            st.button(
                _("Select all areas"), key="sidebar_all", on_click=select_all, width="stretch"
            )

    def notice(param: Param, unknown: list[str], selected: list[str], lang: str) -> None:
        _ = i18n.words(lang)
        comma = _(", ")
        asked = comma.join(f"“{md(u)}”" for u in unknown)
        message = (
            _("Unknown area in the address: {unknown}. Known areas: {known}. Showing all areas.")
            if set(selected) == set(known)
            else _(
                "Unknown area in the address: {unknown}. Known areas: {known}. Showing the "
                "known areas asked for."
            )
        )
        st.warning(
            message.format(
                unknown=asked, known=comma.join(f"{md(names[a])} ({code(a)})" for a in known)
            ),
            icon=":material/warning:",
        )

    return Param(
        name="area",
        session_key=filters.AREAS_SESSION_KEY,
        options=known,
        key="sidebar_area_{}",
        parse=parse,
        url_values=lambda selected: filters.url_values(selected, known),
        widget=widget,
        notice=notice,
    )
