"""The floor: the least a Streamlit page with a chart can cost. One Plotly bar chart and one small
table, no database, no sidebar logic. `make bench` measures every page of the app against it, in
the same run, on the server (AppTest rerun) and in the browser (load until the chart has drawn)."""

import pandas as pd
import plotly.express as px
import streamlit as st

st.set_page_config(page_title="Floor", layout="wide")
st.title("Floor")
frame = pd.DataFrame({"area": ["A", "B", "C", "D", "E"], "value": [3, 1, 4, 1, 5]})
st.plotly_chart(px.bar(frame, x="area", y="value"), key="floor_chart")
st.dataframe(frame, hide_index=True)
