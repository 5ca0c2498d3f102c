"""Benchmarks: each workload timed against the same job done the fastest plain way."""
