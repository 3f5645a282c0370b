"""The benchmark harness of issue 9: `make bench` / `make bench-quick` (see bench/run.py)."""
