"""ETL for the tracker: curated CSVs in datasets/ -> validated -> DuckDB tables."""
