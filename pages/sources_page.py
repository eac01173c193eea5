"""Sources & method: every source, the transcript with its figures, the status method, the
data dictionary and how to cite."""

import html

import pandas as pd
import streamlit as st

import etl.status
from etl import figures as fmt
from etl.schema import ALL_TABLES
from tracker import data, export, status_style, transcript, ui
from tracker.text import link, md

PRIMARY_SOURCE = "scio-2024-04-18"
sources = data.sources()
sources["date_text"] = [
    fmt.show_date(d, p)
    for d, p in zip(sources["published_on"], sources["date_precision"], strict=True)
]
ui.header(
    "Sources & method",
    "Where every figure comes from, how progress status is decided, what each table holds, and "
    "how to cite the dataset.",
    data.latest_date(zip(sources["published_on"], sources["date_precision"], strict=True)),
)

st.header("Sources", divider="gray")
st.caption(
    "Confidence: high, an official or state-media page read directly; medium, a reprint or "
    "mirror. Dates are shown to the precision the source gives (a month-only date: “Nov 2023”)."
)
# A list, not a table: titles are long and are what a reader needs whole.
st.markdown(
    "\n".join(
        f"- **{md(r['title'])}** · {md(r['publisher'])} · {r['date_text']} · "
        f"{md(r['confidence'])} confidence · {md(r['kind'])}, {md(r['language'])} · "
        f"{link(r['url'], r['url'])}"
        for r in sources.to_dict("records")
    )
)

st.header("Source texts with their quoted figures", divider="gray")
titles = dict(zip(sources["source_id"], sources["title"], strict=True))
ids = list(sources["source_id"])
chosen = st.selectbox(
    "Source",
    ids,
    index=ids.index(PRIMARY_SOURCE) if PRIMARY_SOURCE in ids else 0,
    format_func=lambda s: titles[s],
    key="sources_text_choice",
)
row = sources[sources["source_id"] == chosen].iloc[0]
records = data.quoted_records(chosen)
spans, figures = [], []
for r in records.to_dict("records"):
    if r["kind"] == "commitment":
        spans.append(
            {
                "quote": r["quote"],
                "figure": None,
                "label": f"{r['indicator_name']}: qualitative",
                "anchor": "",
                "kind": "commitment",
            }
        )
        continue
    shown = fmt.figure_text(r["value"], r["comparator"], r["unit"])
    label = f"{r['indicator_name']}: {shown} ({r['kind']})"
    anchor = f"figure-{r['kind']}-{ui.slug(r['record_id'])}"
    spans.append(
        {
            "quote": r["quote"],
            "figure": transcript.figure_text(r["quote"], r["value"], r["comparator"], r["unit"]),
            "label": label,
            "anchor": anchor,
            "kind": r["kind"],
        }
    )
    figures.append((anchor, r, shown))
try:
    body = transcript.highlight_html(data.source_text(row["text_file"]), spans)
except (OSError, ValueError) as exc:
    body = f"<p>The stored text could not be shown: {html.escape(str(exc))}</p>"
items = "".join(
    f'<li id="{a}"><b>{html.escape(r["indicator_name"])}</b>: {html.escape(shown)} '
    f"({'target, by ' + fmt.show_date(r['date']) if r['kind'] == 'target' else 'reported'})</li>"
    for a, r, shown in figures
)
st.caption(
    f"{md(row['title'])} · {md(row['publisher'])} · {row['date_text']} · "
    f"{link(row['url'], row['url'])}. "
    "Yellow: a reported figure; blue: a target. Each is linked to its entry in the list below "
    "the text; hover a quote for what it records."
)
st.html(
    f"<style>{transcript.TRANSCRIPT_CSS} .figure-list li {{margin-bottom: .3em}}</style>"
    f"<div>{body}</div>"
    + (
        f'<h4>Figures quoted from this source</h4><ul class="figure-list">{items}</ul>'
        if items
        else ""
    ),
    width="stretch",
)

st.header("How progress status is decided", divider="gray")
# The docstring without its first line, which only repeats the heading above.
method = (etl.status.__doc__ or "").split("\n\n", 1)[-1]
for status, look in status_style.STYLES.items():  # names, not ids, for readers
    method = method.replace(f"`{status}`", f"**{look.text}**")
st.markdown(method.replace("`trend`", "*trend*"))
st.table(
    pd.DataFrame(
        [{"Status": s.text, "Meaning": s.meaning} for s in status_style.STYLES.values()]
    ).set_index("Status")
)

st.header("Data dictionary", divider="gray")
for table in ALL_TABLES:
    with st.expander(f"{table.name}: {export.TABLE_DESCRIPTIONS.get(table.name, '')}"):
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "column": c.name,
                        "type": c.type,
                        "required": c.required,
                        "accepted values": ", ".join(c.accepted or ()),
                        "refers to": ".".join(c.references) if c.references else "",
                        "meaning": export.FIELD_DESCRIPTIONS.get(c.name, ""),
                    }
                    for c in table.columns
                ]
            ),
            hide_index=True,
            key=f"sources_dict_{table.name}",
        )
        st.caption(f"Key: {', '.join(table.key)}")

st.header("How to cite", divider="gray")
info = data.build_info()
st.markdown(export.CITATION)
st.code(
    f"{export.TITLE} (dataset), built {info.get('assessed_on', '')} from datasets "
    f"sha256 {info.get('datasets_sha256', '')[:12]}. "
    "Figures as stated by the sources listed in its sources table.",
    language=None,
    wrap_lines=True,
)
