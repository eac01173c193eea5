"""The Streamlit app's pure helpers: data shaping, exports and transcript rendering."""
