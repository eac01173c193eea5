"""The performance harness behind `make bench` (issue 11): the floor, server render per page,
browser load per page, the ETL, and scale on synthetic datasets. Times are reported, never
asserted. `python -m bench --help` for the options."""
