"""Distributed engines Airlock runs its engine-neutral definitions on (DuckDB is embedded)."""
