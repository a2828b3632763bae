"""The period form's query parameters, for the hostile-input sweep
(tests/security/hostile_pages.py QUERY_PARAMS): every page of the report reads
them."""

PERIOD_PARAMS = ["period", "year", "quarter", "start", "end", "programme", "group"]
