"""The URL-state mechanism itself (tracker/url_state.py), on a toy app of two declared
parameters: a single choice with an alias (`?style=`) and one checkbox per item (`?pick=`).
The app's own parameters (language, areas, horizon) are tested through dashboard.py in
test_pages.py, test_i18n.py, test_hostile.py and the browser tests."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

SCRIPT = """
import streamlit as st
from tracker import url_state

STYLES = ("plain", "bold-red")
ITEMS = ("a", "b", "c")


def parse_style(url):
    key = (url or "").strip().lower().replace("_", "-")  # bold_red is an alias of bold-red
    if not key:
        return "plain", None
    return (key, None) if key in STYLES else ("plain", url)


def style_widget(param, on_change, lang):
    st.radio("Style", options=list(param.options), key=param.key, on_change=on_change)


def parse_pick(url):
    asked = [p.strip() for value in url for p in value.split(",") if p.strip()]
    known = [i for i in ITEMS if i in [a.lower() for a in asked]]
    return (known or list(ITEMS)), [a for a in asked if a.lower() not in ITEMS]


def pick_widget(param, on_change, lang):
    for i in param.options:
        st.checkbox(i.upper(), key=param.key.format(i), on_change=on_change)


def notice(param, unknown, value, lang):
    st.warning(f"unknown {param.name}: {unknown!r}; showing {value!r}")


STYLE = url_state.Param(
    name="style", session_key="chosen_style", options=STYLES, key="style_radio",
    parse=parse_style, url_values=lambda v: [] if v == "plain" else [v],
    widget=style_widget, notice=notice,
)
PICK = url_state.Param(
    name="pick", session_key="chosen_items", options=ITEMS, key="pick_{}",
    parse=parse_pick, url_values=lambda v: [] if list(v) == list(ITEMS) else list(v),
    widget=pick_widget, notice=notice,
)
if st.session_state.pop("drop_widgets", False):  # as Streamlit does when a label changes
    for key in ("style_radio", "pick_a"):
        del st.session_state[key]
st.session_state["shown"] = (url_state.sync(STYLE, "en"), url_state.sync(PICK, "en"))
"""


def app(**query) -> AppTest:
    at = AppTest.from_string(SCRIPT, default_timeout=30)
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


def url(at: AppTest, name: str) -> list[str]:
    value = at.query_params.get(name, [])
    return [value] if isinstance(value, str) else list(value)


def warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


def test_the_address_sets_the_widget_and_gets_the_canonical_value_back():
    at = app(style="BOLD_RED", pick=["c", "A,b"])
    assert not at.exception
    assert at.radio(key="style_radio").value == "bold-red"
    assert at.session_state["shown"] == ("bold-red", ["a", "b", "c"])
    assert url(at, "style") == ["bold-red"]  # the alias, written back as the value
    assert url(at, "pick") == []  # every item: the default, nothing in the address
    assert warnings(at) == []


def test_an_unknown_value_is_noticed_until_the_reader_chooses():
    at = app(style="purple", pick=["c", "zz"])
    assert at.radio(key="style_radio").value == "plain"
    assert [at.checkbox(key=f"pick_{i}").value for i in "abc"] == [False, False, True]
    assert warnings(at) == [
        "unknown style: 'purple'; showing 'plain'",
        "unknown pick: ['zz']; showing ['c']",
    ]
    assert url(at, "style") == [] and url(at, "pick") == ["c"]  # the unknown ones dropped
    at.radio(key="style_radio").set_value("bold-red").run()
    assert warnings(at) == ["unknown pick: ['zz']; showing ['c']"]
    assert url(at, "style") == ["bold-red"]
    at.checkbox(key="pick_a").check().run()
    assert warnings(at) == []
    assert url(at, "pick") == ["a", "c"]


def test_an_address_without_the_parameter_keeps_the_sessions_choice():
    at = app()
    at.radio(key="style_radio").set_value("bold-red").run()
    at.checkbox(key="pick_b").uncheck().run()
    assert url(at, "style") == ["bold-red"] and url(at, "pick") == ["a", "c"]
    # A page switch drops the query; the choice stays and goes back into the address.
    for name in ("style", "pick"):
        del at.query_params[name]
    at.run()
    assert at.session_state["shown"] == ("bold-red", ["a", "c"])
    assert url(at, "style") == ["bold-red"] and url(at, "pick") == ["a", "c"]
    # Streamlit dropped the widgets' state (a label changed language) after a page switch:
    # the session's choice.
    for name in ("style", "pick"):
        del at.query_params[name]
    at.session_state["drop_widgets"] = True
    at.run()
    assert at.session_state["shown"] == ("bold-red", ["a", "c"])
    assert warnings(at) == []


def test_a_new_value_in_the_address_replaces_the_sessions_choice():
    at = app()
    at.radio(key="style_radio").set_value("bold-red").run()
    at.query_params["style"] = "plain"  # a shared link, or an edit of the address
    at.query_params["pick"] = "b"
    at.run()
    assert at.session_state["shown"] == ("plain", ["b"])
    assert url(at, "style") == [] and url(at, "pick") == ["b"]
